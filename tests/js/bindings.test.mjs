// The framework bindings over the real core and a local stream: Svelte's topicStore read with
// Svelte's own store functions, and Vue's composables in an effect scope. (React's hooks run in
// the browser: tests/e2e/examples-react.spec.ts, React 19 and 18.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topicStore } from 'sse-hub/svelte';
import { useHubHealth, useTopic } from 'sse-hub/vue';
import { derived, get } from 'svelte/store';
import { effectScope, nextTick, ref } from 'vue';
import { envelope, loadHub, ready, sseServer, streamHead, waitFor } from './helpers.mjs';

const { createHub } = await loadHub();

const snapshot = (topic, sequence, items) =>
  `event: hub.snapshot\ndata: ${JSON.stringify({ topic, sequence, items })}\n\n`;
const item = (topic, resourceId, payload, sequence) => ({
  topic,
  resourceId,
  payload,
  sequence,
  emittedAt: 1732000000000,
});

/** A hub on a local stream; `send(text)` writes to the stream and waits until the core read it. */
async function liveHub(t) {
  let stream;
  const server = await sseServer((req, res) => {
    streamHead(res);
    res.write(ready());
    stream = res;
  });
  t.after(() => server.close());
  const hub = createHub({ url: server.url, enabled: true });
  t.after(() => hub.close());
  await waitFor(() => hub.health.get().state === 'healthy', { what: 'healthy' });
  const send = async (text) => {
    const bytes = hub.metrics().bytes + Buffer.byteLength(text);
    stream.write(text);
    await waitFor(() => hub.metrics().bytes === bytes, { what: 'the core read it' });
  };
  return { hub, send };
}

test('Svelte: topicStore folds events, resets on a snapshot, subscribes only while read', async (t) => {
  const { hub, send } = await liveHub(t);
  const log = topicStore(hub, 'project.*', {
    initial: [],
    reduce: (list, e) => [...list, `${e.resourceId}:${e.payload.v}`],
  });
  const latest = topicStore(hub, 'project.lifecycle', { resourceId: 'p1' });

  await send(envelope(1, 'project.lifecycle', 'p1', { v: 1 }));
  assert.equal(hub.metrics().deliveries, 0, 'no store subscribed, no hub subscription');

  // Svelte's own derived() and get() read it as any store.
  const count = derived(log, (list) => list.length);
  const seen = [];
  const offCount = count.subscribe((n) => seen.push(n));
  const offLatest = latest.subscribe(() => {});
  await send(envelope(2, 'project.lifecycle', 'p1', { v: 2 }));
  await send(envelope(3, 'project.milestone', 'p2', { v: 3 }));
  assert.deepEqual(get(log), ['p1:2', 'p2:3']);
  assert.deepEqual(get(latest), { v: 2 });
  assert.deepEqual(seen, [0, 1, 2]);

  // A snapshot replaces the state: its items (in sequence order) folded onto `initial`.
  await send(
    snapshot('project.lifecycle', 9, [
      item('project.lifecycle', 'p2', { v: 9 }, 9),
      item('project.lifecycle', 'p1', { v: 8 }, 8),
    ]),
  );
  assert.deepEqual(get(log), ['p1:8', 'p2:9']);
  assert.deepEqual(get(latest), { v: 8 }, 'resourceId: only p1 of the snapshot');
  await send(envelope(10, 'project.lifecycle', 'p2', { v: 10 }));
  assert.deepEqual(get(log), ['p1:8', 'p2:9', 'p2:10']);
  assert.deepEqual(get(latest), { v: 8 });

  // The last subscriber gone, the hub subscription goes; the next one starts from `initial`.
  offCount();
  offLatest();
  const deliveries = hub.metrics().deliveries;
  await send(envelope(11, 'project.lifecycle', 'p1', { v: 11 }));
  assert.equal(hub.metrics().deliveries, deliveries);
  assert.deepEqual(get(log), []);
  assert.equal(get(latest), undefined);
});

test('Vue: useTopic and useHubHealth follow the hub and stop with their scope', async (t) => {
  const { hub, send } = await liveHub(t);
  const scope = effectScope();
  const topic = ref('chat.message');
  const room = ref('r1');
  const { health, texts, last } = scope.run(() => ({
    health: useHubHealth(hub),
    texts: useTopic(hub, topic, {
      resourceId: room,
      initial: [],
      reduce: (list, e) => [...list, e.payload.text],
    }),
    last: useTopic(hub, 'chat.*'),
  }));
  assert.equal(health.value.label, 'Live');

  await send(envelope(1, 'chat.message', 'r1', { text: 'hi' }));
  await send(envelope(2, 'chat.message', 'r2', { text: 'elsewhere' }));
  await send(envelope(3, 'chat.typing', 'r1', { text: 'typing' }));
  assert.deepEqual(texts.value, ['hi']);
  assert.deepEqual(last.value, { text: 'typing' });

  await send(snapshot('chat.message', 5, [item('chat.message', 'r1', { text: 'kept' }, 4)]));
  assert.deepEqual(texts.value, ['kept']);

  // Another room: the state starts again from `initial`, and only that room's events count.
  room.value = 'r2';
  await nextTick();
  assert.deepEqual(texts.value, []);
  await send(envelope(6, 'chat.message', 'r2', { text: 'there' }));
  await send(envelope(7, 'chat.message', 'r1', { text: 'not here' }));
  assert.deepEqual(texts.value, ['there']);
  topic.value = 'chat.typing';
  await nextTick();
  await send(envelope(8, 'chat.typing', 'r2', { text: 'typing' }));
  assert.deepEqual(texts.value, ['typing']);

  // Disposed: no subscription is left, and the refs keep their last values.
  scope.stop();
  const deliveries = hub.metrics().deliveries;
  await send(envelope(9, 'chat.typing', 'r2', { text: 'after' }));
  assert.equal(hub.metrics().deliveries, deliveries);
  assert.deepEqual(texts.value, ['typing']);
  hub.close();
  assert.equal(hub.health.get().label, 'Offline');
  assert.equal(health.value.label, 'Live');
});
