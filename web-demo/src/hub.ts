// The page's one hub. Every store subscribes to it; with VITE_ENABLE_SSE_HUB false it opens
// nothing, reports `disabled`, and every store's fallback polls instead.
import { getHub, type Hub, type HubScope } from 'sse-hub';
import { tokenFor } from './api';
import type { Session } from './session';
import { writable } from './store';

export const HUB_FLAG = import.meta.env.VITE_ENABLE_SSE_HUB ?? 'false';
export const HUB_ENABLED = /^(true|1|on|yes)$/i.test(String(HUB_FLAG).trim());

const params = new URLSearchParams(location.search);

/** The legacy polling cadence (ms); `?pollMs=` changes it (tests use a short one). */
export function pollInterval(legacyMs: number): number {
  const override = Number(params.get('pollMs'));
  return override > 0 ? override : legacyMs;
}

/** Optional stream scope from the address bar: ?projectId=&documentId=&sectionId=&topics=. */
export function scopeFromUrl(): HubScope | undefined {
  const scope: Record<string, string> = {};
  for (const key of ['projectId', 'documentId', 'sectionId', 'topics'] as const) {
    const value = params.get(key);
    if (value) scope[key] = value;
  }
  return Object.keys(scope).length ? scope : undefined;
}

/**
 * `?auth=token&ttl=30`: the stream authenticates with short-lived bearer tokens (test mode)
 * instead of the session cookie, so a person can watch the hub refresh them.
 */
export function tokenAuth(): { ttlSeconds: number } | null {
  if (params.get('auth') !== 'token') return null;
  return { ttlSeconds: Math.max(5, Number(params.get('ttl')) || 60) };
}

/**
 * A simulated network outage for this tab's stream only: while on, the hub's connects fail
 * like a dead network, so a person can watch it retry, degrade to polling and recover
 * (hubd's own refusals carry a Retry-After that keeps the hub waiting instead).
 */
export const outage = writable(false);

// The tab has one stream: the controller of the latest connect is enough to cut it.
let current: AbortController | null = null;

const streamFetch: typeof fetch = (input, init) => {
  if (outage.get()) return Promise.reject(new TypeError('simulated network outage'));
  const controller = new AbortController();
  init?.signal?.addEventListener('abort', () => controller.abort(init.signal!.reason));
  current = controller;
  return fetch(input, { ...init, signal: controller.signal });
};

outage.subscribe((on) => {
  if (on) current?.abort(new TypeError('simulated network outage'));
});

export function startHub(session: Session | null): Hub {
  const auth = tokenAuth();
  const user = session?.user;
  return getHub('/api/v1/events', {
    enabled: HUB_FLAG,
    scope: scopeFromUrl(),
    // Retry defaults are the seeds' (1 s doubling to 30 s, full jitter; polling after three
    // failed attempts, seed 002 AC7), so no `retry` option here.
    // Each connect (and each refresh the hub asks for) gets a new short-lived token.
    getToken: auth && user ? () => tokenFor(user, auth.ttlSeconds, true) : undefined,
    fetch: streamFetch,
  });
}
