// Seed 003 (dashboard) and seed 004 (debate) through the demo page and the seeds' own
// stream endpoints; and the same page built with VITE_ENABLE_SSE_HUB=false (every engine).
import { join } from 'node:path';
import { root, startHubd } from './hubd';
import { expect, test } from './fixtures';
import { expectLive, openDemo, openDemoTab } from './demo';

test('seed 003: the dashboard says Connected within 5 s and receives metrics and new items', async ({
  browser,
  baseURL,
}) => {
  const tab = await openDemo(browser, baseURL, 'alice');
  await expect(tab.page.getByTestId('dashboard-connection')).toHaveText(/Connected/, {
    timeout: 5000,
  });
  await expect(tab.page.getByTestId('metric-total')).not.toBeEmpty();
  const before = await tab.page.getByTestId('dashboard-item').count();
  await tab.page.getByTestId('item-title').fill('Shipping is delayed');
  await tab.page.getByTestId('item-add').click();
  await expect(tab.page.getByTestId('dashboard-item')).toHaveCount(before + 1, { timeout: 2000 });
  await expect(tab.page.getByTestId('dashboard-items')).toContainText('Shipping is delayed');
  await tab.context.close();
});

test('seed 003: the configuration stream is 401 without auth, 404 for an unknown id, streams with it', async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  const configs = await (
    await request.get('/api/v2/configurations', {
      headers: { 'X-User-ID': 'alice' },
    })
  ).json();
  const id = (configs.items ?? configs)[0].id as string;
  const anonymous = await request.get(`/api/v2/configurations/${id}/stream`);
  expect(anonymous.status()).toBe(401);
  const unknown = await request.get('/api/v2/configurations/no-such-config/stream', {
    headers: { 'X-User-ID': 'alice' },
  });
  expect(unknown.status()).toBe(404);
  // The public stream and a configuration stream answer with an event stream (read the
  // head only: they never end).
  for (const [path, headers] of [
    ['/api/v2/stream', {}],
    [`/api/v2/configurations/${id}/stream`, { 'X-User-ID': 'alice' }],
  ] as const) {
    const res = await fetch(`${baseURL}${path}`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/event: metrics/);
    await reader.cancel();
  }
  await request.dispose();
});

test('seed 003: dashboard streams past the cap are refused gracefully (503, Retry-After)', async () => {
  const hubd = await startHubd({ args: ['--max-dashboard-streams', '3'] });
  const open: AbortController[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const abort = new AbortController();
      open.push(abort);
      const res = await fetch(`${hubd.url}/api/v2/stream`, { signal: abort.signal });
      expect(res.status).toBe(200);
    }
    const refused = await fetch(`${hubd.url}/api/v2/stream`);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('dashboard_full');
  } finally {
    for (const abort of open) abort.abort();
    await hubd.stop();
  }
});

test('seed 004: a debate arrives in order with phase and speaker, in three tabs at once', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const tabs = [];
  for (const user of ['alice', 'bob', 'carol']) tabs.push(await openDemo(browser, baseURL, user));
  for (const tab of tabs) await expectLive(tab.page);
  await tabs[0].page.getByTestId('debate-topic').fill('Tabs or spaces');
  await tabs[0].page.getByTestId('debate-start').click();
  // Every tab follows the debate it hears of; wait for a few utterances everywhere.
  for (const tab of tabs) {
    await expect(tab.page.getByTestId('debate-utterance').nth(2)).toBeAttached({ timeout: 20_000 });
    await expect(tab.page.getByTestId('debate-phase')).not.toBeEmpty();
    await expect(tab.page.getByTestId('debate-speaker')).not.toBeEmpty();
  }
  const transcript = (page: (typeof tabs)[number]['page']) =>
    page
      .getByTestId('debate-utterance')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-index')}:${e.textContent}`));
  const indexes = await tabs[0].page
    .getByTestId('debate-utterance')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
  expect(indexes).toEqual([...indexes].sort((a, b) => a - b)); // in order
  expect(new Set(indexes).size).toBe(indexes.length); // once each
  // The three tabs agree on every utterance they have (some may be one turn ahead).
  const [a, b, c] = await Promise.all(tabs.map((t) => transcript(t.page)));
  const common = Math.min(a.length, b.length, c.length);
  expect(b.slice(0, common)).toEqual(a.slice(0, common));
  expect(c.slice(0, common)).toEqual(a.slice(0, common));
  for (const tab of tabs) await tab.context.close();
});

test(
  'VITE_ENABLE_SSE_HUB=false: the same page works through legacy polling',
  { tag: '@engines' },
  async ({ open, ownHubd }) => {
    const { hubd, api } = await ownHubd({ staticRoot: join(root, 'web-demo', 'dist-polling') });
    const tab = await openDemoTab(open, hubd.url, 'alice', '?pollMs=1000');
    await expect.poll(() => tab.attribute('connection-status', 'data-state')).toBe('disabled');
    await expect.poll(() => tab.text('project-state')).toMatch(/active/i);
    const res = await (await api.as('bob')).post('/api/projects/p-apollo/archive');
    expect(res.status()).toBe(200);
    await expect.poll(() => tab.text('project-state'), { timeout: 5000 }).toMatch(/archived/i);
    expect(await tab.attribute('project-source', 'data-source')).toBe('poll');
    expect(await api.requests(/^\/api\/v1\/events/)).toEqual([]); // nothing opened a stream
  },
);
