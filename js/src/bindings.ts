// What the framework bindings (react.ts, vue.ts, svelte.ts) share, so that React's useTopic,
// Vue's useTopic and Svelte's topicStore mean the same thing: a topic's state as a readable
// store, and a hub held open by the components that own it.
import { reportError } from './health.js';
import type { Hub } from './hub.js';
import type { HubEvent, Readable } from './types.js';

/** A topic's state derived from its events: `useTopic(hub, topic, { reduce, initial })`. */
export interface TopicReducer<E, S> {
  /** Only this resource's events (and snapshot items). */
  resourceId?: string;
  /** The next state from the state and one event (a pure function: return a new value). */
  reduce: (state: S, event: E) => S;
  /** The state before the first event, and what a snapshot's items are folded onto. */
  initial: S;
}

/** The latest payload of a topic: `useTopic(hub, topic)`. */
export interface TopicLatest {
  /** Only this resource's events (and snapshot items). */
  resourceId?: string;
}

export const latestPayload = <S>(_state: S, event: HubEvent): S => event.payload as S;

const bySequence = (a: HubEvent, b: HubEvent) => a.sequence - b.sequence;

/**
 * A topic's state: `initial`, then each event folded in by `reduce`; a snapshot replaces it
 * with its items (in sequence order) folded onto `initial`. The hub subscription starts with
 * the first listener and ends after the last; a new start begins again from `initial` (what
 * happened meanwhile was not seen).
 */
export class TopicStore<S> implements Readable<S> {
  private state: S;
  private readonly listeners = new Set<(state: S) => void>();
  private off?: () => void;

  constructor(
    private readonly hub: Hub,
    private readonly topic: string,
    private readonly options: Partial<TopicReducer<HubEvent, S>>,
  ) {
    this.state = options.initial as S;
  }

  readonly get = (): S => this.state;

  readonly subscribe = (listener: (state: S) => void): (() => void) => {
    // A wrapper per subscription: the same listener may subscribe twice (Svelte allows it).
    const entry = (state: S) => listener(state);
    if (!this.listeners.size) this.start();
    this.listeners.add(entry);
    listener(this.state);
    return () => {
      if (this.listeners.delete(entry) && !this.listeners.size) this.stop();
    };
  };

  private start(): void {
    const { resourceId, initial, reduce = latestPayload } = this.options;
    this.state = initial as S;
    this.off = this.hub.subscribe(this.topic, (event) => this.set(reduce(this.state, event)), {
      resourceId,
      onSnapshot: (snapshot) =>
        this.set([...snapshot.items].sort(bySequence).reduce(reduce, initial as S)),
    });
  }

  private stop(): void {
    this.off?.();
    this.off = undefined;
  }

  private set(state: S): void {
    if (Object.is(state, this.state)) return;
    this.state = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        reportError(error);
      }
    }
  }
}

const holders = new WeakMap<Hub, number>();

/**
 * Holds `hub` open for a component that owns it; the returned function lets go. The hub
 * closes when its last holder lets go, a task later: an unmount and a mount in the same task
 * (React StrictMode's, a remount under a new key) keep the one stream.
 */
export function holdHub(hub: Hub): () => void {
  holders.set(hub, (holders.get(hub) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const left = holders.get(hub)! - 1;
    holders.set(hub, left);
    if (!left) setTimeout(() => holders.get(hub) || hub.close(), 0);
  };
}
