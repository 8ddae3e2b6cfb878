// What goes on the wire: tokens, Authorization, Last-Event-ID, Retry-After, headers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envelope, fastRetry, loadHub, ready, sseServer, streamHead, waitFor } from './helpers.mjs';

const { createHub } = await loadHub();

test('getToken before connect, Authorization header, refresh once on 401', async (t) => {
  const server = await sseServer((req, res) => {
    if (req.headers.authorization !== 'Bearer good') {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"error":"unauthorized"}');
      return;
    }
    streamHead(res);
    res.write(ready());
  });
  t.after(() => server.close());
  const tokens = ['stale', 'good'];
  const asked = [];
  const hub = createHub({
    url: server.url,
    enabled: true,
    retry: fastRetry,
    headers: { 'X-App': 'demo' },
    scope: { projectId: 'p 1', topics: ['a.b', 'c'] },
    getToken: async ({ reason }) => {
      asked.push(reason);
      return tokens.shift();
    },
  });
  t.after(() => hub.close());
  const telemetry = [];
  hub.onTelemetry((e) => telemetry.push(e.code));
  await waitFor(() => hub.health.get().state === 'healthy', { what: 'healthy' });
  assert.deepEqual(
    server.requests.map((r) => r.headers.authorization),
    ['Bearer stale', 'Bearer good'],
  );
  assert.equal(asked.length, 2);
  assert.equal(asked[1], 'unauthorized');
  assert.equal(server.requests[0].headers['x-app'], 'demo');
  assert.equal(server.requests[0].headers.accept, 'text/event-stream');
  assert.equal(server.requests[0].url, '/api/v1/events?projectId=p%201&topics=a.b%2Cc');
  assert.equal(hub.metrics().authFailures, 1);
  assert.ok(telemetry.includes('auth_failure'));
});

test('getToken failing: no connect, retried with backoff', async (t) => {
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(': hi\n\n'); // after degraded, the hub waits for the server's first frame
  });
  t.after(() => server.close());
  let calls = 0;
  const hub = createHub({
    url: server.url,
    enabled: true,
    retry: fastRetry,
    getToken: () => {
      calls++;
      if (calls < 3) throw new Error('no session');
      return 'ok';
    },
  });
  t.after(() => hub.close());
  await waitFor(() => hub.health.get().state === 'healthy', { what: 'healthy' });
  assert.equal(calls, 3);
  assert.equal(server.requests.length, 1);
  assert.equal(server.requests[0].headers.authorization, 'Bearer ok');
});

test('Last-Event-ID on reconnect; replayed duplicates dropped; exactly once in order', async (t) => {
  const server = await sseServer((req, res, n) => {
    streamHead(res);
    res.write(ready());
    if (n === 0) {
      res.end(envelope(1, 'a', 'r', 1) + envelope(2, 'a', 'r', 2) + envelope(3, 'b', 'r', 3));
    } else {
      res.write(envelope(3, 'b', 'r', 3) + envelope(4, 'a', 'r', 4));
    }
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true, retry: fastRetry });
  t.after(() => hub.close());
  const seqs = [];
  hub.subscribe('*', (e) => seqs.push(e.sequence));
  await waitFor(() => seqs.length === 4, { what: '4 events' });
  assert.deepEqual(seqs, [1, 2, 3, 4]);
  assert.equal(server.requests[0].headers['last-event-id'], undefined);
  assert.equal(server.requests[1].headers['last-event-id'], '3');
  assert.equal(hub.metrics().duplicates, 1);
});

test('Retry-After is honoured', async (t) => {
  const server = await sseServer((req, res, n) => {
    if (n === 0) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
      res.end('{"error":"draining"}');
      return;
    }
    streamHead(res);
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true, retry: fastRetry });
  t.after(() => hub.close());
  await waitFor(() => hub.health.get().reason === 'unavailable', { what: 'refused' });
  const h = hub.health.get();
  assert.equal(h.httpStatus, 503);
  assert.ok(h.nextRetryAt - h.since >= 1000, `next retry ${h.nextRetryAt - h.since} ms later`);
  await waitFor(() => hub.health.get().state === 'healthy', { what: 'healthy' });
  const gap = server.requests[1].at - server.requests[0].at;
  assert.ok(gap >= 950, `reconnected after ${gap} ms`);
});

test('403 stops for that scope and reports, no tight loop', async (t) => {
  const server = await sseServer((req, res) => {
    res.writeHead(403, { 'Content-Type': 'application/json' });
    res.end('{"error":"forbidden"}');
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true, retry: fastRetry });
  t.after(() => hub.close());
  await waitFor(() => hub.health.get().reason === 'forbidden');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(server.requests.length, 1);
  assert.equal(hub.health.get().state, 'degraded');
  assert.equal(hub.health.get().label, 'Offline');
  assert.match(hub.health.get().explanation, /access/);
  assert.equal(hub.isPolling, true);
});

test('a custom transport through the seam', async (t) => {
  const opened = [];
  const watched = [];
  const transport = {
    open(request, sink) {
      opened.push(request);
      queueMicrotask(() => {
        sink.opened(200, 'text/event-stream', -1);
        sink.received(envelope(7, 'ws.topic', 'x', { via: 'custom' }));
      });
      return { close() {}, watch: (type) => watched.push(type) };
    },
  };
  const hub = createHub({ url: 'wss://example.invalid/hub', enabled: true, transport });
  t.after(() => hub.close());
  const got = [];
  hub.subscribe('ws.topic', (e) => got.push(e.payload));
  await waitFor(() => got.length === 1);
  assert.deepEqual(got, [{ via: 'custom' }]);
  assert.equal(opened[0].url, 'wss://example.invalid/hub');
  assert.ok(opened[0].eventTypes.includes('hub.ready'));
  assert.deepEqual(watched, ['ws.topic'], 'told about topics subscribed after open');
});
