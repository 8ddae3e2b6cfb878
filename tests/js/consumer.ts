// A frontend consumer of the published types; type-checked by types.test.mjs (tsc --noEmit).
import {
  createHub,
  getHub,
  init,
  createParser,
  type HubEvent,
  type HealthReason,
  type HubHealth,
  type Readable,
  type TelemetryCode,
  type Transport,
} from 'sse-hub';

// React's and Svelte's store signatures, declared here to keep the check dependency-free.
declare function useSyncExternalStore<T>(
  subscribe: (onStoreChange: () => void) => () => void,
  getSnapshot: () => T,
): T;
type SvelteReadable<T> = {
  subscribe(run: (value: T) => void): (() => void) | { unsubscribe(): void };
};

declare const importMetaEnv: { VITE_ENABLE_SSE_HUB?: string };

export async function main(): Promise<void> {
  await init();
  const hub = getHub('/api/v1/events', {
    enabled: importMetaEnv.VITE_ENABLE_SSE_HUB === 'true',
    scope: { projectId: 'p1', topics: ['project.lifecycle', 'chat.*'] },
    getToken: async () => 'jwt',
    retry: { initialMs: 500, jitter: 'full' },
    heartbeat: { intervalMs: 15000, events: ['ping'] },
  });
  const health: HubHealth = useSyncExternalStore(hub.health.subscribe, hub.health.get);
  const label: 'Live' | 'Connecting…' | 'Offline' = health.label;
  const svelte: SvelteReadable<HubHealth> = hub.health;
  const readable: Readable<HubHealth> = hub.health;
  void [label, svelte, readable];

  type Lifecycle = { state: 'active' | 'archived' };
  const off = hub.subscribe<Lifecycle>(
    'project.lifecycle',
    (event: HubEvent<Lifecycle>) => {
      const state: 'active' | 'archived' = event.payload.state;
      void state;
    },
    {
      resourceId: 'p1',
      onSnapshot: (snapshot) => snapshot.items.forEach((item) => item.payload.state),
    },
  );
  const off2 = hub.subscribe('chat.*', (event) => event.topic);
  const stopPolling = hub.fallback(
    async ({ signal }) => {
      await fetch('/api/legacy', { signal });
    },
    { intervalMs: 10_000 },
  );
  hub.onTelemetry((t) => {
    const code: TelemetryCode = t.code;
    const reason: HealthReason = t.reason;
    console.log(code, reason, t.number, t.detail);
  });
  const reason: HealthReason = hub.health.get().reason;
  void reason;
  const connects: number = hub.metrics().connects;
  void connects;
  off();
  off2();
  stopPolling();
  hub.close();

  const custom: Transport = { open: (_request, sink) => (sink.closed(true), { close() {} }) };
  createHub({ url: 'wss://x', transport: custom, enabled: true }).close();

  const parser = createParser({ onEvent: (e) => console.log(e.type, e.data, e.lastEventId) });
  parser.feed(new Uint8Array([100, 97, 116, 97, 58, 10, 10]));
  parser.end();
  // @ts-expect-error topic filters are strings
  hub.subscribe(42, () => {});
  // @ts-expect-error options come after the callback
  hub.subscribe('x', { resourceId: 'p1' }, () => {});
  // @ts-expect-error page lifecycle inputs are not part of the API
  hub.network(false);
  // @ts-expect-error telemetry codes are a closed set
  const unknownCode: TelemetryCode = 'nope';
  void unknownCode;
}
