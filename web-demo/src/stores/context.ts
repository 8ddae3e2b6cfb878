// What every store is built from: the page's hub, who is signed in, and the legacy polling
// wrapper that records each poll for the inspector.
import type { Hub, HubEvent, HubSnapshot } from 'sse-hub';
import { ApiError } from '../api';
import { pollInterval } from '../hub';
import type { Session } from '../session';
import { writable } from '../store';

export interface Context {
  hub: Hub;
  session: Session;
  testMode: boolean;
}

/** Every legacy poll the page makes, per store (the inspector shows them). */
export const pollLog = writable<{ total: number; byStore: Record<string, number>; last: string }>({
  total: 0,
  byStore: {},
  last: '',
});

/**
 * The store's legacy polling read, run by the hub only while it is degraded or disabled.
 * Returns the function that stops it.
 */
export function legacyPoll(
  hub: Hub,
  name: string,
  legacyMs: number,
  poll: (signal: AbortSignal) => Promise<unknown>,
): () => void {
  const stop = hub.fallback(
    ({ signal }) => {
      pollLog.update((log) => ({
        total: log.total + 1,
        byStore: { ...log.byStore, [name]: (log.byStore[name] ?? 0) + 1 },
        last: `${name} at ${new Date().toLocaleTimeString()}`,
      }));
      return poll(signal);
    },
    {
      intervalMs: pollInterval(legacyMs),
      onError: (error) => {
        // Asking again will not make a 403 readable.
        if (forbidden(error)) stop();
      },
    },
  );
  return stop;
}

export function forbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** Subscribes to several topics with one handler; returns one unsubscribe function. */
export function subscribeAll<P>(
  hub: Hub,
  topics: string[],
  resourceId: string | undefined,
  onEvent: (event: HubEvent<P>) => void,
  onSnapshot?: (snapshot: HubSnapshot<P>) => void,
): () => void {
  const offs = topics.map((topic) => hub.subscribe<P>(topic, onEvent, { resourceId, onSnapshot }));
  return () => offs.forEach((off) => off());
}

/** Re-binds a store to a new resource: tears down the old subscriptions first. */
export function rebinder(): (offs: (() => void)[]) => void {
  let current: (() => void)[] = [];
  return (offs) => {
    current.forEach((off) => off());
    current = offs;
  };
}
