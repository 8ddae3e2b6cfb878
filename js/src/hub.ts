// A hub: one core handle, one stream, any number of subscribers. It feeds the core its
// inputs (bytes, time, transport outcomes, page events) and performs the effects the core
// returns; every protocol decision is the core's. The jobs live beside it: effects.ts reads
// batches, subscriptions.ts calls subscribers, pollers.ts runs fallbacks, credentials.ts
// asks for tokens, connections.ts holds transports, lifecycle.ts watches the page.
//
// The one re-entrancy rule: an effect batch is performed to its end before the next input
// enters the core. Inputs that arrive meanwhile (a subscriber calling reconnect(), a
// transport reporting synchronously) wait in a queue, in order. close() alone acts at once:
// the batch being performed stops at its next effect.
import { DELIVER, HEALTH_WORDS, METRICS } from './abi.js';
import { configJson, type TransportKind } from './config.js';
import { Connections, type ConnectionInputs } from './connections.js';
import { Core, init, loadedCore } from './core.js';
import { Credentials } from './credentials.js';
import { EffectBatch, type Effect } from './effects.js';
import { Store, healthFrom, makeHealth, reportError } from './health.js';
import { pageState, watchPage, type PageInputs } from './lifecycle.js';
import { Pollers } from './pollers.js';
import { Subscriptions } from './subscriptions.js';
import type { AnyTopics, TopicEvent, TopicFilter, TopicPayload } from './topics.js';
import { eventSourceTransport, fetchTransport, type Transport } from './transport.js';
import type {
  FallbackOptions,
  HealthReason,
  HubEvent,
  HubHealth,
  HubMetrics,
  HubOptions,
  HubTelemetry,
  PollFunction,
  Readable,
  SubscribeOptions,
  TelemetryCode,
} from './types.js';

type Exports = Core['x'];
/** One input to the core: calls it and returns the size of the batch it produced. */
type Input = (x: Exports, handle: number) => number;

// What a finalizer may free: nothing here refers to the hub itself.
interface Resources {
  core?: Core;
  handle: number;
  timer?: ReturnType<typeof setTimeout>;
  unwatch?: () => void;
  readonly connections: Connections;
}

function release(res: Resources): void {
  res.connections.closeAll();
  clearTimeout(res.timer);
  res.timer = undefined;
  res.unwatch?.();
  res.unwatch = undefined;
  if (res.core && res.handle) {
    res.core.x.ssehub_hub_destroy(res.handle);
    res.core.live.hubs--;
  }
  res.handle = 0;
}

const finalizer = new FinalizationRegistry<Resources>(release);

const INITIAL: HubHealth = makeHealth('closed', 'none', 0, 0, 0, 0, 0);

/** `T`: the app's topic map (topic → payload type), from which subscribe() types events. */
export class Hub<T extends object = AnyTopics> {
  // Types only (never set): relates hubs by their maps, so that a Hub<Topics> is a Hub.
  declare protected readonly topicMap?: { readonly [K in keyof T]?: T[K] };
  readonly url: string;
  /** Connection health; see {@link HubHealth}. */
  readonly health: Readable<HubHealth>;
  /** Resolves once the core is loaded and started (rejects if the Wasm failed to load). */
  readonly ready: Promise<void>;

  private readonly options: HubOptions;
  private readonly healthStore = new Store<HubHealth>(INITIAL);
  private readonly res: Resources;
  private readonly subs: Subscriptions;
  private readonly pollers = new Pollers();
  private readonly credentials: Credentials;
  private readonly listeners = new Set<(t: HubTelemetry) => void>();
  private readonly disconnectReasons: Record<string, number> = {};
  private readonly batch = new EffectBatch();
  private readonly queue: Input[] = [];
  private performing = false;
  private core?: Core;
  private isClosed = false;
  // What transports and the page call; they hold it weakly, the hub holds it.
  private readonly inputs: ConnectionInputs & PageInputs = {
    opened: (conn, status, contentType, retryAfterMs) =>
      this.input((x, h) => {
        const size = this.core!.writeStrings((n) => x.ssehub_hub_input(h, n), contentType);
        return x.ssehub_hub_opened(h, Date.now(), conn, status, size, retryAfterMs);
      }),
    received: (conn, chunk) =>
      this.input((x, h) => {
        const core = this.core!;
        if (typeof chunk === 'string') {
          const size = core.writeStrings((n) => x.ssehub_hub_input(h, n), chunk);
          return x.ssehub_hub_received(h, Date.now(), conn, size);
        }
        const ptr = x.ssehub_hub_input(h, chunk.length); // may grow memory: view after it
        core.u8.set(chunk, ptr);
        return x.ssehub_hub_received(h, Date.now(), conn, chunk.length);
      }),
    closed: (conn, error) =>
      this.input((x, h) => x.ssehub_hub_closed(h, Date.now(), conn, error ? 1 : 0)),
    visibility: (hidden) =>
      this.input((x, h) => x.ssehub_hub_visibility(h, Date.now(), hidden ? 1 : 0)),
    frozen: (frozen) => this.input((x, h) => x.ssehub_hub_frozen(h, Date.now(), frozen ? 1 : 0)),
    network: (online) => this.input((x, h) => x.ssehub_hub_network(h, Date.now(), online ? 1 : 0)),
  };

  constructor(options: HubOptions) {
    if (!options || typeof options.url !== 'string' || !options.url) {
      throw new TypeError('sse-hub: options.url is required');
    }
    this.options = options;
    this.url = options.url;
    this.health = { get: this.healthStore.get, subscribe: this.healthStore.subscribe };
    const t = options.transport;
    const transport: Transport =
      typeof t === 'object'
        ? t
        : t === 'eventsource'
          ? eventSourceTransport({ EventSource: options.EventSource })
          : fetchTransport({ fetch: options.fetch });
    this.res = { handle: 0, connections: new Connections(transport, new WeakRef(this.inputs)) };
    this.subs = new Subscriptions((topic) => this.res.connections.watch(topic));
    this.credentials = new Credentials(options.getToken, (token, error) => {
      if (error !== undefined) this.emit('credentials_error', 'none', 0, String(error));
      if (token === undefined) {
        this.input((x, h) => x.ssehub_hub_credentials_failed(h, Date.now()));
        return;
      }
      this.input((x, h) => {
        const size = this.core!.writeStrings((n) => x.ssehub_hub_input(h, n), token);
        return x.ssehub_hub_credentials(h, Date.now(), size);
      });
    });
    finalizer.register(this, this.res, this);
    const core = loadedCore();
    if (core) {
      this.attach(core);
      this.ready = Promise.resolve();
    } else {
      this.ready = init(options.wasm).then(
        (loaded) => this.attach(loaded),
        (error: unknown) => this.unusable('load_error', error),
      );
      this.ready.catch(() => {});
    }
  }

  /** No core, no stream: the legacy polling runs. */
  private unusable(code: TelemetryCode, error: unknown): never {
    this.emit(code, 'none', 0, error instanceof Error ? error.message : String(error));
    this.pollers.set(true);
    throw error;
  }

  private attach(core: Core): void {
    if (this.isClosed) return;
    const x = core.x;
    const transport: TransportKind =
      typeof this.options.transport === 'object' ? 'custom' : (this.options.transport ?? 'fetch');
    const size = core.writeStrings((n) => x.ssehub_scratch(n), configJson(this.options, transport));
    const handle = x.ssehub_hub_create(size);
    if (!handle) {
      const why = core.cString(x.ssehub_scratch_text());
      this.unusable('config_error', new TypeError(`sse-hub: invalid configuration: ${why}`));
    }
    this.core = this.res.core = core;
    this.res.handle = handle;
    core.live.hubs++;
    this.subs.attach(core, handle);
    if (this.options.pageLifecycle !== false)
      this.res.unwatch = watchPage(new WeakRef(this.inputs));
    this.input((x, h) => x.ssehub_hub_start(h, Date.now()));
    const page = pageState();
    if (page.hidden) this.inputs.visibility(true);
    if (!page.online) this.inputs.network(false);
  }

  /**
   * Events of `topic` (`a.b`, `a.*` or `*`), optionally of one resource, and the topic's
   * snapshots after a gap. Returns the unsubscribe function.
   */
  subscribe<F extends TopicFilter<T>>(
    topic: F,
    onEvent: (event: TopicEvent<T, F>) => void,
    options?: SubscribeOptions<TopicPayload<T, F>>,
  ): () => void;
  /** With the payload type given (`subscribe<Payload>('a.b', …)`). */
  subscribe<P>(
    topic: TopicFilter<T>,
    onEvent: (event: HubEvent<P>) => void,
    options?: SubscribeOptions<P>,
  ): () => void;
  subscribe(
    topic: string,
    onEvent: (event: never) => void,
    options: SubscribeOptions<never> = {},
  ): () => void {
    if (typeof onEvent !== 'function') {
      throw new TypeError('sse-hub: subscribe needs an onEvent function');
    }
    if (this.isClosed) return () => {};
    return this.subs.add(
      topic,
      options.resourceId ?? '',
      onEvent as (event: HubEvent) => void,
      options.onSnapshot as SubscribeOptions['onSnapshot'],
    );
  }

  /**
   * Runs `poll` every `intervalMs` while the core says to poll (degraded or disabled);
   * stops when it says healthy. Returns the function that removes the poller.
   */
  fallback(poll: PollFunction, options?: FallbackOptions): () => void {
    return this.isClosed ? () => {} : this.pollers.add(poll, options);
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Whether fallbacks are polling now. */
  get isPolling(): boolean {
    return this.pollers.polling;
  }

  onTelemetry(listener: (event: HubTelemetry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  metrics(): HubMetrics {
    const out = { disconnectReasons: { ...this.disconnectReasons } } as HubMetrics;
    const h = this.res.handle;
    const at = h ? this.core!.x.ssehub_hub_metrics(h) >>> 3 : 0;
    METRICS.forEach((key, i) => {
      out[key] = h ? this.core!.f64[at + i] : 0;
    });
    return out;
  }

  /**
   * Tries again after the server refused the stream for good (403, 404, access revoked),
   * e.g. once the user signed in with other rights. Does nothing while connected.
   */
  reconnect(): void {
    this.input((x, h) => x.ssehub_hub_start(h, Date.now()));
  }

  /** Stops the stream and frees the core; the hub cannot be used again. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    finalizer.unregister(this);
    this.queue.length = 0;
    const h = this.res.handle;
    if (h) {
      // The stop batch is not performed (close() may run inside another batch): release()
      // closes what it would close; its health is read directly.
      this.core!.x.ssehub_hub_stop(h, Date.now());
      this.readHealth();
    }
    this.credentials.cancel();
    this.pollers.clear();
    release(this.res);
    this.subs.detach();
    this.listeners.clear();
    this.healthStore.clear();
  }

  // ---- effects ---------------------------------------------------------------------

  private input(call: Input): void {
    if (!this.res.handle || this.isClosed) return;
    this.queue.push(call);
    if (this.performing) return;
    this.performing = true;
    try {
      for (let next; (next = this.queue.shift()) && this.res.handle;) {
        const n = next(this.core!.x, this.res.handle);
        if (n) this.perform(n);
      }
    } finally {
      this.performing = false;
    }
  }

  private perform(n: number): void {
    const batch = this.batch;
    batch.read(this.core!, this.res.handle, n);
    for (let i = 0; i < n && this.res.handle; i++) {
      if (batch.kind(i) === DELIVER) {
        this.subs.deliver(batch, i); // catches what subscribers throw
        continue;
      }
      // One effect failing (a throwing headers() option, say) must not drop the rest of
      // the batch: a lost Timer effect would leave the hub waiting forever.
      try {
        this.apply(batch.decode(i)!);
      } catch (error) {
        reportError(error);
      }
    }
  }

  private apply(effect: Effect): void {
    switch (effect.kind) {
      case 'open':
        this.open(effect.conn, effect.url, effect.lastEventId, effect.token);
        break;
      case 'close':
        this.res.connections.close(effect.conn);
        break;
      case 'timer':
        this.schedule(effect.at);
        break;
      case 'snapshot':
        this.subs.snapshot(effect.topic, effect.items, effect.sequence, effect.subs);
        break;
      case 'health':
        this.readHealth();
        break;
      case 'fallback':
        this.pollers.set(effect.on);
        break;
      case 'credentials':
        void this.credentials.ask(effect.reason);
        break;
      case 'telemetry':
        if (effect.code === 'disconnect') {
          // The core names the cause in the detail.
          const why = effect.detail || 'unknown';
          this.disconnectReasons[why] = (this.disconnectReasons[why] ?? 0) + 1;
        }
        this.emit(effect.code, effect.reason, effect.number, effect.detail);
        break;
    }
  }

  private readHealth(): void {
    const at = this.core!.x.ssehub_hub_health(this.res.handle) >>> 3;
    const record = this.core!.f64.subarray(at, at + HEALTH_WORDS);
    this.healthStore.set(healthFrom(record, this.healthStore.get()));
  }

  private emit(code: TelemetryCode, reason: HealthReason, number: number, detail: string): void {
    if (!this.listeners.size) return;
    const event: HubTelemetry = { code, reason, number, detail, at: Date.now() };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        reportError(error);
      }
    }
  }

  private open(conn: number, url: string, lastEventId: string, token: string): void {
    const o = this.options;
    let headers: Record<string, string>;
    try {
      headers = typeof o.headers === 'function' ? o.headers() : (o.headers ?? {});
    } catch (error) {
      reportError(error);
      this.inputs.closed(conn, true); // no request without its headers: a failed attempt
      return;
    }
    const eventTypes = new Set([
      'hub.ready',
      'hub.snapshot',
      'hub.error',
      ...(o.heartbeat?.events ?? ['ping', 'heartbeat']),
      ...this.subs.exactTopics(),
    ]);
    this.res.connections.start(conn, {
      url,
      lastEventId,
      token,
      headers,
      credentials: o.credentials ?? 'same-origin',
      eventTypes: [...eventTypes],
    });
  }

  private schedule(at: number): void {
    clearTimeout(this.res.timer);
    this.res.timer = undefined;
    if (!at) return;
    const ref = new WeakRef(this);
    // setTimeout takes at most 2^31-1 ms (more is taken as 1 ms); fire() re-arms if early.
    const delay = Math.min(2 ** 31 - 1, Math.max(0, at - Date.now()));
    this.res.timer = setTimeout(() => ref.deref()?.fire(at), delay);
  }

  private fire(at: number): void {
    this.res.timer = undefined;
    // Timers may fire a little early; the core must never see a deadline not yet reached.
    if (Date.now() < at) this.schedule(at);
    else this.input((x, h) => x.ssehub_hub_timer(h, Date.now()));
  }
}
