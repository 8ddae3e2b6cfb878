// The health store contract, transitions over real HTTP, the disabled hub, the fallback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fastRetry, loadHub, ready, sseServer, sleep, streamHead, waitFor } from './helpers.mjs';

const { createHub } = await loadHub();

test('health store: React useSyncExternalStore and Svelte store contracts', async () => {
  const hub = createHub({ url: 'http://127.0.0.1:9/x' }); // disabled by default
  const { get, subscribe } = hub.health; // bare methods, as React calls them
  assert.equal(get(), get(), 'stable snapshot between changes');
  const seen = [];
  const unsubscribe = subscribe((value) => seen.push(value));
  assert.equal(typeof unsubscribe, 'function');
  assert.equal(seen.length, 1, 'Svelte: called synchronously with the current value');
  assert.equal(seen[0], get());
  assert.equal(seen[0].state, 'disabled');
  assert.equal(seen[0].label, 'Offline');
  assert.match(seen[0].explanation, /turned off/);
  assert.ok(Object.isFrozen(seen[0]));
  for (const key of [
    'state',
    'since',
    'reason',
    'attempt',
    'nextRetryAt',
    'lastEventAt',
    'label',
    'explanation',
  ]) {
    assert.ok(key in seen[0], key);
  }
  hub.close();
  assert.equal(seen.at(-1).state, 'closed');
  assert.notEqual(seen.at(-1), seen[0]);
  const count = seen.length;
  unsubscribe();
  assert.equal(seen.length, count);
});

test('disabled hub opens nothing, reports disabled and keeps fallbacks polling', async (t) => {
  const server = await sseServer((req, res) => streamHead(res));
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: 'false' });
  t.after(() => hub.close());
  let polls = 0;
  hub.fallback(() => polls++, { intervalMs: 20 });
  hub.subscribe('*', () => {});
  await waitFor(() => polls >= 3, { what: 'polls' });
  assert.equal(hub.health.get().state, 'disabled');
  assert.equal(hub.health.get().reason, 'disabled');
  assert.equal(hub.isPolling, true);
  assert.equal(server.requests.length, 0);
  assert.equal(hub.metrics().connects, 0);
});

test('transitions: connecting → healthy (Live) → recovering → healthy', async (t) => {
  let n = 0;
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(ready());
    if (n++ === 0) setTimeout(() => res.destroy(), 50);
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true, retry: fastRetry });
  t.after(() => hub.close());
  const states = [];
  hub.health.subscribe((h) => states.push(`${h.state}:${h.label}`));
  await waitFor(() => server.requests.length === 2 && hub.health.get().state === 'healthy');
  const compact = states.filter((s, i) => s !== states[i - 1]);
  assert.deepEqual(compact, [
    'connecting:Connecting…',
    'healthy:Live',
    'recovering:Connecting…',
    'healthy:Live',
  ]);
  assert.equal(hub.health.get().reason, 'opened');
  assert.ok(hub.health.get().lastEventAt > 0);
  const m = hub.metrics();
  assert.equal(m.reconnects, 1);
  assert.equal(m.disconnects, 1);
  assert.deepEqual(m.disconnectReasons, { network_error: 1 });
});

test('fallback polls while degraded, stops within a second of healthy, restarts on degrading', async (t) => {
  let refuse = 2;
  let stream;
  const server = await sseServer((req, res) => {
    if (refuse > 0) {
      refuse--;
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end('{"error":"busy"}');
      return;
    }
    streamHead(res);
    res.write(ready());
    stream = res;
  });
  t.after(() => server.close());
  const hub = createHub({
    url: server.url,
    enabled: true,
    retry: { ...fastRetry, initialMs: 150 },
  });
  t.after(() => hub.close());
  const polls = [];
  const stop = hub.fallback(({ signal }) => polls.push({ at: Date.now(), signal }), {
    intervalMs: 30,
  });

  await waitFor(() => hub.health.get().state === 'degraded', { what: 'degraded' });
  await waitFor(() => polls.length >= 2, { what: 'polling while degraded' });
  await waitFor(() => hub.health.get().state === 'healthy', { what: 'healthy' });
  const healthyAt = Date.now();
  await sleep(150);
  const last = polls.at(-1).at;
  assert.ok(last - healthyAt < 1000, 'stopped within a second of healthy');
  const count = polls.length;
  await sleep(100);
  assert.equal(polls.length, count, 'no polls while healthy');
  assert.equal(hub.isPolling, false);

  // Degrade again: the stream drops and the server refuses twice.
  refuse = 5;
  stream.destroy();
  await waitFor(() => hub.health.get().state === 'degraded', { what: 'degraded again' });
  await waitFor(() => polls.length >= count + 2, { what: 'polling restarted' });
  stop();
  const after = polls.length;
  await sleep(100);
  assert.equal(polls.length, after, 'a removed poller stops');
  assert.ok(hub.metrics().fallbackActivations >= 2);
});

test('fallback: no overlapping polls; the signal aborts when polling stops', async (t) => {
  const hub = createHub({ url: 'http://127.0.0.1:9/x' });
  t.after(() => hub.close());
  let running = 0;
  let maxRunning = 0;
  let signal;
  hub.fallback(
    async (ctx) => {
      signal = ctx.signal;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(40);
      running--;
    },
    { intervalMs: 1 },
  );
  await sleep(150);
  assert.equal(maxRunning, 1);
  hub.close();
  assert.equal(signal.aborted, true);
});
