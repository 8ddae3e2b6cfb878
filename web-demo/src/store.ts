// A writable store with the same shape as sse-hub's Readable (get + subscribe).
import type { Readable } from 'sse-hub';

export interface Writable<T> extends Readable<T> {
  set(value: T): void;
  update(fn: (value: T) => T): void;
}

export function writable<T>(initial: T): Writable<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const store: Writable<T> = {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      listener(value);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener(value);
    },
    update: (fn) => store.set(fn(value)),
  };
  return store;
}

/** Where a store's latest state came from, for the "via stream / via polling" hints. */
export type Source = 'initial' | 'stream' | 'snapshot' | 'poll' | 'action';
