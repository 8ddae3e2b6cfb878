// A topic map the app declares once (`getHub<Topics>(...)`): topic name → payload type. The
// filters, events and payloads that subscribe() and the framework bindings infer from it.
// Types only: nothing here exists at run time.
import type { HubEvent } from './types.js';

/** Any topic to any payload: the map of a hub created without one. */
export type AnyTopics = Record<string, unknown>;

type Names<T> = keyof T & string;
/** Whether `T` names its topics (a declared map) or takes any string (no map). */
type Untyped<T> = string extends Names<T> ? true : false;

/** `a.b.c` → `a` | `a.b`: the prefixes a `prefix.*` filter may name. */
type Prefixes<K extends string> = K extends `${infer Head}.${infer Rest}`
  ? Head | `${Head}.${Prefixes<Rest>}`
  : never;

/** What `subscribe` accepts for map `T`: a topic of the map, `prefix.*` over some of them, `*`. */
export type TopicFilter<T> =
  Untyped<T> extends true ? string : Names<T> | `${Prefixes<Names<T>>}.*` | '*';

/** The topics of `T` that filter `F` matches (as the core's router does). */
export type TopicsOf<T, F extends string> = F extends '*'
  ? Names<T>
  : F extends `${infer P}.*`
    ? Extract<Names<T>, `${P}.${string}`>
    : Extract<Names<T>, F>;

/**
 * What a subscriber of filter `F` receives: for a wildcard, a union discriminated by `topic`
 * (`if (event.topic === 'chat.message') event.payload…`).
 */
export type TopicEvent<T, F extends string> =
  Untyped<T> extends true
    ? HubEvent<T[Names<T>]>
    : { [K in TopicsOf<T, F>]: HubEvent<T[K]> & { readonly topic: K } }[TopicsOf<T, F>];

/** The payload type of the events filter `F` matches. */
export type TopicPayload<T, F extends string> =
  Untyped<T> extends true ? T[Names<T>] : T[TopicsOf<T, F>];
