// Ownership (close, FinalizationRegistry), page lifecycle inputs, token expiry, EventSource.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EventSource } from 'eventsource';
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

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const { createHub, coreStats } = await loadHub();

test('close() ends the stream, stops timers and pollers, frees the core', async (t) => {
  let streamClosed = false;
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(ready());
    res.on('close', () => (streamClosed = true));
  });
  t.after(() => server.close());
  const before = coreStats().hubs;
  const hub = createHub({ url: server.url, enabled: true, retry: fastRetry });
  assert.equal(coreStats().hubs, before + 1);
  const events = [];
  hub.subscribe('*', (e) => events.push(e));
  let polls = 0;
  hub.fallback(() => polls++, { intervalMs: 10 });
  const states = [];
  hub.health.subscribe((h) => states.push(h.state));
  await waitFor(() => hub.health.get().state === 'healthy');
  hub.close();
  hub.close();
  assert.equal(coreStats().hubs, before);
  assert.equal(states.at(-1), 'closed');
  await waitFor(() => streamClosed, { what: 'server saw the stream end' });
  assert.equal(typeof hub.subscribe('x', () => {}), 'function', 'subscribe after close is a no-op');
  assert.equal(hub.metrics().events, 0);
  await sleep(50);
  assert.equal(polls, 0);
  assert.equal(server.requests.length, 1, 'no reconnect after close');
});

test('a forgotten hub is freed by the FinalizationRegistry', async () => {
  const before = coreStats().hubs;
  (() => {
    for (let i = 0; i < 20; i++) createHub({ url: 'http://127.0.0.1:9/x', enabled: false });
  })();
  assert.equal(coreStats().hubs, before + 20);
  for (let i = 0; i < 20 && coreStats().hubs > before; i++) {
    gc();
    await sleep(10);
  }
  assert.equal(coreStats().hubs, before);
});

test('page lifecycle: hidden pauses (pauseWhenHidden), offline degrades, both resume', async (t) => {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const win = new EventTarget();
  globalThis.document = doc;
  globalThis.window = win;
  t.after(() => {
    delete globalThis.document;
    delete globalThis.window;
  });
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(ready());
  });
  t.after(() => server.close());
  const hub = createHub({
    url: server.url,
    enabled: true,
    pauseWhenHidden: true,
    retry: fastRetry,
  });
  t.after(() => hub.close());
  await waitFor(() => hub.health.get().state === 'healthy');

  doc.visibilityState = 'hidden';
  doc.dispatchEvent(new Event('visibilitychange'));
  assert.equal(hub.health.get().reason, 'paused');
  await waitFor(() => server.open.size === 0, { what: 'stream closed while hidden' });
  doc.visibilityState = 'visible';
  doc.dispatchEvent(new Event('visibilitychange'));
  await waitFor(() => hub.health.get().state === 'healthy' && server.requests.length === 2);

  win.dispatchEvent(new Event('offline'));
  assert.equal(hub.health.get().state, 'degraded');
  assert.equal(hub.health.get().reason, 'offline');
  assert.equal(hub.isPolling, true);
  win.dispatchEvent(new Event('online'));
  await waitFor(() => hub.health.get().state === 'healthy' && server.requests.length === 3);

  // Resumed from a freeze: the stream is reopened (Chromium's may have stalled silently).
  doc.dispatchEvent(new Event('freeze'));
  doc.dispatchEvent(new Event('resume'));
  assert.equal(hub.health.get().reason, 'resumed');
  await waitFor(() => hub.health.get().state === 'healthy' && server.requests.length === 4);
  hub.close();
  // Listeners are removed on close: events after it reach nothing.
  win.dispatchEvent(new Event('offline'));
});

test('getToken is called again before a JWT expires', async (t) => {
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(ready());
  });
  t.after(() => server.close());
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (expMs) => `${b64({ alg: 'none' })}.${b64({ exp: Math.floor(expMs / 1000) })}.sig`;
  const reasons = [];
  const hub = createHub({
    url: server.url,
    enabled: true,
    refreshBeforeExpiryMs: 2500,
    getToken: ({ reason }) => {
      reasons.push(reason);
      return jwt(Date.now() + (reasons.length === 1 ? 3000 : 3600_000));
    },
  });
  t.after(() => hub.close());
  await waitFor(() => reasons.length === 2, { timeout: 4000, what: 'refresh before exp' });
  assert.equal(reasons[1], 'token_expired');
  await waitFor(() => server.requests.length >= 1 && hub.health.get().state === 'healthy');
});

test('EventSource transport (the eventsource package in node)', async (t) => {
  let stream;
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(ready());
    stream = res;
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true, transport: 'eventsource', EventSource });
  t.after(() => hub.close());
  const got = [];
  hub.subscribe('project.lifecycle', (e) => got.push(e));
  await waitFor(() => hub.health.get().state === 'healthy' && stream);
  stream.write(envelope(5, 'project.lifecycle', 'p1', { multi: 'line\nvalue' }));
  await waitFor(() => got.length === 1);
  assert.deepEqual(got[0].payload, { multi: 'line\nvalue' });
  assert.equal(got[0].id, '5');
  stream.destroy();
  await waitFor(() => server.requests.length === 2, { what: 'reconnect by the core' });
  assert.match(server.requests[1].url, /[?&]lastEventId=5$/);
});
