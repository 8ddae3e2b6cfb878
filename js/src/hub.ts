// A hub: one core handle, one stream, any number of subscribers. This file performs the
// core's effects and nothing else; every protocol decision is the core's.
import { Core, init, loadedCore } from './core.js';
import { Store, makeHealth, reportError } from './health.js';
import { pageState, watchPage, type PageInputs } from './lifecycle.js';
import {
  eventSourceTransport,
  fetchTransport,
  type Transport,
  type TransportConnection,
  type TransportSink,
} from './transport.js';
import type {
  FallbackOptions,
  HealthState,
  HubEvent,
  HubHealth,
  HubMetrics,
  HubOptions,
  HubSnapshot,
  HubTelemetry,
  PollFunction,
  Readable,
  SubscribeHandlers,
  SubscribeOptions,
} from './types.js';

// Effect records: 17 float64 each (see wasm/bindings.cpp).
const REC = 17;
const KIND = 0,
  FLAG = 1,
  REASON = 2,
  CODE = 3,
  CONN = 4,
  NUMBER = 5,
  TIME = 6;
const SUBS_OFF = 7,
  SUBS_N = 8,
  TEXT = 9;
const OPEN = 1,
  CLOSE = 2,
  TIMER = 3,
  DELIVER = 4,
  SNAPSHOT = 5,
  HEALTH = 6,
  FALLBACK = 7,
  NEED_CREDENTIALS = 8,
  TELEMETRY = 9;

const METRIC_KEYS = [
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

interface Subscriber {
  id: number;
  readonly topic: string;
  readonly resourceId: string;
  readonly onEvent: (event: HubEvent) => void;
  readonly onSnapshot?: (snapshot: HubSnapshot) => void;
}

interface Poller {
  readonly poll: PollFunction;
  readonly intervalMs: number;
  readonly immediate: boolean;
  readonly onError?: (error: unknown) => void;
  timer?: ReturnType<typeof setTimeout>;
  abort?: AbortController;
  active: boolean;
  stopped: boolean;
}

// What a finalizer may free: nothing here refers to the hub itself.
interface Resources {
  core?: Core;
  handle: number;
  timer?: ReturnType<typeof setTimeout>;
  unwatch?: () => void;
  /** Open transports by connection id. */
  readonly conns: Map<number, TransportConnection>;
}

function release(res: Resources): void {
  for (const connection of res.conns.values()) connection.close();
  res.conns.clear();
  clearTimeout(res.timer);
  res.timer = undefined;
  res.unwatch?.();
  res.unwatch = undefined;
  if (res.core && res.handle) {
    res.core.m._ssehub_hub_destroy(res.handle);
    res.core.live.hubs--;
  }
  res.handle = 0;
}

const finalizer = new FinalizationRegistry<Resources>(release);

/** `buffer` if it holds `size` elements, else a new one twice as large as needed. */
function fit<T extends Float64Array | Uint32Array>(buffer: T, size: number): T {
  if (buffer.length >= size) return buffer;
  return new (buffer.constructor as new (n: number) => T)(size * 2);
}

const INITIAL: HubHealth = makeHealth('closed', 'none', 0, 0, 0, 0, 0);

function truthy(value: boolean | string | undefined): boolean {
  return typeof value === 'string' ? /^(true|1|on|yes)$/i.test(value.trim()) : value === true;
}

function scopeJson(scope: HubOptions['scope']): Record<string, string> | undefined {
  if (!scope) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(scope)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

/** The core's Config as JSON (camelCase, everything but url optional). */
export function configJson(
  options: HubOptions,
  transport: 'fetch' | 'eventsource' | 'custom',
): string {
  return JSON.stringify({
    url: options.url,
    scope: scopeJson(options.scope),
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

export class Hub implements PageInputs {
  readonly url: string;
  /** Connection health; see {@link HubHealth}. */
  readonly health: Readable<HubHealth>;
  /** Resolves once the core is loaded and started (rejects if the Wasm failed to load). */
  readonly ready: Promise<void>;

  private readonly options: HubOptions;
  private readonly transport: Transport;
  private readonly healthStore = new Store<HubHealth>(INITIAL);
  private readonly res: Resources = { handle: 0, conns: new Map() };
  private readonly self = new WeakRef<Hub>(this);
  private core?: Core;
  private closed = false;
  private readonly subs = new Map<number, Subscriber>();
  private readonly pending = new Set<Subscriber>();
  private readonly pollers = new Set<Poller>();
  private readonly telemetry = new Set<(t: HubTelemetry) => void>();
  private readonly disconnectReasons: Record<string, number> = {};
  private polling = false;
  private recBuf = new Float64Array(64 * REC);
  private subBuf = new Uint32Array(64);
  private lastTopic = '';
  private credentialRequest = 0;
  // Inputs that arrive while a batch is being performed wait for it: effects stay in order.
  private dispatching = false;
  private readonly queue: (() => number)[] = [];

  constructor(options: HubOptions) {
    if (!options || typeof options.url !== 'string' || !options.url) {
      throw new TypeError('sse-hub: options.url is required');
    }
    this.options = options;
    this.url = options.url;
    this.health = { get: this.healthStore.get, subscribe: this.healthStore.subscribe };
    const t = options.transport;
    this.transport =
      typeof t === 'object'
        ? t
        : t === 'eventsource'
          ? eventSourceTransport({ EventSource: options.EventSource })
          : fetchTransport({ fetch: options.fetch });
    finalizer.register(this, this.res, this);
    const core = loadedCore();
    if (core) {
      this.attach(core);
      this.ready = Promise.resolve();
    } else {
      this.ready = init(options.wasm).then(
        (loaded) => this.attach(loaded),
        (error: unknown) => {
          // No core, no stream: let the legacy polling run.
          this.emitTelemetry('load_error', 'none', 0, String(error));
          this.setPolling(true);
          throw error;
        },
      );
      this.ready.catch(() => {});
    }
  }

  private attach(core: Core): void {
    if (this.closed) return;
    const kind =
      typeof this.options.transport === 'object' ? 'custom' : (this.options.transport ?? 'fetch');
    const m = core.m;
    const len = core.writeStrings((n) => m._ssehub_scratch(n), configJson(this.options, kind));
    const handle = m._ssehub_hub_create(len);
    if (!handle) {
      const error = new TypeError(
        `sse-hub: invalid configuration: ${core.cString(m._ssehub_scratch_text())}`,
      );
      this.emitTelemetry('config_error', 'none', 0, error.message);
      this.setPolling(true);
      throw error;
    }
    this.core = core;
    this.res.core = core;
    this.res.handle = handle;
    core.live.hubs++;
    for (const sub of this.pending) this.register(sub);
    this.pending.clear();
    if (this.options.pageLifecycle !== false) this.res.unwatch = watchPage(this.self);
    this.input(() => m._ssehub_hub_start(handle, Date.now()));
    const page = pageState();
    if (page.hidden) this.visibility(true);
    if (!page.online) this.network(false);
  }

  // ---- subscriptions ---------------------------------------------------------------

  /**
   * Events of `topic` (`a.b`, `a.*` or `*`), optionally of one resource. Returns the
   * unsubscribe function.
   */
  subscribe<P = unknown>(
    topic: string,
    options: SubscribeOptions | null | undefined,
    onEvent: (event: HubEvent<P>) => void,
    handlers?: SubscribeHandlers<P>,
  ): () => void;
  subscribe<P = unknown>(
    topic: string,
    onEvent: (event: HubEvent<P>) => void,
    handlers?: SubscribeHandlers<P>,
  ): () => void;
  subscribe(
    topic: string,
    a: SubscribeOptions | null | undefined | ((event: HubEvent) => void),
    b?: ((event: HubEvent) => void) | SubscribeHandlers,
    c?: SubscribeHandlers,
  ): () => void {
    const [options, onEvent, handlers] =
      typeof a === 'function'
        ? [undefined, a, b as SubscribeHandlers | undefined]
        : [a, b as (e: HubEvent) => void, c];
    if (typeof onEvent !== 'function')
      throw new TypeError('sse-hub: subscribe needs an onEvent function');
    if (this.closed) return () => {};
    const sub: Subscriber = {
      id: 0,
      topic,
      resourceId: options?.resourceId ?? '',
      onEvent,
      onSnapshot: handlers?.onSnapshot,
    };
    if (this.core) this.register(sub);
    else this.pending.add(sub);
    return () => {
      this.pending.delete(sub);
      if (sub.id && this.subs.get(sub.id) === sub) {
        this.subs.delete(sub.id);
        if (this.res.handle) this.core!.m._ssehub_hub_unsubscribe(this.res.handle, sub.id);
      }
    };
  }

  private register(sub: Subscriber): void {
    const core = this.core!;
    const m = core.m;
    const h = this.res.handle;
    const topicLen = core.writeStrings((n) => m._ssehub_hub_input(h, n), sub.topic, sub.resourceId);
    const id = m._ssehub_hub_subscribe(h, topicLen, core.secondLength);
    if (!id) {
      const error = new TypeError(`sse-hub: invalid topic filter "${sub.topic}"`);
      reportError(error);
      return;
    }
    sub.id = id;
    this.subs.set(id, sub);
    if (!/[*]/.test(sub.topic)) for (const c of this.res.conns.values()) c.watch?.(sub.topic);
  }

  // ---- fallback, telemetry, metrics ------------------------------------------------

  /**
   * Runs `poll` every `intervalMs` while the core says to poll (degraded or disabled);
   * stops when it says healthy. Returns the function that removes the poller.
   */
  fallback(poll: PollFunction, options: FallbackOptions = {}): () => void {
    const poller: Poller = {
      poll,
      intervalMs: Math.max(1, options.intervalMs ?? 30_000),
      immediate: options.immediate ?? true,
      onError: options.onError,
      active: false,
      stopped: this.closed,
    };
    if (!poller.stopped) {
      this.pollers.add(poller);
      if (this.polling) this.startPoller(poller);
    }
    return () => {
      poller.stopped = true;
      this.stopPoller(poller);
      this.pollers.delete(poller);
    };
  }

  /** Whether fallbacks are polling now. */
  get isPolling(): boolean {
    return this.polling;
  }

  onTelemetry(listener: (event: HubTelemetry) => void): () => void {
    this.telemetry.add(listener);
    return () => this.telemetry.delete(listener);
  }

  metrics(): HubMetrics {
    const out = { disconnectReasons: { ...this.disconnectReasons } } as HubMetrics;
    const h = this.res.handle;
    const base = h ? this.core!.m._ssehub_hub_metrics(h) >>> 3 : 0;
    const values = h ? this.core!.m.HEAPF64 : undefined;
    METRIC_KEYS.forEach((key, i) => {
      out[key] = values ? values[base + i] : 0;
    });
    return out;
  }

  /**
   * Tries again after the server refused the stream for good (403, 404, access revoked),
   * e.g. once the user signed in with other rights. Does nothing while connected.
   */
  reconnect(): void {
    this.input((m, h) => m._ssehub_hub_start(h, Date.now()));
  }

  /** Stops the stream and frees the core; the hub cannot be used again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    finalizer.unregister(this);
    forget(this);
    const h = this.res.handle;
    if (h) {
      this.queue.length = 0;
      this.runBatch(this.core!.m._ssehub_hub_stop(h, Date.now()));
    }
    this.credentialRequest++;
    this.setPolling(false);
    this.pollers.clear();
    release(this.res);
    this.subs.clear();
    this.pending.clear();
    this.telemetry.clear();
    this.healthStore.clear();
  }

  // ---- page lifecycle --------------------------------------------------------------

  visibility(hidden: boolean): void {
    this.input((m, h) => m._ssehub_hub_visibility(h, Date.now(), hidden ? 1 : 0));
  }

  frozen(frozen: boolean): void {
    this.input((m, h) => m._ssehub_hub_frozen(h, Date.now(), frozen ? 1 : 0));
  }

  network(online: boolean): void {
    this.input((m, h) => m._ssehub_hub_network(h, Date.now(), online ? 1 : 0));
  }

  // ---- effects ---------------------------------------------------------------------

  private input(call: (m: Core['m'], h: number) => number): void {
    const h = this.res.handle;
    if (!h || this.closed) return;
    const m = this.core!.m;
    if (this.dispatching) {
      this.queue.push(() => (this.res.handle ? call(m, this.res.handle) : 0));
      return;
    }
    this.runBatch(call(m, h));
    while (this.queue.length && this.res.handle) this.runBatch(this.queue.shift()!());
  }

  // Copies the batch out (one slice of records, one text decode), then performs it; the
  // copies stay valid whatever a callback does to the module.
  private runBatch(n: number): void {
    if (!n) return;
    const core = this.core!;
    const m = core.m;
    const h = this.res.handle;
    const at = m._ssehub_hub_effects(h) >>> 3;
    // The batch is copied out of the heap (a callback may grow or reuse it); into buffers
    // kept from batch to batch, except for a batch run from inside another's callbacks.
    const nested = this.dispatching;
    const recs = nested
      ? m.HEAPF64.slice(at, at + n * REC)
      : (this.recBuf = fit(this.recBuf, n * REC));
    if (!nested) recs.set(m.HEAPF64.subarray(at, at + n * REC));
    const textSize = m._ssehub_hub_text_size(h);
    let text = '';
    if (textSize) {
      const ptr = m._ssehub_hub_text(h);
      text = core.decoder.decode(m.HEAPU8.subarray(ptr, ptr + textSize));
    }
    const subsEnd = m._ssehub_hub_subs_size(h);
    let subs: Uint32Array | undefined;
    if (subsEnd) {
      const sp = m._ssehub_hub_subs(h) >>> 2;
      if (nested) {
        subs = m.HEAPU32.slice(sp, sp + subsEnd);
      } else {
        subs = this.subBuf = fit(this.subBuf, subsEnd);
        subs.set(m.HEAPU32.subarray(sp, sp + subsEnd));
      }
    }
    const str = (r: number, field: number) => {
      const o = recs[r + TEXT + 2 * field];
      const len = recs[r + TEXT + 2 * field + 1];
      return len ? text.substring(o, o + len) : '';
    };
    this.dispatching = true;
    try {
      for (let r = 0; r < n * REC && this.res.handle; r += REC) {
        // One effect failing (a throwing headers() option, say) must not drop the rest of
        // the batch: a lost Timer effect would leave the hub waiting forever.
        if (recs[r + KIND] === DELIVER) {
          this.deliver(recs, r, subs!, text, str); // catches what its callbacks throw
          continue;
        }
        try {
          this.perform(recs, r, subs, text, str);
        } catch (error) {
          reportError(error);
        }
      }
    } finally {
      this.dispatching = false;
    }
  }

  private perform(
    recs: Float64Array,
    r: number,
    subs: Uint32Array | undefined,
    text: string,
    str: (r: number, field: number) => string,
  ): void {
    const core = this.core!;
    switch (recs[r + KIND]) {
      case OPEN:
        this.open(recs[r + CONN], str(r, 0), str(r, 1), str(r, 2));
        break;
      case CLOSE: {
        const conn = this.res.conns.get(recs[r + CONN]);
        this.res.conns.delete(recs[r + CONN]);
        conn?.close();
        break;
      }
      case TIMER:
        this.schedule(recs[r + TIME]);
        break;
      case SNAPSHOT:
        this.snapshot(recs, r, subs!, str);
        break;
      case HEALTH: {
        const m = core.m;
        const at = m._ssehub_hub_health(this.res.handle) >>> 3;
        this.setHealth(m.HEAPF64.slice(at, at + 7));
        break;
      }
      case FALLBACK:
        this.setPolling(recs[r + FLAG] !== 0);
        break;
      case NEED_CREDENTIALS:
        void this.fetchToken(core.reasons[recs[r + REASON]] ?? String(recs[r + REASON]));
        break;
      case TELEMETRY: {
        const reason = core.reasons[recs[r + REASON]] ?? '';
        const code = core.telemetry[recs[r + CODE]] ?? String(recs[r + CODE]);
        const detail = str(r, 0);
        if (code === 'disconnect') {
          // The core names the cause in the detail (the effect's reason is unused).
          const why = reason && reason !== 'none' ? reason : detail || 'unknown';
          this.disconnectReasons[why] = (this.disconnectReasons[why] ?? 0) + 1;
        }
        this.emitTelemetry(code, reason, recs[r + NUMBER], detail);
        break;
      }
    }
  }

  private deliver(
    recs: Float64Array,
    r: number,
    subs: Uint32Array,
    text: string,
    str: (r: number, field: number) => string,
  ): void {
    const raw = str(r, 2);
    let payload: unknown = raw;
    if (recs[r + FLAG]) {
      try {
        payload = JSON.parse(raw);
      } catch {
        payload = raw;
      }
    }
    // A run of events on one topic shares one topic string.
    const at = recs[r + TEXT];
    const length = recs[r + TEXT + 1];
    if (length !== this.lastTopic.length || !text.startsWith(this.lastTopic, at)) {
      this.lastTopic = text.substring(at, at + length);
    }
    // One object per event, shared by every subscriber.
    const event: HubEvent = {
      topic: this.lastTopic,
      resourceId: str(r, 1),
      payload,
      id: str(r, 3),
      sequence: recs[r + NUMBER],
      emittedAt: recs[r + TIME],
    };
    const first = recs[r + SUBS_OFF];
    const last = first + recs[r + SUBS_N];
    for (let i = first; i < last; i++) {
      const sub = this.subs.get(subs[i]);
      if (!sub) continue;
      try {
        sub.onEvent(event);
      } catch (error) {
        reportError(error);
      }
    }
  }

  private snapshot(
    recs: Float64Array,
    r: number,
    subs: Uint32Array,
    str: (r: number, field: number) => string,
  ): void {
    const topic = str(r, 0);
    let items: HubEvent[] = [];
    try {
      const parsed: unknown = JSON.parse(str(r, 1) || '[]');
      if (Array.isArray(parsed)) {
        items = parsed.map((e: Record<string, unknown>) => ({
          topic: typeof e.topic === 'string' ? e.topic : topic,
          resourceId:
            typeof e.resourceId === 'string' || typeof e.resourceId === 'number'
              ? String(e.resourceId)
              : '',
          payload: e.payload,
          id: e.sequence !== undefined ? String(e.sequence) : '',
          sequence: typeof e.sequence === 'number' ? e.sequence : 0,
          emittedAt: typeof e.emittedAt === 'number' ? e.emittedAt : 0,
        }));
      }
    } catch {
      // The core validated it; an unreadable snapshot is an empty one.
    }
    // The core made one Snapshot effect per subscription, its items already filtered by
    // the subscription's resource.
    const snapshot: HubSnapshot = { topic, items, sequence: recs[r + NUMBER] };
    const first = recs[r + SUBS_OFF];
    const last = first + recs[r + SUBS_N];
    for (let i = first; i < last; i++) {
      const sub = this.subs.get(subs[i]);
      if (!sub?.onSnapshot) continue;
      try {
        sub.onSnapshot(snapshot);
      } catch (error) {
        reportError(error);
      }
    }
  }

  private setHealth(v: Float64Array): void {
    const core = this.core!;
    const state = (core.states[v[0]] ?? 'closed') as HealthState;
    const reason = core.reasons[v[1]] ?? String(v[1]);
    const old = this.healthStore.get();
    if (
      old.state === state &&
      old.reason === reason &&
      old.since === v[2] &&
      old.attempt === v[3] &&
      (old.nextRetryAt ?? 0) === v[4] &&
      (old.lastEventAt ?? 0) === v[5] &&
      (old.httpStatus ?? 0) === v[6]
    ) {
      return;
    }
    this.healthStore.set(makeHealth(state, reason, v[2], v[3], v[4], v[5], v[6]));
  }

  private emitTelemetry(code: string, reason: string, number: number, detail: string): void {
    if (!this.telemetry.size) return;
    const event: HubTelemetry = { code, reason, number, detail, at: Date.now() };
    for (const listener of [...this.telemetry]) {
      try {
        listener(event);
      } catch (error) {
        reportError(error);
      }
    }
  }

  private open(conn: number, url: string, lastEventId: string, token: string): void {
    // The transport keeps the sink alive while it streams; the sink holds the hub only
    // weakly, so a forgotten hub can still be finalized (which closes the transport).
    const ref = this.self;
    const conns = this.res.conns;
    const connection: TransportConnection = { close: () => {} };
    const live = () => (conns.get(conn) === connection ? ref.deref() : undefined);
    const sink: TransportSink = {
      opened: (status, contentType, retryAfterMs) =>
        live()?.opened(conn, status, contentType, retryAfterMs),
      received: (chunk) => live()?.received(conn, chunk),
      closed: (error) => {
        const hub = live();
        conns.delete(conn);
        hub?.input((m, h) => m._ssehub_hub_closed(h, Date.now(), conn, error ? 1 : 0));
      },
    };
    // Registered before open(): a transport may report synchronously.
    conns.set(conn, connection);
    try {
      const headers =
        typeof this.options.headers === 'function'
          ? this.options.headers()
          : (this.options.headers ?? {});
      const eventTypes = new Set([
        'hub.ready',
        'hub.snapshot',
        'hub.error',
        ...(this.options.heartbeat?.events ?? ['ping', 'heartbeat']),
      ]);
      for (const sub of this.subs.values()) if (!sub.topic.includes('*')) eventTypes.add(sub.topic);
      const real = this.transport.open(
        {
          url,
          lastEventId,
          token,
          headers,
          credentials: this.options.credentials ?? 'same-origin',
          eventTypes: [...eventTypes],
        },
        sink,
      );
      connection.close = () => real.close();
      if (real.watch) connection.watch = (type) => real.watch!(type);
    } catch (error) {
      reportError(error);
      sink.closed(true);
    }
  }

  private opened(conn: number, status: number, contentType: string, retryAfterMs: number): void {
    this.input((m, h) => {
      const len = this.core!.writeStrings((size) => m._ssehub_hub_input(h, size), contentType);
      return m._ssehub_hub_opened(h, Date.now(), conn, status, len, retryAfterMs);
    });
  }

  private received(conn: number, chunk: Uint8Array | string): void {
    this.input((m, h) => {
      let size: number;
      if (typeof chunk === 'string') {
        size = this.core!.writeStrings((n) => m._ssehub_hub_input(h, n), chunk);
      } else {
        size = chunk.length;
        const ptr = m._ssehub_hub_input(h, size); // may grow memory: view after it
        m.HEAPU8.set(chunk, ptr);
      }
      return m._ssehub_hub_received(h, Date.now(), conn, size);
    });
  }

  private schedule(at: number): void {
    clearTimeout(this.res.timer);
    this.res.timer = undefined;
    if (!at) return;
    const ref = this.self;
    // setTimeout takes at most 2^31-1 ms (more is taken as 1 ms); fire() re-arms if early.
    const delay = Math.min(2 ** 31 - 1, Math.max(0, at - Date.now()));
    this.res.timer = setTimeout(() => ref.deref()?.fire(at), delay);
  }

  private fire(at: number): void {
    this.res.timer = undefined;
    // Timers may fire a little early; the core must never see a deadline not yet reached.
    if (Date.now() < at) {
      this.schedule(at);
      return;
    }
    this.input((m, h) => m._ssehub_hub_timer(h, Date.now()));
  }

  private async fetchToken(reason: string): Promise<void> {
    const request = ++this.credentialRequest;
    let token: string | null | undefined;
    try {
      token = await this.options.getToken?.({ reason });
    } catch (error) {
      token = undefined;
      this.emitTelemetry('credentials_error', reason, 0, String(error));
    }
    if (request !== this.credentialRequest || this.closed) return;
    if (typeof token === 'string' && token) {
      this.input((m, h) => {
        const len = this.core!.writeStrings((n) => m._ssehub_hub_input(h, n), token);
        return m._ssehub_hub_credentials(h, Date.now(), len);
      });
    } else {
      this.input((m, h) => m._ssehub_hub_credentials_failed(h, Date.now()));
    }
  }

  private setPolling(on: boolean): void {
    if (this.polling === on) return;
    this.polling = on;
    for (const poller of this.pollers) {
      if (on) this.startPoller(poller);
      else this.stopPoller(poller);
    }
  }

  private startPoller(poller: Poller): void {
    if (poller.active || poller.stopped) return;
    poller.active = true;
    const tick = async () => {
      poller.timer = undefined;
      if (!poller.active) return;
      const abort = new AbortController();
      poller.abort = abort;
      try {
        await poller.poll({ signal: abort.signal });
      } catch (error) {
        if (!abort.signal.aborted) (poller.onError ?? (() => {}))(error);
      }
      if (poller.active && poller.abort === abort) {
        poller.timer = setTimeout(tick, poller.intervalMs);
      }
    };
    poller.timer = setTimeout(tick, poller.immediate ? 0 : poller.intervalMs);
  }

  private stopPoller(poller: Poller): void {
    poller.active = false;
    clearTimeout(poller.timer);
    poller.timer = undefined;
    poller.abort?.abort();
    poller.abort = undefined;
  }
}

// ---- the per-tab registry -------------------------------------------------------------

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

function forget(hub: Hub): void {
  const map = registry();
  const key = registryKey(hub.url);
  if (map.get(key) === hub) map.delete(key);
}

/** A new hub (prefer {@link getHub}: one stream per tab per URL). */
export function createHub(options: HubOptions): Hub {
  return new Hub(options);
}

/**
 * The tab's hub for `url`, created with `options` on first use; later callers share it
 * (their options are ignored).
 */
export function getHub(url: string, options: Omit<HubOptions, 'url'> = {}): Hub {
  const map = registry();
  const key = registryKey(url);
  let hub = map.get(key);
  if (!hub) {
    hub = new Hub({ ...options, url });
    map.set(key, hub);
  }
  return hub;
}
