// The five contenders, each delivering every event to one callback that uses the parsed
// payload. Driven over raw CDP with Runtime.evaluate: `await bench.run(name, options)`.
import { init, createHub, coreStats } from 'sse-hub';
import { loadedCore } from 'sse-hub-core'; // js/dist/core.js (alias in build-page.mjs)
import { createParser } from 'eventsource-parser';
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { EventSource as EventSourcePolyfill } from 'eventsource';

const now = () => performance.timeOrigin + performance.now();

// Each contender: (url, onPayload, stopRef) → close function. onPayload gets the payload object.
const contenders = {
  hub(url, onPayload, subs = 1) {
    const hub = createHub({
      url,
      enabled: true,
      heartbeat: { intervalMs: 0 },
      pageLifecycle: false,
    });
    for (let i = 0; i < subs; i++)
      hub.subscribe(i % 2 ? 'doc.section' : 'doc.*', (e) => onPayload(e.payload, i));
    return () => hub.close();
  },
  eventsource(url, onPayload) {
    const es = new EventSource(url);
    es.addEventListener('doc.section', (e) => {
      const env = JSON.parse(e.data);
      if (env.topic.startsWith('doc.')) onPayload(env.payload, 0);
    });
    return () => es.close();
  },
  'fetch-event-source'(url, onPayload) {
    const ctrl = new AbortController();
    fetchEventSource(url, {
      signal: ctrl.signal,
      openWhenHidden: true,
      onmessage(ev) {
        if (ev.event !== 'doc.section') return;
        const env = JSON.parse(ev.data);
        if (env.topic.startsWith('doc.')) onPayload(env.payload, 0);
      },
      onerror(err) {
        throw err; // no retries: the run ends when the count is reached
      },
    }).catch(() => {});
    return () => ctrl.abort();
  },
  'eventsource-parser'(url, onPayload) {
    const ctrl = new AbortController();
    const parser = createParser({
      onEvent(ev) {
        if (ev.event !== 'doc.section') return;
        const env = JSON.parse(ev.data);
        if (env.topic.startsWith('doc.')) onPayload(env.payload, 0);
      },
    });
    (async () => {
      const res = await fetch(url, {
        headers: { Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: ctrl.signal,
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    })().catch(() => {});
    return () => ctrl.abort();
  },
  'eventsource-npm'(url, onPayload) {
    const es = new EventSourcePolyfill(url);
    es.addEventListener('doc.section', (e) => {
      const env = JSON.parse(e.data);
      if (env.topic.startsWith('doc.')) onPayload(env.payload, 0);
    });
    return () => es.close();
  },
};

let keep = null;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

window.bench = {
  names: Object.keys(contenders),
  ready: init(),
  /**
   * Opens `path` with contender `name`, resolves once `n` events reached every subscriber.
   * latency: record now − payload.t per event. keepOpen: leave it open (memory runs).
   */
  async run(name, { path, n, subs = 1, latency = false, keepOpen = false, timeoutMs = 120000 }) {
    await this.ready;
    const lat = latency ? new Float64Array(n) : null;
    let count = 0;
    let sum = 0;
    const target = n * subs;
    let done;
    const finished = new Promise((r) => (done = r));
    const onPayload = lat
      ? (p, i) => {
          if (i === 0) lat[count] = now() - p.t;
          sum += p.n;
          if (++count === target) done(performance.now());
        }
      : (p) => {
          sum += p.n;
          if (++count === target) done(performance.now());
        };
    const t0 = performance.now();
    const close = contenders[name](new URL(path, location.href).href, onPayload, subs);
    const timeout = new Promise((r) => setTimeout(() => r(-1), timeoutMs));
    const t1 = await Promise.race([finished, timeout]);
    if (keepOpen) keep = close;
    else close();
    const out = { name, n, subs, delivered: count, ms: t1 < 0 ? -1 : t1 - t0, sum };
    if (lat) {
      const got = Math.floor(count / subs);
      const s = Array.from(lat.subarray(0, got)).sort((a, b) => a - b);
      out.latency = { samples: got, p50: pct(s, 0.5), p99: pct(s, 0.99), max: s[s.length - 1] };
    }
    return out;
  },
  closeKept() {
    keep?.();
    keep = null;
  },
  wasmBytes() {
    const core = loadedCore();
    return { wasm: core ? core.x.memory.buffer.byteLength : 0, ...coreStats() };
  },
};

// A page that runs one measurement by itself (engines.mjs: a browser started with no driver
// attached): /?auto={"name","opts","warm"} reports `ready` (answered once the browser's own
// start-up work is over), runs the warm-up, reports `start` (answered once the browser's CPU
// counters were read), runs the measured run, and reports `end` with the result.
const auto = new URLSearchParams(location.search).get('auto');
if (auto) {
  const { name, opts, warm } = JSON.parse(auto);
  const mark = (phase, body = {}) =>
    fetch(`/mark?phase=${phase}`, { method: 'POST', body: JSON.stringify(body) });
  (async () => {
    await window.bench.ready;
    await mark('ready');
    if (warm) await window.bench.run(name, { ...opts, n: warm });
    await mark('start');
    await mark('end', await window.bench.run(name, opts));
  })().catch((e) => mark('error', { message: String(e?.stack ?? e) }));
}
