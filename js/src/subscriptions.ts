// The page's subscribers: registered with the core (which routes), and called with the
// events and snapshots the core's Deliver and Snapshot effects name.
import type { Core } from './core.js';
import type { EffectBatch } from './effects.js';
import { reportError } from './health.js';
import type { HubEvent, HubSnapshot } from './types.js';

interface Subscriber {
  id: number;
  readonly topic: string;
  readonly resourceId: string;
  readonly onEvent: (event: HubEvent) => void;
  readonly onSnapshot?: (snapshot: HubSnapshot) => void;
}

export class Subscriptions {
  private readonly byId = new Map<number, Subscriber>();
  /** Subscribed before the core loaded. */
  private readonly pending = new Set<Subscriber>();
  private core?: Core;
  private handle = 0;
  private lastTopic = '';

  /** New exact topics are reported here (an EventSource needs a listener per event type). */
  constructor(private readonly onExactTopic: (topic: string) => void) {}

  attach(core: Core, handle: number): void {
    this.core = core;
    this.handle = handle;
    for (const sub of this.pending) this.register(sub);
    this.pending.clear();
  }

  detach(): void {
    this.handle = 0;
    this.byId.clear();
    this.pending.clear();
  }

  /** The exact topics subscribed now. */
  exactTopics(): string[] {
    return [...this.byId.values()].map((s) => s.topic).filter((t) => !t.includes('*'));
  }

  add(
    topic: string,
    resourceId: string,
    onEvent: (event: HubEvent) => void,
    onSnapshot?: (snapshot: HubSnapshot) => void,
  ): () => void {
    const sub: Subscriber = { id: 0, topic, resourceId, onEvent, onSnapshot };
    if (this.handle) this.register(sub);
    else this.pending.add(sub);
    return () => {
      this.pending.delete(sub);
      if (sub.id && this.byId.get(sub.id) === sub) {
        this.byId.delete(sub.id);
        if (this.handle) this.core!.x.ssehub_hub_unsubscribe(this.handle, sub.id);
      }
    };
  }

  private register(sub: Subscriber): void {
    const core = this.core!;
    const h = this.handle;
    const topicSize = core.writeStrings(
      (n) => core.x.ssehub_hub_input(h, n),
      sub.topic,
      sub.resourceId,
    );
    const id = core.x.ssehub_hub_subscribe(h, topicSize, core.secondLength);
    if (!id) {
      reportError(new TypeError(`sse-hub: invalid topic filter "${sub.topic}"`));
      return;
    }
    sub.id = id;
    this.byId.set(id, sub);
    if (!sub.topic.includes('*')) this.onExactTopic(sub.topic);
  }

  /** Performs Deliver effect `i`: one event object, shared by every subscriber it names. */
  deliver(batch: EffectBatch, i: number): void {
    const raw = batch.str(i, 2);
    let payload: unknown = raw;
    if (batch.flag(i)) {
      try {
        payload = JSON.parse(raw);
      } catch {
        payload = raw;
      }
    }
    // A run of events on one topic shares one topic string.
    if (!batch.strEquals(i, 0, this.lastTopic)) this.lastTopic = batch.str(i, 0);
    const event: HubEvent = {
      topic: this.lastTopic,
      resourceId: batch.str(i, 1),
      payload,
      id: batch.str(i, 3),
      sequence: batch.number(i),
      emittedAt: batch.time(i),
    };
    const subs = batch.subs;
    const end = batch.subsFirst(i) + batch.subsCount(i);
    for (let s = batch.subsFirst(i); s < end; s++) {
      const sub = this.byId.get(subs[s]);
      if (!sub) continue;
      try {
        sub.onEvent(event);
      } catch (error) {
        reportError(error);
      }
    }
  }

  /** A Snapshot effect: its items are already filtered by each subscription's resource. */
  snapshot(topic: string, itemsJson: string, sequence: number, subs: Uint32Array): void {
    let items: HubEvent[] = [];
    try {
      const parsed: unknown = JSON.parse(itemsJson || '[]');
      if (Array.isArray(parsed)) items = parsed.map((e: Record<string, unknown>) => item(e, topic));
    } catch {
      // The core validated it; an unreadable snapshot is an empty one.
    }
    const snapshot: HubSnapshot = { topic, items, sequence };
    for (const id of subs) {
      const sub = this.byId.get(id);
      if (!sub?.onSnapshot) continue;
      try {
        sub.onSnapshot(snapshot);
      } catch (error) {
        reportError(error);
      }
    }
  }
}

function item(e: Record<string, unknown>, topic: string): HubEvent {
  return {
    topic: typeof e.topic === 'string' ? e.topic : topic,
    resourceId:
      typeof e.resourceId === 'string' || typeof e.resourceId === 'number'
        ? String(e.resourceId)
        : '',
    payload: e.payload,
    id: e.sequence !== undefined ? String(e.sequence) : '',
    sequence: typeof e.sequence === 'number' ? e.sequence : 0,
    emittedAt: typeof e.emittedAt === 'number' ? e.emittedAt : 0,
  };
}
