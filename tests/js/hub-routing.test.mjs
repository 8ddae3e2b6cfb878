// Events over real HTTP + fetch routed to subscribers by topic pattern and resource.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  envelope,
  fastRetry,
  loadHub,
  ready,
  sseServer,
  sleep,
  streamHead,
  waitFor,
} from './helpers.mjs';

const { createHub, getHub } = await loadHub();

test('routing, payload parsed once and shared, unsubscribe, one stream', async (t) => {
  let stream;
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(ready());
    stream = res;
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true, retry: fastRetry });
  t.after(() => hub.close());

  const got = { a: [], b: [], c: [], d: [] };
  hub.subscribe('project.*', (e) => got.a.push(e));
  hub.subscribe('project.lifecycle', (e) => got.b.push(e), { resourceId: 'p1' });
  hub.subscribe('*', (e) => got.c.push(e));
  const offD = hub.subscribe('chat.message', (e) => got.d.push(e), {});

  await waitFor(() => hub.health.get().state === 'healthy', { what: 'healthy' });
  stream.write(envelope(1, 'project.lifecycle', 'p1', { state: 'archived' }));
  stream.write(envelope(2, 'project.lifecycle', 'p2', { state: 'active' }));
  stream.write(envelope(3, 'chat.message', 'r1', 'hi'));
  await waitFor(() => got.c.length === 3, { what: '3 events' });

  assert.deepEqual(
    got.a.map((e) => e.sequence),
    [1, 2],
  );
  assert.deepEqual(
    got.b.map((e) => e.sequence),
    [1],
  );
  assert.deepEqual(
    got.d.map((e) => e.payload),
    ['hi'],
  );
  // One object per event, its payload parsed once, shared by every subscriber.
  assert.equal(got.a[0], got.b[0]);
  assert.equal(got.a[0], got.c[0]);
  assert.equal(got.a[0].payload, got.c[0].payload);
  assert.deepEqual(got.a[0], {
    topic: 'project.lifecycle',
    resourceId: 'p1',
    payload: { state: 'archived' },
    id: '1',
    sequence: 1,
    emittedAt: 1732000000000,
  });

  offD();
  offD(); // idempotent
  stream.write(envelope(4, 'chat.message', 'r1', 'again'));
  await waitFor(() => got.c.length === 4, { what: 'event 4' });
  assert.equal(got.d.length, 1);
  assert.equal(server.requests.length, 1, 'one stream for every subscriber');
  const m = hub.metrics();
  assert.equal(m.events, 4);
  assert.equal(m.deliveries, 4 + 2 + 1 + 1);
  assert.equal(m.opens, 1);
});

test('a throwing subscriber does not stop the others', async (t) => {
  let stream;
  const server = await sseServer((req, res) => {
    streamHead(res);
    stream = res;
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true });
  t.after(() => hub.close());
  const errors = [];
  const original = console.error;
  console.error = (e) => errors.push(e);
  t.after(() => (console.error = original));
  const seen = [];
  hub.subscribe('x', () => {
    throw new Error('boom');
  });
  hub.subscribe('x', (e) => seen.push(e.sequence));
  await waitFor(() => stream, { what: 'stream' });
  stream.write(envelope(1, 'x', '', 1) + envelope(2, 'x', '', 2));
  await waitFor(() => seen.length === 2);
  assert.equal(errors.length, 2);
});

test('many tiny chunks and one huge chunk', async (t) => {
  let stream;
  const server = await sseServer((req, res) => {
    streamHead(res);
    stream = res;
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true });
  t.after(() => hub.close());
  const seqs = [];
  hub.subscribe('t.*', (e) => {
    assert.equal(e.payload.n, e.sequence);
    seqs.push(e.sequence);
  });
  await waitFor(() => stream, { what: 'stream' });

  const tiny = envelope(1, 't.a', 'r', { n: 1, s: 'é😀' }) + envelope(2, 't.b', 'r', { n: 2 });
  const bytes = Buffer.from(tiny);
  for (let i = 0; i < bytes.length; i++) {
    stream.write(bytes.subarray(i, i + 1));
    if (i % 7 === 0) await sleep(0);
  }
  await waitFor(() => seqs.length === 2, { what: 'tiny events' });

  let huge = '';
  for (let n = 3; n < 5003; n++)
    huge += envelope(n, 't.c', `r${n % 10}`, { n, text: 'x'.repeat(50) });
  stream.write(huge);
  await waitFor(() => seqs.length === 5002, { what: 'huge chunk events' });
  assert.deepEqual(
    seqs,
    Array.from({ length: 5002 }, (_, i) => i + 1),
  );
  assert.equal(hub.metrics().bytes, bytes.length + Buffer.byteLength(huge));
});

test('plain SSE servers: event type is the topic, opaque ids, text or JSON data', async (t) => {
  let stream;
  const server = await sseServer((req, res) => {
    streamHead(res);
    stream = res;
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true, protocol: 'plain' });
  t.after(() => hub.close());
  const got = [];
  hub.subscribe('*', (e) => got.push(e));
  await waitFor(() => stream, { what: 'stream' });
  stream.write('id: abc-1\nevent: chat\ndata: hello\n\nevent: feed\ndata: {"a":1}\n\n');
  await waitFor(() => got.length === 2);
  assert.equal(got[0].topic, 'chat');
  assert.equal(got[0].payload, 'hello');
  assert.equal(got[0].id, 'abc-1');
  assert.deepEqual(got[1].payload, { a: 1 });
});

test('getHub: one hub per URL per tab', async (t) => {
  const server = await sseServer((req, res) => streamHead(res));
  t.after(() => server.close());
  const a = getHub(server.url, { enabled: true });
  const b = getHub(server.url);
  assert.equal(a, b);
  a.subscribe('x', () => {});
  b.subscribe('y', () => {});
  await waitFor(() => a.health.get().state === 'healthy');
  assert.equal(server.requests.length, 1);
  a.close();
  const c = getHub(server.url, { enabled: false });
  assert.notEqual(c, a);
  assert.equal(c.health.get().state, 'disabled');
  c.close();
});

test('invalid options and filters', () => {
  assert.throws(() => createHub({}), /url/);
  assert.throws(
    () => createHub({ url: 'http://x', retry: { bogus: 1 } }),
    /invalid configuration.*bogus/,
  );
  const hub = createHub({ url: 'http://127.0.0.1:9/x' });
  const original = console.error;
  const errors = [];
  console.error = (e) => errors.push(e);
  try {
    hub.subscribe('a.*.b', () => {});
  } finally {
    console.error = original;
  }
  assert.match(String(errors[0]), /invalid topic filter/);
  hub.close();
});
