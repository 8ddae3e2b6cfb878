// The public types: the .d.ts built from this file (and abi.ts, for the core's name
// tables) is the API reference.
import type { CoreMetrics, CoreTelemetryCode, HealthReason, HealthState } from './abi.js';
import type { InitOptions } from './core.js';
import type { Transport } from './transport.js';

export type { CoreMetrics, CoreTelemetryCode, HealthReason, HealthState } from './abi.js';
export { HEALTH_STATES as HealthStates } from './abi.js';

export type HealthLabel = 'Live' | 'Connecting…' | 'Offline';

/** One immutable snapshot; a new object on every change (safe for useSyncExternalStore). */
export interface HubHealth {
  readonly state: HealthState;
  /** Why the hub is in this state, e.g. `network_error`, `unauthorized`, `stale`. */
  readonly reason: HealthReason;
  /** When the state was entered (ms since the epoch). */
  readonly since: number;
  /** Consecutive failed connection attempts. */
  readonly attempt: number;
  /** When the next reconnect is due, or null. */
  readonly nextRetryAt: number | null;
  /** When the last byte of a stream arrived, or null. */
  readonly lastEventAt: number | null;
  /** HTTP status of the last refusal, or null. */
  readonly httpStatus: number | null;
  /** Live / Connecting… / Offline. */
  readonly label: HealthLabel;
  /** One line for a tooltip. */
  readonly explanation: string;
}

/** A readable store: React `useSyncExternalStore(store.subscribe, store.get)`, Svelte `$store`. */
export interface Readable<T> {
  get(): T;
  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void;
}

/** What a subscriber receives: one object per event, shared by all its subscribers. */
export interface HubEvent<P = unknown> {
  readonly topic: string;
  /** "" when the event names no resource. */
  readonly resourceId: string;
  /** Parsed once when the data is JSON, else the raw string. */
  readonly payload: P;
  /** The SSE id ("" when none). */
  readonly id: string;
  /** The hub sequence (0 for plain SSE servers). */
  readonly sequence: number;
  /** When the server emitted it (ms since the epoch, 0 when unknown). */
  readonly emittedAt: number;
}

/** A topic's state replacing what a store holds (after a gap the replay buffer lost). */
export interface HubSnapshot<P = unknown> {
  readonly topic: string;
  /** Latest envelope per resource (only the subscribed resource when one was given). */
  readonly items: readonly HubEvent<P>[];
  /** The sequence the snapshot is current to. */
  readonly sequence: number;
}

export interface SubscribeOptions<P = unknown> {
  /** Only this resource's events (and snapshot items). */
  resourceId?: string;
  /**
   * The topic's state after a gap the server's replay buffer could not fill: replace what
   * the store holds with `snapshot.items`. Without it a store misses what the gap held.
   */
  onSnapshot?: (snapshot: HubSnapshot<P>) => void;
}

/**
 * Telemetry codes: the core's ({@link CoreTelemetryCode}) and the package's own:
 * - `load_error`: the Wasm core failed to load (detail = the error); fallbacks poll
 * - `config_error`: the options were refused (detail = why); fallbacks poll
 * - `credentials_error`: `getToken` threw (detail = the error)
 */
export type TelemetryCode = CoreTelemetryCode | 'load_error' | 'config_error' | 'credentials_error';

export interface HubTelemetry {
  readonly code: TelemetryCode;
  /** The health reason the event relates to (`none` when it relates to none). */
  readonly reason: HealthReason;
  readonly number: number;
  readonly detail: string;
  /** When it happened (ms since the epoch). */
  readonly at: number;
}

export interface HubMetrics extends CoreMetrics {
  /** Disconnects by reason (from telemetry). */
  disconnectReasons: Record<string, number>;
}

export interface RetryOptions {
  initialMs?: number;
  factor?: number;
  maxMs?: number;
  jitter?: 'full' | 'equal' | 'decorrelated' | 'none';
  /** Consecutive failures before `degraded` (and fallback polling). */
  attemptsBeforeDegraded?: number;
}

export interface HeartbeatOptions {
  intervalMs?: number;
  staleFactor?: number;
  graceMs?: number;
  /** Named events that only prove liveness (comments always do). */
  events?: string[];
}

/**
 * Query parameters that narrow the stream, whatever the server calls them (hubd: `topics`,
 * `projectId`, ...). Arrays are comma-joined; `undefined` values are left out.
 */
export type HubScope = Readonly<Record<string, string | number | readonly string[] | undefined>>;

export interface TokenRequest {
  /** Why: `started`/`opened` before a connect, `unauthorized` after a 401, `token_expired`… */
  reason: HealthReason;
}

export interface HubOptions {
  /** Stream endpoint, e.g. `/api/v1/events` (absolute in node). */
  url: string;
  /** Query parameters narrowing the stream. */
  scope?: HubScope;
  /** Bearer token source: called before each connect, after a 401, and before a JWT's exp. */
  getToken?: (
    request: TokenRequest,
  ) => string | null | undefined | Promise<string | null | undefined>;
  /** Extra request headers (fetch transport). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Cookie policy: `include` for cross-origin cookie sessions. Default `same-origin`. */
  credentials?: RequestCredentials;
  /** `fetch` (default: headers work), `eventsource` (cookie-only servers) or your own. */
  transport?: 'fetch' | 'eventsource' | Transport;
  protocol?: 'envelope' | 'plain';
  retry?: RetryOptions;
  heartbeat?: HeartbeatOptions;
  /** Close the stream while the tab is hidden. */
  pauseWhenHidden?: boolean;
  /**
   * Off by default. In a Vite app: `enabled: import.meta.env.VITE_ENABLE_SSE_HUB === 'true'`
   * (the string itself is accepted too). Disabled: nothing opens, health is `disabled`,
   * fallbacks poll.
   */
  enabled?: boolean | string;
  connectTimeoutMs?: number;
  refreshBeforeExpiryMs?: number;
  maxFrameBytes?: number;
  /** Query parameter carrying the resume id (EventSource cannot send Last-Event-ID). */
  lastEventIdQuery?: string;
  /** Jitter seed (default random). */
  seed?: number;
  /** Wire `visibilitychange`/`online`/`offline`/`freeze`/`resume`/`pageshow`. Default true. */
  pageLifecycle?: boolean;
  /** Custom fetch (tests, instrumentation). */
  fetch?: typeof fetch;
  /** Custom EventSource constructor (e.g. the `eventsource` package in node). */
  EventSource?: EventSourceConstructor;
  /** Wasm location when no `init()` ran first. */
  wasm?: InitOptions;
}

export type EventSourceConstructor = new (
  url: string | URL,
  init?: { withCredentials?: boolean },
) => EventSource;

export interface FallbackOptions {
  /** Cadence while polling (default 30 000 ms). */
  intervalMs?: number;
  /** Poll as soon as polling turns on (default true). */
  immediate?: boolean;
  /** Errors thrown or rejected by `poll` (default: ignored, the cadence continues). */
  onError?: (error: unknown) => void;
}

export type PollFunction = (context: { signal: AbortSignal }) => unknown;
