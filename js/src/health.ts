// The health store and its words for people. States and reasons come from the core.
import {
  HEALTH_ATTEMPT,
  HEALTH_HTTP_STATUS,
  HEALTH_LAST_EVENT_AT,
  HEALTH_NEXT_RETRY_AT,
  HEALTH_REASON,
  HEALTH_SINCE,
  HEALTH_STATE,
  HEALTH_STATES,
  REASONS,
} from './abi.js';
import type { HealthLabel, HealthReason, HealthState, HubHealth, Readable } from './types.js';

const key = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

// Why a connection is down, as the end of a sentence; keys are normalized reason names.
const causes: Record<string, string> = {
  eof: 'the server ended the stream',
  networkerror: 'the network failed',
  connecttimeout: 'the server did not answer in time',
  stale: 'the stream went silent',
  httpstatus: 'the server returned an error',
  badcontenttype: 'the server did not answer with an event stream',
  unauthorized: 'the sign-in was refused',
  forbidden: 'access to these updates was refused',
  notfound: 'the update stream was not found',
  ratelimited: 'too many connections are open',
  unavailable: 'the server is busy',
  tokenexpired: 'the session expired',
  servererror: 'the server reported an error',
  credentialsfailed: 'no sign-in credentials were available',
  offline: 'the device is offline',
  paused: 'the tab is hidden',
  resumed: 'the tab was resumed',
  stopped: 'the hub was stopped',
};

export function describe(
  state: string,
  reason: string,
  attempt: number,
): {
  label: HealthLabel;
  explanation: string;
} {
  const cause = causes[key(reason)];
  switch (state) {
    case 'healthy':
      return { label: 'Live', explanation: 'Connected: updates arrive as they happen.' };
    case 'connecting':
      return { label: 'Connecting…', explanation: 'Connecting to live updates…' };
    case 'recovering':
      return {
        label: 'Connecting…',
        explanation: `Reconnecting${cause ? ` because ${cause}` : ''}${attempt > 1 ? ` (attempt ${attempt})` : ''}…`,
      };
    case 'degraded':
      return {
        label: 'Offline',
        explanation: `Live updates are unavailable${cause ? ` because ${cause}` : ''}; refreshing periodically instead.`,
      };
    case 'disabled':
      return {
        label: 'Offline',
        explanation: 'Live updates are turned off; refreshing periodically instead.',
      };
    default:
      return { label: 'Offline', explanation: 'Not connected to live updates.' };
  }
}

export function makeHealth(
  state: HealthState,
  reason: HealthReason,
  since: number,
  attempt: number,
  nextRetryAt: number,
  lastEventAt: number,
  httpStatus: number,
): HubHealth {
  return Object.freeze({
    state,
    reason,
    since,
    attempt,
    nextRetryAt: nextRetryAt > 0 ? nextRetryAt : null,
    lastEventAt: lastEventAt > 0 ? lastEventAt : null,
    httpStatus: httpStatus > 0 ? httpStatus : null,
    ...describe(state, reason, attempt),
  });
}

/** The core's health record as a HubHealth: `previous` itself when nothing changed. */
export function healthFrom(v: Float64Array, previous: HubHealth): HubHealth {
  const state = HEALTH_STATES[v[HEALTH_STATE]] ?? 'closed';
  const reason = REASONS[v[HEALTH_REASON]] ?? 'none';
  if (
    previous.state === state &&
    previous.reason === reason &&
    previous.since === v[HEALTH_SINCE] &&
    previous.attempt === v[HEALTH_ATTEMPT] &&
    (previous.nextRetryAt ?? 0) === v[HEALTH_NEXT_RETRY_AT] &&
    (previous.lastEventAt ?? 0) === v[HEALTH_LAST_EVENT_AT] &&
    (previous.httpStatus ?? 0) === v[HEALTH_HTTP_STATUS]
  ) {
    return previous;
  }
  return makeHealth(
    state,
    reason,
    v[HEALTH_SINCE],
    v[HEALTH_ATTEMPT],
    v[HEALTH_NEXT_RETRY_AT],
    v[HEALTH_LAST_EVENT_AT],
    v[HEALTH_HTTP_STATUS],
  );
}

/** A value with listeners; methods are bound so they can be passed around bare. */
export class Store<T> implements Readable<T> {
  private value: T;
  private readonly listeners = new Set<(value: T) => void>();

  constructor(initial: T) {
    this.value = initial;
  }

  readonly get = (): T => this.value;

  readonly subscribe = (listener: (value: T) => void): (() => void) => {
    // A wrapper per subscription: the same listener may subscribe twice (Svelte allows it).
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    listener(this.value);
    return () => {
      this.listeners.delete(entry);
    };
  };

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        reportError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** A listener's exception must not break the hub: report it where the platform does. */
export function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(error);
}
