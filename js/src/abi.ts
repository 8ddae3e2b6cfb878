// Generated from wasm/boundary/abi.hpp by tools/abi_ts.cpp (`npm run abi`): do not edit.
// The CTest check abi_ts_fresh fails when this file is stale.

/** The module's layout fingerprint; init() refuses a .wasm with another. */
export const ABI_VERSION = 556741692;

// Effect records: EFFECT_WORDS float64 per effect; TEXT starts four (offset, length)
// pairs in UTF-16 units of the batch's text.
export const EFFECT_WORDS = 17;
export const EFFECT_KIND = 0;
export const EFFECT_FLAG = 1;
export const EFFECT_REASON = 2;
export const EFFECT_CODE = 3;
export const EFFECT_CONN = 4;
export const EFFECT_NUMBER = 5;
export const EFFECT_TIME = 6;
export const EFFECT_SUBS_OFFSET = 7;
export const EFFECT_SUBS_COUNT = 8;
export const EFFECT_TEXT = 9;
export const OPEN = 1;
export const CLOSE = 2;
export const TIMER = 3;
export const DELIVER = 4;
export const SNAPSHOT = 5;
export const HEALTH = 6;
export const FALLBACK = 7;
export const NEED_CREDENTIALS = 8;
export const TELEMETRY = 9;

// The health record: HEALTH_WORDS float64.
export const HEALTH_WORDS = 7;
export const HEALTH_STATE = 0;
export const HEALTH_REASON = 1;
export const HEALTH_SINCE = 2;
export const HEALTH_ATTEMPT = 3;
export const HEALTH_NEXT_RETRY_AT = 4;
export const HEALTH_LAST_EVENT_AT = 5;
export const HEALTH_HTTP_STATUS = 6;

/** The metrics block: one float64 per counter, in this order. */
export const METRICS = [
  'connects',
  'opens',
  'reconnects',
  'disconnects',
  'authFailures',
  'fallbackActivations',
  'events',
  'deliveries',
  'duplicates',
  'snapshots',
  'badFrames',
  'heartbeats',
  'stale',
  'bytes',
] as const;
/** The core's counters since the hub was created. */
export interface CoreMetrics {
  /** connection attempts */
  connects: number;
  /** streams that opened (200, text/event-stream) */
  opens: number;
  /** opens after the first */
  reconnects: number;
  /** open streams that ended */
  disconnects: number;
  /** 401, 403, token expiry, access revoked */
  authFailures: number;
  /** times fallbacks started polling */
  fallbackActivations: number;
  /** events received (once each, whatever the subscribers) */
  events: number;
  /** event × subscription deliveries */
  deliveries: number;
  /** events dropped as already seen */
  duplicates: number;
  /** snapshots applied */
  snapshots: number;
  /** oversize frames, bad JSON, malformed envelopes */
  badFrames: number;
  /** heartbeat comments and events */
  heartbeats: number;
  /** streams closed as silent */
  stale: number;
  /** stream bytes received */
  bytes: number;
}

// Parser records: PARSER_WORDS uint32 each.
export const PARSER_WORDS = 7;
export const PARSER_EVENT = 1;
export const PARSER_COMMENT = 2;
export const PARSER_RETRY = 3;
export const PARSER_ERROR = 4;
/** Parse error codes by numeric value. */
export const PARSE_ERRORS = ['frame_too_large'] as const;

/**
 * The hub's health states:
 * - `closed`: not started, or stopped
 * - `connecting`: the first connection of this start
 * - `healthy`: the stream is open: updates arrive as they happen
 * - `recovering`: reconnecting after a drop, below the retry threshold
 * - `degraded`: past the retry threshold, stale, offline or refused: fallbacks poll
 * - `disabled`: switched off by configuration: fallbacks poll
 */
export type HealthState =
  | 'closed'
  | 'connecting'
  | 'healthy'
  | 'recovering'
  | 'degraded'
  | 'disabled';
/** HealthState by numeric value. */
export const HEALTH_STATES: readonly HealthState[] = [
  'closed',
  'connecting',
  'healthy',
  'recovering',
  'degraded',
  'disabled',
];

/**
 * Why the hub is in its state (the last transition's cause):
 * - `none`: no transition yet
 * - `started`: start() was called
 * - `opened`: a stream opened
 * - `eof`: the server ended the stream
 * - `network_error`: the transport failed
 * - `connect_timeout`: no response in time
 * - `stale`: no bytes for heartbeat × staleFactor + grace
 * - `http_status`: an unexpected HTTP status (5xx, ...)
 * - `bad_content_type`: 200 without text/event-stream
 * - `unauthorized`: 401, after one attempt with fresh credentials
 * - `forbidden`: 403, or hub.error access_revoked: no retry until reconnect()
 * - `not_found`: 404: no retry until reconnect()
 * - `rate_limited`: 429: retried after Retry-After at the earliest
 * - `unavailable`: 503: retried after Retry-After at the earliest
 * - `token_expired`: hub.error token_expired: credentials are refreshed
 * - `server_error`: another hub.error code
 * - `credentials_failed`: getToken failed or returned nothing
 * - `offline`: the browser is offline
 * - `online`: the browser is back online
 * - `paused`: the tab is hidden and pauseWhenHidden is set
 * - `resumed`: the tab is visible again
 * - `stopped`: close() or stop
 * - `disabled`: the hub is not enabled
 */
export type HealthReason =
  | 'none'
  | 'started'
  | 'opened'
  | 'eof'
  | 'network_error'
  | 'connect_timeout'
  | 'stale'
  | 'http_status'
  | 'bad_content_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'token_expired'
  | 'server_error'
  | 'credentials_failed'
  | 'offline'
  | 'online'
  | 'paused'
  | 'resumed'
  | 'stopped'
  | 'disabled';
/** HealthReason by numeric value. */
export const REASONS: readonly HealthReason[] = [
  'none',
  'started',
  'opened',
  'eof',
  'network_error',
  'connect_timeout',
  'stale',
  'http_status',
  'bad_content_type',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'unavailable',
  'token_expired',
  'server_error',
  'credentials_failed',
  'offline',
  'online',
  'paused',
  'resumed',
  'stopped',
  'disabled',
];

/**
 * Telemetry from the core:
 * - `connect`: a connection attempt; number = attempt
 * - `disconnect`: an open stream ended; detail = why
 * - `auth_failure`: credentials refused; number = HTTP status, or 0 with detail = the hub.error code
 * - `fallback_on`: fallbacks start polling; detail = the reason
 * - `fallback_off`: fallbacks stop polling; detail = the reason
 * - `bad_frame`: a frame was dropped; detail = what was wrong
 * - `duplicate`: an event already seen was dropped; number = sequence
 * - `gap`: events were lost; number = the sequence a snapshot is current to
 * - `snapshot`: a snapshot replaced a topic's state; detail = topic
 * - `refused`: the server refused the stream; number = HTTP status
 * - `stale`: the stream went silent; number = ms since its last byte
 */
export type CoreTelemetryCode =
  | 'connect'
  | 'disconnect'
  | 'auth_failure'
  | 'fallback_on'
  | 'fallback_off'
  | 'bad_frame'
  | 'duplicate'
  | 'gap'
  | 'snapshot'
  | 'refused'
  | 'stale';
/** CoreTelemetryCode by numeric value (0 unused). */
export const TELEMETRY_CODES: readonly (CoreTelemetryCode | '')[] = [
  '',
  'connect',
  'disconnect',
  'auth_failure',
  'fallback_on',
  'fallback_off',
  'bad_frame',
  'duplicate',
  'gap',
  'snapshot',
  'refused',
  'stale',
];

/** The module's exports (pointers and handles are byte offsets into memory). */
export interface Exports {
  readonly memory: WebAssembly.Memory;
  _initialize(): void;
  ssehub_abi_version(): number;
  ssehub_scratch(size: number): number;
  ssehub_scratch_text(): number;
  ssehub_hub_create(configSize: number): number;
  ssehub_hub_destroy(hub: number): void;
  ssehub_hub_input(hub: number, size: number): number;
  ssehub_hub_start(hub: number, now: number): number;
  ssehub_hub_stop(hub: number, now: number): number;
  ssehub_hub_subscribe(hub: number, topicSize: number, resourceSize: number): number;
  ssehub_hub_unsubscribe(hub: number, sub: number): void;
  ssehub_hub_opened(hub: number, now: number, conn: number, status: number, contentTypeSize: number, retryAfterMs: number): number;
  ssehub_hub_received(hub: number, now: number, conn: number, size: number): number;
  ssehub_hub_closed(hub: number, now: number, conn: number, error: number): number;
  ssehub_hub_timer(hub: number, now: number): number;
  ssehub_hub_visibility(hub: number, now: number, hidden: number): number;
  ssehub_hub_frozen(hub: number, now: number, frozen: number): number;
  ssehub_hub_network(hub: number, now: number, online: number): number;
  ssehub_hub_credentials(hub: number, now: number, tokenSize: number): number;
  ssehub_hub_credentials_failed(hub: number, now: number): number;
  ssehub_hub_effects(hub: number): number;
  ssehub_hub_subs(hub: number): number;
  ssehub_hub_subs_size(hub: number): number;
  ssehub_hub_text(hub: number): number;
  ssehub_hub_text_size(hub: number): number;
  ssehub_hub_health(hub: number): number;
  ssehub_hub_metrics(hub: number): number;
  ssehub_parser_create(maxFrameBytes: number): number;
  ssehub_parser_destroy(parser: number): void;
  ssehub_parser_input(parser: number, size: number): number;
  ssehub_parser_feed(parser: number, size: number): number;
  ssehub_parser_end(parser: number): number;
  ssehub_parser_records(parser: number): number;
  ssehub_parser_text(parser: number): number;
  ssehub_parser_text_size(parser: number): number;
}
