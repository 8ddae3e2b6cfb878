// The hub itself in Chromium against a real hubd: no loss across dropped streams, token
// expiry mid-stream, refusal of an unauthorized scope, snapshot after eviction, and a
// server killed and started again. The page is bare (see page.ts); the demo's UI is
// covered by the scenario specs.
import type { Page } from '@playwright/test';
import { startHubd } from './hubd';
import { expect, login, test } from './fixtures';
import { openBarePage } from './page';

declare global {
  interface Window {
    sseHub: typeof import('../../js/dist/index.js');
    hub: import('../../js/dist/index.js').Hub;
    got: number[];
    snapshots: unknown[];
    tokens: number;
  }
}

// A hub on the page's origin, subscribed to `topic`; payload.n of each event into `got`.
// The topics used here have no publisher in hubd but the test (dashboard.metrics would
// get hubd's periodic metrics events too).
async function subscribe(page: Page, topic: string, options: Record<string, unknown> = {}) {
  await page.evaluate(
    ({ topic, options }) => {
      window.got = [];
      window.snapshots = [];
      window.tokens = 0;
      const extra: Record<string, unknown> = { ...options };
      if (options.tokenTtl) {
        extra.getToken = async () => {
          window.tokens++;
          const res = await fetch('/api/v1/token', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user: 'alice', ttlSeconds: options.tokenTtl }),
          });
          return (await res.json()).token;
        };
        delete extra.tokenTtl;
      }
      window.hub = window.sseHub.getHub('/api/v1/events', {
        enabled: true,
        retry: { initialMs: 200, maxMs: 2000 },
        ...extra,
      });
      window.hub.subscribe(topic, (e) => window.got.push((e.payload as { n: number }).n), {
        onSnapshot: (s) => window.snapshots.push(s),
      });
    },
    { topic, options },
  );
}

const health = (page: Page) => page.evaluate(() => window.hub.health.get());
const got = (page: Page) => page.evaluate(() => window.got);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function waitHealthy(page: Page, timeout = 10_000) {
  await expect.poll(async () => (await health(page)).state, { timeout }).toBe('healthy');
}

test('no loss: every event exactly once, in order, while the stream is dropped again and again', async ({
  page,
  context,
  baseURL,
  api,
}) => {
  await login(context, 'alice');
  await openBarePage(page, baseURL);
  await subscribe(page, 'dashboard.new_item', { scope: { topics: 'dashboard.new_item' } });
  await waitHealthy(page);
  let n = 0;
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 10; i++) await api.publish('dashboard.new_item', 'm', { n: ++n });
    if (round % 4 === 3) {
      await waitHealthy(page); // so that each drop cuts a live stream
      await api.fault({ dropStreams: true });
    }
  }
  await expect.poll(async () => (await got(page)).length, { timeout: 20_000 }).toBe(200);
  await page.waitForTimeout(500); // nothing more may arrive
  expect(await got(page)).toEqual(range(1, 200));
  await waitHealthy(page); // the last drop's reconnect may still be under way
  const metrics = await page.evaluate(() => window.hub.metrics());
  expect(metrics.reconnects).toBeGreaterThanOrEqual(5);
  expect(metrics.events).toBe(200);
});

test('token expiry mid-stream: the hub refreshes the token and resumes without loss', async ({
  page,
  baseURL,
  api,
}) => {
  await openBarePage(page, baseURL);
  await subscribe(page, 'dashboard.new_item', { tokenTtl: 2 });
  await waitHealthy(page);
  for (let n = 1; n <= 30; n++) {
    await api.publish('dashboard.new_item', 'm', { n });
    await page.waitForTimeout(200);
  }
  await expect.poll(async () => (await got(page)).length, { timeout: 15_000 }).toBe(30);
  expect(await got(page)).toEqual(range(1, 30));
  expect(await page.evaluate(() => window.tokens)).toBeGreaterThanOrEqual(3);
  expect((await page.evaluate(() => window.hub.metrics())).authFailures).toBeGreaterThanOrEqual(1);
  await waitHealthy(page);
});

test('an unauthorized scope is refused with 403, no partial stream, and the hub says so', async ({
  page,
  context,
  baseURL,
}) => {
  await login(context, 'alice'); // of acme; the project is globex's
  await openBarePage(page, baseURL);
  const streamed: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/v1/events'))
      streamed.push(`${r.status()} ${r.headers()['content-type']}`);
  });
  await subscribe(page, 'project.lifecycle', { scope: { projectId: 'p-globex-zeus' } });
  await expect.poll(async () => (await health(page)).state).toBe('degraded');
  const h = await health(page);
  expect(h.reason).toBe('forbidden');
  expect(h.httpStatus).toBe(403);
  expect(h.label).toBe('Offline');
  expect(streamed).toEqual([expect.stringMatching(/^403 application\/json/)]);
  await page.waitForTimeout(1500);
  expect(streamed.length).toBe(1); // no retry loop
});

test('a Last-Event-ID older than the buffer restores state through a snapshot', async ({
  page,
  context,
}) => {
  const hubd = await startHubd({ args: ['--replay-count', '5'] });
  try {
    await login(context, 'alice', hubd.url);
    await openBarePage(page, hubd.url);
    await subscribe(page, 'project.lifecycle');
    await waitHealthy(page);
    const publish = (resourceId: string, n: number) =>
      context.request.post(`${hubd.url}/api/v1/publish`, {
        headers: { Authorization: 'Bearer e2e-publisher-token' },
        data: { topic: 'project.lifecycle', resourceId, workspace: 'acme', payload: { n } },
      });
    await publish('p-apollo', 1);
    await expect.poll(() => got(page)).toEqual([1]);
    // Refuse reconnects while more happens than the buffer keeps, then let the hub back in.
    await context.request.post(`${hubd.url}/api/v1/test/faults`, {
      data: { refuseStatus: 503, refuseSeconds: 2 },
    });
    await context.request.post(`${hubd.url}/api/v1/test/faults`, { data: { dropStreams: true } });
    for (let n = 2; n <= 12; n++) await publish(n % 2 ? 'p-apollo' : 'p-hermes', n);
    await expect
      .poll(() => page.evaluate(() => window.snapshots.length), { timeout: 20_000 })
      .toBe(1);
    const snapshot = (await page.evaluate(() => window.snapshots[0])) as {
      items: { resourceId: string; payload: { n: number } }[];
    };
    const latest = Object.fromEntries(snapshot.items.map((i) => [i.resourceId, i.payload.n]));
    expect(latest).toEqual({ 'p-apollo': 11, 'p-hermes': 12 });
    await publish('p-apollo', 13);
    await expect.poll(async () => (await got(page)).at(-1)).toBe(13);
    expect(await got(page)).toEqual([1, 13]); // the gap came as the snapshot, not as events
  } finally {
    await hubd.stop();
  }
});

test('hubd killed and started again: Connecting… meanwhile, Live again well within 30 s', async ({
  page,
}) => {
  let hubd = await startHubd();
  const port = hubd.port;
  try {
    await openBarePage(page, hubd.url);
    await subscribe(page, 'dashboard.new_item', { tokenTtl: 600 });
    await waitHealthy(page);
    const publish = (n: number) =>
      page.request.post(`${hubd.url}/api/v1/publish`, {
        headers: { Authorization: 'Bearer e2e-publisher-token' },
        data: { topic: 'dashboard.new_item', resourceId: 'm', workspace: 'acme', payload: { n } },
      });
    await publish(1);
    await expect.poll(() => got(page)).toEqual([1]);
    await hubd.stop('SIGKILL');
    await expect.poll(async () => (await health(page)).label).not.toBe('Live');
    expect(['Connecting…', 'Offline']).toContain((await health(page)).label);
    const restartedAt = Date.now();
    hubd = await startHubd({ port });
    await waitHealthy(page, 30_000);
    expect(Date.now() - restartedAt).toBeLessThan(30_000);
    await publish(2); // the new process numbers from 1 again: still delivered
    await expect.poll(() => got(page)).toEqual([1, 2]);
  } finally {
    await hubd.stop();
  }
});
