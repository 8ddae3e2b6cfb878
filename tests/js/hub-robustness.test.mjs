// Defects a review found and reproduced, kept as tests: memory growth during a chunk,
// timers beyond setTimeout's range, a forgotten streaming hub, EventSource resume ids,
// an effect that throws, numeric resource ids in snapshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { envelope, loadHub, sseServer, streamHead } from './helpers.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const { createHub, createParser, coreStats } = await loadHub();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A transport the test drives by hand.
function manualTransport() {
  const t = {
    opens: 0,
    sink: undefined,
    open(request, sink) {
      t.opens++;
      t.sink = sink;
      t.request = request;
      return { close() {} };
    },
  };
  return t;
}

test('a chunk that grows Wasm memory is delivered (hub and parser)', async () => {
  const big = 'x'.repeat(20 << 20);
  const transport = manualTransport();
  const hub = createHub({ url: 'http://x/e', enabled: true, transport, maxFrameBytes: 64 << 20 });
  await hub.ready;
  const got = [];
  hub.subscribe('big', (e) => got.push(e.payload.length));
  transport.sink.opened(200, 'text/event-stream', -1);
  transport.sink.received(new TextEncoder().encode(envelope(1, 'big', 'r', big)));
  assert.deepEqual(got, [big.length]);
  hub.close();

  const events = [];
  const parser = createParser(
    { onEvent: (e) => events.push(e.data.length) },
    { maxFrameBytes: 64 << 20 },
  );
  parser.feed(new TextEncoder().encode(`data: ${'y'.repeat(32 << 20)}\n\n`));
  parser.close();
  assert.deepEqual(events, [32 << 20]);
});

test('a deadline weeks away does not spin setTimeout', async () => {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = `${b64({ alg: 'HS256' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 60 * 86400 })}.s`;
  const transport = manualTransport();
  const win = (globalThis.window = new EventTarget());
  const hub = createHub({ url: 'http://x/e', enabled: true, transport, getToken: async () => jwt });
  delete globalThis.window;
  await hub.ready;
  await sleep(10);
  transport.sink.opened(200, 'text/event-stream', -1);
  win.dispatchEvent(new Event('offline')); // no stream, no retry: only the refresh 60 days away
  const real = globalThis.setTimeout;
  let calls = 0;
  globalThis.setTimeout = (...args) => (calls++, real(...args));
  try {
    await new Promise((resolve) => real(resolve, 300));
  } finally {
    globalThis.setTimeout = real;
  }
  assert.ok(calls <= 2, `${calls} setTimeout calls in 300 ms`);
  hub.close();
});

test('a forgotten hub that is streaming is finalized and its stream closed', async () => {
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(': hb\n\n');
  });
  try {
    const before = coreStats().hubs;
    await (async () => {
      const hub = createHub({ url: server.url, enabled: true });
      await hub.ready;
      for (let i = 0; i < 50 && hub.health.get().state !== 'healthy'; i++) await sleep(20);
      assert.equal(hub.health.get().state, 'healthy');
    })();
    for (let i = 0; i < 20 && (coreStats().hubs > before || server.open.size > 0); i++) {
      gc();
      await sleep(50);
    }
    assert.equal(coreStats().hubs, before);
    assert.equal(server.open.size, 0);
  } finally {
    await server.close();
  }
});

test('EventSource transport: an event without an id keeps the resume id', async () => {
  const made = [];
  class FakeEventSource extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      made.push(this);
    }
    close() {}
    emit(type, data, lastEventId) {
      this.dispatchEvent(Object.assign(new Event(type), { data, lastEventId }));
    }
  }
  const hub = createHub({
    url: 'http://x/events',
    enabled: true,
    transport: 'eventsource',
    EventSource: FakeEventSource,
    protocol: 'plain',
    retry: { initialMs: 10, jitter: 'none' },
  });
  await hub.ready;
  made[0].onopen();
  made[0].emit('message', 'a', '7');
  made[0].onerror();
  await sleep(50);
  assert.equal(made[1].url, 'http://x/events?lastEventId=7');
  made[1].onopen();
  made[1].emit('ping', '', ''); // a fresh EventSource reports '' until an id arrives
  made[1].onerror();
  await sleep(50);
  assert.equal(made[2].url, 'http://x/events?lastEventId=7');
  hub.close();
});

test('an effect that throws does not drop the rest of its batch', async () => {
  let calls = 0;
  const transport = manualTransport();
  const reported = [];
  const onError = (e) => reported.push(e.error?.message ?? e.message);
  globalThis.addEventListener?.('error', onError);
  const original = globalThis.reportError;
  globalThis.reportError = (error) => reported.push(error.message);
  try {
    const hub = createHub({
      url: 'http://x/e',
      enabled: true,
      transport,
      connectTimeoutMs: 100,
      retry: { initialMs: 10, jitter: 'none' },
      headers: () => {
        if (calls++ === 1) throw new Error('storage unavailable');
        return {};
      },
    });
    await hub.ready;
    transport.sink.opened(503, 'application/json', -1);
    await sleep(600);
    assert.ok(transport.opens >= 3, `${transport.opens} opens`); // not stuck after the throw
    assert.ok(reported.includes('storage unavailable'));
    hub.close();
  } finally {
    globalThis.reportError = original;
    globalThis.removeEventListener?.('error', onError);
  }
});

test('snapshot items with a numeric resourceId reach that resource subscriber', async () => {
  const transport = manualTransport();
  const hub = createHub({ url: 'http://x/e', enabled: true, transport });
  await hub.ready;
  const snapshots = [];
  hub.subscribe('doc', () => {}, { resourceId: '42', onSnapshot: (s) => snapshots.push(s) });
  transport.sink.opened(200, 'text/event-stream', -1);
  const items = JSON.stringify([
    { topic: 'doc', resourceId: 42, payload: { v: 1 }, sequence: 5 },
    { topic: 'doc', resourceId: 43, payload: { v: 2 }, sequence: 6 },
  ]);
  transport.sink.received(
    `event: hub.snapshot\ndata: {"topic":"doc","sequence":6,"items":${items}}\n\n`,
  );
  assert.equal(snapshots.length, 1);
  assert.deepEqual(
    snapshots[0].items.map((i) => [i.resourceId, i.payload.v]),
    [['42', 1]],
  );
  hub.close();
});
