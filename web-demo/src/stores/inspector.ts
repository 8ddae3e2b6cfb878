// What the hub is doing: the last events, the health timeline, telemetry and counters.
import type { Hub, HubHealth, HubMetrics, HubTelemetry } from 'sse-hub';
import { writable } from '../store';

export interface SeenEvent {
  kind: 'event' | 'snapshot';
  topic: string;
  resourceId: string;
  sequence: number;
  id: string;
  arrivedAt: number;
  emittedAt: number;
  detail: string;
}

const KEEP = 40;

export function createInspectorStore(hub: Hub) {
  const events = writable<SeenEvent[]>([]);
  const timeline = writable<HubHealth[]>([]);
  const telemetry = writable<HubTelemetry[]>([]);
  const metrics = writable<HubMetrics>(hub.metrics());
  const push = <T>(list: T[], item: T) => [item, ...list].slice(0, KEEP);

  hub.subscribe(
    '*',
    (e) =>
      events.update((list) =>
        push(list, {
          kind: 'event',
          topic: e.topic,
          resourceId: e.resourceId,
          sequence: e.sequence,
          id: e.id,
          arrivedAt: Date.now(),
          emittedAt: e.emittedAt,
          detail: '',
        }),
      ),
    {
      onSnapshot: (s) =>
        events.update((list) =>
          push(list, {
            kind: 'snapshot',
            topic: s.topic,
            resourceId: '',
            sequence: s.sequence,
            id: '',
            arrivedAt: Date.now(),
            emittedAt: 0,
            detail: `${s.items.length} item(s)`,
          }),
        ),
    },
  );
  hub.health.subscribe((h) => {
    if (!h.since) return; // the placeholder before the core starts
    timeline.update((list) =>
      list[0]?.state === h.state && list[0]?.reason === h.reason
        ? [h, ...list.slice(1)]
        : push(list, h),
    );
  });
  hub.onTelemetry((t) => telemetry.update((list) => push(list, t)));
  setInterval(() => metrics.set(hub.metrics()), 1000);

  return { events, timeline, telemetry, metrics };
}

export type InspectorStore = ReturnType<typeof createInspectorStore>;
