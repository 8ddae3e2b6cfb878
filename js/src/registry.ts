// One hub per tab per URL: getHub() is how every store of a page shares one stream.
import { Hub } from './hub.js';
import type { AnyTopics } from './topics.js';
import type { HubOptions } from './types.js';

// Symbol.for: one registry per tab even if two copies of this package are bundled.
const REGISTRY = Symbol.for('sse-hub.hubs');
function registry(): Map<string, Hub> {
  const g = globalThis as { [REGISTRY]?: Map<string, Hub> };
  return (g[REGISTRY] ??= new Map());
}

function registryKey(url: string): string {
  const base = (globalThis as { location?: Location }).location?.href;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/**
 * A new hub (prefer {@link getHub}: one stream per tab per URL). `T`: the app's topic map,
 * declared once (`createHub<{ 'chat.message': Message }>(…)`), from which events are typed.
 */
export function createHub<T extends object = AnyTopics>(options: HubOptions): Hub<T> {
  return new Hub<T>(options);
}

/**
 * The tab's hub for `url`, created with `options` on first use (or after the last one was
 * closed); later callers share it (their options are ignored). `T`: the app's topic map.
 */
export function getHub<T extends object = AnyTopics>(
  url: string,
  options: Omit<HubOptions, 'url'> = {},
): Hub<T> {
  const map = registry();
  const key = registryKey(url);
  let hub = map.get(key);
  if (!hub || hub.closed) {
    hub = new Hub({ ...options, url });
    map.set(key, hub);
  }
  return hub as Hub<T>;
}
