// hubd under abuse (issue 14): an ordinary user, or nobody, attacking the real server on
// loopback. Each test asserts the bound or the isolation while the attack runs, and reports
// the figure it measured (node --test prints the diagnostics).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ASAN_SMALL_QUARANTINE, MiB, rss, startHub } from './harness.mjs';

const PUBLISHER = 'publisher-token-for-abuse-tests';

async function publish(hub, body) {
  const res = await fetch(`${hub.base}/api/v1/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PUBLISHER}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

// Runs `task(i)` for i in [0, n) with `width` of them in flight.
async function pool(n, width, task) {
  let next = 0;
  const results = new Array(n);
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

// The largest RSS seen while `attack` runs, sampled every 50 ms, minus the RSS before it.
async function rssGrowth(hub, attack) {
  const before = rss(hub);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rss(hub))), 50);
  try {
    await attack();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rss(hub)) - before;
}

const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;

describe('2. the latest-value table and snapshots are bounded', () => {
  test('20,000 resources do not grow hubd past its bounds', async (t) => {
    const hub = await startHub(
      [
        '--publisher-token',
        PUBLISHER,
        '--latest-bytes',
        String(4 * MiB),
        '--replay-bytes',
        String(1 * MiB),
      ],
      { env: ASAN_SMALL_QUARANTINE },
    );
    const payload = { text: 'x'.repeat(2000) };
    const send = (i) =>
      publish(hub, { workspace: 'acme', topic: 'activity.created', resourceId: `a-${i}`, payload });
    await pool(500, 8, send); // warm the allocator
    const growth = await rssGrowth(hub, () => pool(20000, 8, (i) => send(500 + i)));
    t.diagnostic(`RSS growth while 20,000 resources were published: ${mib(growth)}`);
    assert.ok(growth < 48 * MiB, mib(growth));
  });

  test('a far-future Last-Event-ID gets a snapshot within the send queue', async (t) => {
    const hub = await startHub(['--publisher-token', PUBLISHER, '--send-queue-bytes', '65536']);
    const payload = { text: 'y'.repeat(1000) };
    await pool(500, 8, (i) =>
      publish(hub, { workspace: 'acme', topic: 'activity.created', resourceId: `b-${i}`, payload }),
    );
    const s = await hub.stream('alice', '/api/v1/events?topics=activity.created', {
      'last-event-id': '999999999999',
    });
    const snap = await s.first((f) => f.event === 'hub.snapshot');
    const size = snap.data.length;
    t.diagnostic(`snapshot frame: ${size} bytes, ${snap.json.items.length} items`);
    assert.ok(size <= 65536 / 2, String(size));
    assert.equal(snap.json.truncated, true);
    assert.equal(snap.json.items.at(-1).resourceId, 'b-499'); // the newest are kept
    s.close();
  });
});

describe('9. sequences and metrics tell nothing of other tenants', () => {
  test("a workspace's sequence, /healthz and /metrics do not move with another's events", async (t) => {
    const hub = await startHub([
      ...['--publisher-token', PUBLISHER, '--metrics-interval', '60000'],
      ...['--system-interval', '3600000'],
    ]);
    // Kept open: it sees every acme event, so it knows acme's sequence.
    const first = await hub.stream('alice', '/api/v1/events');
    const [ready] = await first.waitFor((f) => f.event === 'hub.ready');
    const health = await (await fetch(`${hub.base}/healthz`)).json();
    for (let i = 0; i < 20; i++) {
      await publish(hub, {
        workspace: 'globex',
        topic: 'chat.message',
        resourceId: 'r',
        payload: i,
      });
    }
    const again = await hub.stream('alice', '/api/v1/events');
    const [later] = await again.waitFor((f) => f.event === 'hub.ready');
    const acme = Math.max(
      ready.json.sequence,
      ...first.frames.filter((f) => f.id).map((f) => +f.id),
    );
    t.diagnostic(
      `acme's hub.ready sequence after 20 globex events: ${later.json.sequence} (acme's own: ${acme})`,
    );
    assert.equal(later.json.sequence, acme);
    const own = await publish(hub, {
      workspace: 'acme',
      topic: 'chat.message',
      resourceId: 'r',
      payload: 1,
    });
    assert.equal(own.body.sequence, acme + 1);
    first.close();
    again.close();
    assert.deepEqual(await (await fetch(`${hub.base}/healthz`)).json(), health);
    assert.deepEqual(Object.keys(health).sort(), ['eventStream', 'status']);
    assert.equal((await fetch(`${hub.base}/metrics`)).status, 401);
    const metrics = await (
      await fetch(`${hub.base}/metrics`, { headers: { authorization: `Bearer ${PUBLISHER}` } })
    ).text();
    assert.match(metrics, /hubd_events_published_total/);
    assert.doesNotMatch(metrics, /hubd_sequence/);
  });
});
