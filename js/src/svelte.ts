// sse-hub/svelte: a topic's state as a Svelte store (`$projects` in a component). Svelte's
// store contract is plain JavaScript, so nothing here imports svelte. The hub's health is a
// store already: `const health = hub.health`, then `$health.label`.
import { TopicStore, type TopicLatest, type TopicReducer } from './bindings.js';
import type { Hub } from './hub.js';
import type { TopicEvent, TopicFilter, TopicPayload } from './topics.js';
import type { HubEvent, Readable } from './types.js';

export type { TopicLatest, TopicReducer } from './bindings.js';

/**
 * A topic's state, as useTopic in sse-hub/react and sse-hub/vue: `initial`, then each event
 * folded in by `reduce`; a snapshot after a gap resets it to its items folded onto `initial`.
 * The hub subscription lasts from the first store subscriber to the last; a new first
 * subscriber starts again from `initial`.
 */
export function topicStore<T extends object, F extends TopicFilter<T>, S>(
  hub: Hub<T>,
  topic: F,
  options: TopicReducer<TopicEvent<T, F>, S>,
): Readable<S>;
/** A topic's latest payload (undefined until one arrives; a snapshot's latest item). */
export function topicStore<T extends object, F extends TopicFilter<T>>(
  hub: Hub<T>,
  topic: F,
  options?: TopicLatest,
): Readable<TopicPayload<T, F> | undefined>;
export function topicStore<S>(
  hub: Hub,
  topic: string,
  options: Partial<TopicReducer<HubEvent, S>> = {},
): Readable<S> {
  return new TopicStore(hub, topic, options);
}
