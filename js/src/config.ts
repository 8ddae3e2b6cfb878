// HubOptions → the core's Config as JSON (camelCase; everything but url optional).
import type { HubOptions, HubScope } from './types.js';

export type TransportKind = 'fetch' | 'eventsource' | 'custom';

/** `enabled` as a boolean or as an environment string (`VITE_ENABLE_SSE_HUB`). */
export function truthy(value: boolean | string | undefined): boolean {
  return typeof value === 'string' ? /^(true|1|on|yes)$/i.test(value.trim()) : value === true;
}

function scopeParams(scope: HubScope | undefined): Record<string, string> | undefined {
  if (!scope) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(scope)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

export function configJson(options: HubOptions, transport: TransportKind): string {
  return JSON.stringify({
    url: options.url,
    scope: scopeParams(options.scope),
    protocol: options.protocol,
    retry: options.retry,
    heartbeat: options.heartbeat,
    enabled: truthy(options.enabled),
    useCredentials: typeof options.getToken === 'function',
    refreshBeforeExpiryMs: options.refreshBeforeExpiryMs,
    connectTimeoutMs: options.connectTimeoutMs,
    pauseWhenHidden: options.pauseWhenHidden,
    maxFrameBytes: options.maxFrameBytes,
    lastEventIdQuery:
      options.lastEventIdQuery ?? (transport === 'eventsource' ? 'lastEventId' : undefined),
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 32),
  });
}
