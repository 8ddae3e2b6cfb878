// sse-hub/react: the hub in React 18 and 19. Hooks over useSyncExternalStore; the hub is a
// plain argument (a module's `getHub<Topics>(…)`) or comes from a <HubProvider> that owns it.
import {
  createContext,
  createElement,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
  type ReactElement,
  type ReactNode,
} from 'react';
import {
  holdHub,
  latestPayload,
  TopicStore,
  type TopicLatest,
  type TopicReducer,
} from './bindings.js';
import type { Hub } from './hub.js';
import { getHub } from './registry.js';
import type { AnyTopics, TopicEvent, TopicFilter, TopicPayload } from './topics.js';
import type { HubEvent, HubHealth, HubOptions, Readable } from './types.js';

export type { TopicLatest, TopicReducer } from './bindings.js';

const HubContext = createContext<Hub | null>(null);

// Layout effects warn during server rendering (React 18); effects are late in the browser.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

export interface HubProviderProps {
  /** The stream endpoint: the provider uses the tab's hub for it (`getHub(url, options)`). */
  url: string;
  /** Used when the hub is created (the first provider or getHub call for `url`). */
  options?: Omit<HubOptions, 'url'>;
  children?: ReactNode;
}

/**
 * The tab's hub for `url`, open while a provider of it is mounted, for {@link useHub} below;
 * it closes when the last provider of it unmounts (StrictMode's unmount and remount keep the
 * one stream). Code outside React that shares the hub shares that lifetime.
 */
export function HubProvider({ url, options, children }: HubProviderProps): ReactElement {
  const hub = getHub(url, options); // the same hub on every render until it is closed
  useEffect(() => holdHub(hub), [hub]);
  return createElement(HubContext.Provider, { value: hub }, children);
}

/** The hub of the nearest {@link HubProvider}; `T` is the app's topic map. */
export function useHub<T extends object = AnyTopics>(): Hub<T> {
  const hub = useContext(HubContext);
  if (!hub) throw new Error('sse-hub/react: useHub() needs a <HubProvider> above it');
  return hub as Hub<T>;
}

/** The hub's health (`label`: Live / Connecting… / Offline); re-renders when it changes. */
export function useHubHealth(hub: { readonly health: Readable<HubHealth> }): HubHealth {
  return useSyncExternalStore(hub.health.subscribe, hub.health.get, hub.health.get);
}

/**
 * A topic's state: `initial`, then each event folded in by `reduce`; a snapshot after a gap
 * resets it to its items folded onto `initial`. `reduce` may change between renders (the
 * latest is used); a new hub, topic or resource starts again from `initial`.
 */
export function useTopic<T extends object, F extends TopicFilter<T>, S>(
  hub: Hub<T>,
  topic: F,
  options: TopicReducer<TopicEvent<T, F>, S>,
): S;
/** A topic's latest payload (undefined until one arrives; a snapshot's latest item). */
export function useTopic<T extends object, F extends TopicFilter<T>>(
  hub: Hub<T>,
  topic: F,
  options?: TopicLatest,
): TopicPayload<T, F> | undefined;
export function useTopic<S>(
  hub: Hub,
  topic: string,
  options: Partial<TopicReducer<HubEvent, S>> = {},
): S {
  const reduce = useRef(options.reduce);
  useIsomorphicLayoutEffect(() => {
    reduce.current = options.reduce;
  });
  const resourceId = options.resourceId ?? '';
  const store = useMemo(
    () =>
      new TopicStore<S>(hub, topic, {
        resourceId,
        initial: options.initial,
        reduce: (state, event) => (reduce.current ?? latestPayload)(state, event),
      }),
    // `initial` is read when the topic starts, like useState's initial value.
    [hub, topic, resourceId],
  );
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
