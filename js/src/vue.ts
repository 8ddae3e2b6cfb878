// sse-hub/vue: the hub in Vue 3 as composables. Call them in setup() (or an effectScope):
// each cleans up in onScopeDispose. The hub is a plain argument (a module's
// `getHub<Topics>(…)`) or comes from provideHub() in an ancestor that owns it.
import {
  inject,
  onScopeDispose,
  provide,
  shallowRef,
  toValue,
  watch,
  type InjectionKey,
  type MaybeRefOrGetter,
  type ShallowRef,
} from 'vue';
import { holdHub, TopicStore, type TopicLatest, type TopicReducer } from './bindings.js';
import type { Hub } from './hub.js';
import { getHub } from './registry.js';
import type { AnyTopics, TopicEvent, TopicFilter, TopicPayload } from './topics.js';
import type { HubEvent, HubHealth, HubOptions, Readable } from './types.js';

export type { TopicLatest, TopicReducer } from './bindings.js';

const HUB: InjectionKey<Hub> = Symbol('sse-hub');

/**
 * The tab's hub for `url` (`getHub(url, options)`), open while a component that provided it
 * is mounted, for {@link useHub} in its descendants; it closes when the last of them unmounts.
 * Code outside Vue that shares the hub shares that lifetime.
 */
export function provideHub<T extends object = AnyTopics>(
  url: string,
  options?: Omit<HubOptions, 'url'>,
): Hub<T> {
  const hub = getHub<T>(url, options);
  provide(HUB, hub);
  onScopeDispose(holdHub(hub));
  return hub;
}

/** The hub an ancestor provided with {@link provideHub}; `T` is the app's topic map. */
export function useHub<T extends object = AnyTopics>(): Hub<T> {
  const hub = inject(HUB, null);
  if (!hub) throw new Error('sse-hub/vue: useHub() needs provideHub() in an ancestor');
  return hub as Hub<T>;
}

/** The hub's health (`label`: Live / Connecting… / Offline) as a ref. */
export function useHubHealth(hub: {
  readonly health: Readable<HubHealth>;
}): Readonly<ShallowRef<HubHealth>> {
  const health = shallowRef(hub.health.get());
  onScopeDispose(hub.health.subscribe((value) => (health.value = value)));
  return health;
}

/**
 * A topic's state as a ref: `initial`, then each event folded in by `reduce`; a snapshot after
 * a gap resets it to its items folded onto `initial`. `topic` and `resourceId` may be refs or
 * getters: a change starts again from `initial`.
 */
export function useTopic<T extends object, F extends TopicFilter<T>, S>(
  hub: Hub<T>,
  topic: MaybeRefOrGetter<F>,
  options: VueOptions<TopicReducer<TopicEvent<T, F>, S>>,
): Readonly<ShallowRef<S>>;
/** A topic's latest payload as a ref (undefined until one arrives; a snapshot's latest item). */
export function useTopic<T extends object, F extends TopicFilter<T>>(
  hub: Hub<T>,
  topic: MaybeRefOrGetter<F>,
  options?: VueOptions<TopicLatest>,
): Readonly<ShallowRef<TopicPayload<T, F> | undefined>>;
export function useTopic<S>(
  hub: Hub,
  topic: MaybeRefOrGetter<string>,
  options: VueOptions<Partial<TopicReducer<HubEvent, S>>> = {},
): Readonly<ShallowRef<S>> {
  const state = shallowRef(options.initial as S);
  let off: (() => void) | undefined;
  const stop = watch(
    () => [toValue(topic), toValue(options.resourceId) ?? ''] as const,
    ([name, resourceId]) => {
      off?.();
      const store = new TopicStore(hub, name, { ...options, resourceId });
      off = store.subscribe((value) => (state.value = value));
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    stop();
    off?.();
  });
  return state;
}

/** The options with a reactive `resourceId`. */
export type VueOptions<O extends { resourceId?: string }> = Omit<O, 'resourceId'> & {
  resourceId?: MaybeRefOrGetter<string | undefined>;
};
