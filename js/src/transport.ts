// Transports move bytes; the core decides when to open, close and retry. A WebSocket (or
// any) transport implements the same two-method seam without touching stores.
import type { EventSourceConstructor } from './types.js';

export interface TransportRequest {
  readonly url: string;
  /** "" for none. */
  readonly lastEventId: string;
  /** Bearer token, "" for none. */
  readonly token: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly credentials: RequestCredentials;
  /** Named events to listen for, for transports that cannot see every event (EventSource). */
  readonly eventTypes: readonly string[];
}

/** Where a transport reports; calls after `close()` are ignored. */
export interface TransportSink {
  /** Response head. `retryAfterMs` -1 when absent. */
  opened(status: number, contentType: string, retryAfterMs: number): void;
  /** Stream bytes (or SSE text), in order. */
  received(chunk: Uint8Array | string): void;
  /** The stream ended: by the server (`error` false) or a failure (`error` true). */
  closed(error: boolean): void;
}

export interface TransportConnection {
  close(): void;
  /** A new exact topic was subscribed (EventSource needs a listener per event type). */
  watch?(eventType: string): void;
}

export interface Transport {
  open(request: TransportRequest, sink: TransportSink): TransportConnection;
}

/** `Retry-After` as delay-seconds or an HTTP date; -1 when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number {
  if (value === null) return -1;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? -1 : Math.max(0, at - now);
}

/** Streams with fetch so that `Authorization` and `Last-Event-ID` headers work. */
export function fetchTransport(options: { fetch?: typeof fetch } = {}): Transport {
  return {
    open(request, sink) {
      const abort = new AbortController();
      let done = false;
      const headers: Record<string, string> = {
        Accept: 'text/event-stream',
        ...request.headers,
      };
      if (request.token) headers.Authorization = `Bearer ${request.token}`;
      if (request.lastEventId) headers['Last-Event-ID'] = request.lastEventId;
      const fail = (error: boolean) => {
        if (done) return;
        done = true;
        sink.closed(error);
      };
      const run = async () => {
        let response: Response;
        try {
          const init: RequestInit = {
            headers,
            credentials: request.credentials,
            cache: 'no-store',
            signal: abort.signal,
          };
          response = await (options.fetch
            ? options.fetch(request.url, init)
            : fetch(request.url, init));
        } catch {
          fail(true);
          return;
        }
        const body = response.body;
        if (done) {
          body?.cancel().catch(() => {});
          return;
        }
        sink.opened(
          response.status,
          response.headers.get('content-type') ?? '',
          parseRetryAfter(response.headers.get('retry-after')),
        );
        if (done || !body) {
          body?.cancel().catch(() => {});
          fail(false);
          return;
        }
        const reader = body.getReader();
        try {
          for (;;) {
            const { done: eof, value } = await reader.read();
            if (done) return;
            if (eof) break;
            sink.received(value);
          }
        } catch {
          fail(true);
          return;
        }
        fail(false);
      };
      void run();
      return {
        close() {
          if (done) return;
          done = true;
          abort.abort();
        },
      };
    },
  };
}

/**
 * Native EventSource, for cookie-only servers. It cannot send headers, see comments or
 * status codes, or catch event types nobody named: heartbeats must be named events, and
 * wildcard subscriptions only see the types in `eventTypes` and `message`.
 */
export function eventSourceTransport(
  options: { EventSource?: EventSourceConstructor } = {},
): Transport {
  return {
    open(request, sink) {
      const Ctor =
        options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
      if (!Ctor) throw new Error('sse-hub: no EventSource in this environment');
      const source = new Ctor(request.url, { withCredentials: request.credentials === 'include' });
      const types = new Set<string>();
      let done = false;
      // A new EventSource starts with an empty last event ID (the resume id travels in
      // the URL); an event without an id must not be re-serialized as clearing it.
      let lastId = '';
      // Re-serialize each event as SSE text so the core parses every transport alike.
      const onMessage = (event: MessageEvent) => {
        if (done) return;
        let text = '';
        if (event.lastEventId !== lastId) {
          lastId = event.lastEventId;
          text += `id: ${lastId}\n`;
        }
        if (event.type !== 'message') text += `event: ${event.type}\n`;
        text += `data: ${String(event.data).replace(/\r\n|\r|\n/g, '\ndata: ')}\n\n`;
        sink.received(text);
      };
      const watch = (type: string) => {
        if (types.has(type)) return;
        types.add(type);
        source.addEventListener(type, onMessage as EventListener);
      };
      watch('message');
      for (const type of request.eventTypes) watch(type);
      source.onopen = () => {
        if (!done) sink.opened(200, 'text/event-stream', -1);
      };
      // EventSource would reconnect on its own; the core owns retries, so report and stop.
      source.onerror = () => {
        if (done) return;
        done = true;
        source.close();
        sink.closed(true);
      };
      return {
        close() {
          if (done) return;
          done = true;
          source.close();
        },
        watch,
      };
    },
  };
}
