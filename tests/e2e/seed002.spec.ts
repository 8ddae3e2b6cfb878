// Seed 002 (activity and notifications) through the demo page: the badge and the
// notification flow in every engine (@engines), the rest in Chromium.
import type { APIRequestContext } from '@playwright/test';
import { startHubd } from './hubd';
import { expect, test } from './fixtures';
import { expectLive, expectLiveTab, openDemo, openDemoTab } from './demo';

async function notify(bob: APIRequestContext, body: Record<string, unknown>) {
  const res = await bob.post('/api/notifications', { data: { userId: 'alice', ...body } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id as string;
}

test(
  'activity: the feed and the "N new activities" badge update live',
  { tag: '@engines' },
  async ({ open, baseURL, api }) => {
    const tab = await openDemoTab(open, baseURL, 'alice');
    await expectLiveTab(tab);
    const before = Number((await tab.attribute('activity-badge', 'data-count')) ?? 0);
    const bob = await api.as('bob');
    for (const message of ['Bob commented on Apollo', 'Bob uploaded a file']) {
      const res = await bob.post('/api/activity', { data: { type: 'comment', message } });
      expect(res.status()).toBe(201);
    }
    await expect
      .poll(() => tab.attribute('activity-badge', 'data-count'), { timeout: 2000 })
      .toBe(String(before + 2));
    await expect.poll(() => tab.text('activity-feed')).toContain('Bob uploaded a file');
    expect(await tab.text('activity-feed')).toContain('Bob commented on Apollo');
  },
);

test(
  'notifications: count and red dot, grouping, an urgent toast that leaves after 5 s',
  { tag: '@engines' },
  async ({ open, baseURL, api }) => {
    const tab = await openDemoTab(open, baseURL, 'alice');
    await expectLiveTab(tab);
    const bob = await api.as('bob');
    const count = async () =>
      Number((await tab.attribute('notification-bell', 'data-unread')) ?? 0);
    const before = await count();
    for (let i = 1; i <= 3; i++) {
      await notify(bob, { type: 'task', title: `Review section ${i}`, groupKey: 'task-assigned' });
    }
    await expect.poll(count, { timeout: 2000 }).toBe(before + 3);
    await expect.poll(() => tab.visible('notification-dot')).toBe(true);
    await expect
      .poll(() => tab.text('notification-group-label'))
      .toMatch(/3 tasks assigned to you/);

    await notify(bob, { type: 'urgent', title: 'Build is broken', urgent: true });
    const toast = () => tab.visible('toast', 'Build is broken');
    await expect.poll(toast, { timeout: 2000, intervals: [50] }).toBe(true);
    const shown = Date.now();
    await expect.poll(toast, { timeout: 8000, intervals: [50] }).toBe(false);
    const visibleFor = Date.now() - shown;
    expect(visibleFor).toBeGreaterThan(3500);
    expect(visibleFor).toBeLessThan(7500);
  },
);

test('mark-as-read is optimistic and reverts when the server refuses', async ({
  browser,
  baseURL,
  api,
}) => {
  const tab = await openDemo(browser, baseURL, 'alice');
  await expectLive(tab.page);
  const bob = await api.as('bob');
  const id = await notify(bob, { type: 'mention', title: 'Bob mentioned you' });
  const item = tab.page.locator(`[data-testid="notification-item"][data-id="${id}"]`);
  await expect(item).toHaveAttribute('data-read', 'false', { timeout: 2000 });

  await api.fault({ failMutations: true });
  await item.click();
  await expect(item).toHaveAttribute('data-read', 'false', { timeout: 5000 });
  await expect(tab.page.getByTestId('notification-error')).not.toBeEmpty();

  await api.fault({ failMutations: false });
  await item.click();
  await expect(item).toHaveAttribute('data-read', 'true');
  await tab.page.waitForTimeout(1000);
  await expect(item).toHaveAttribute('data-read', 'true'); // confirmed, not reverted
  await tab.context.close();
});

test('tenant isolation: a user of another workspace sees none of it', async ({
  browser,
  baseURL,
  api,
}) => {
  const gina = await openDemo(browser, baseURL, 'gina');
  await expectLive(gina.page);
  const bob = await api.as('bob');
  await bob.post('/api/activity', { data: { type: 'comment', message: 'acme-only secret' } });
  await notify(bob, { type: 'task', title: 'acme-only task' });
  await gina.page.waitForTimeout(1500);
  await expect(gina.page.getByTestId('activity-feed')).not.toContainText('acme-only secret');
  await expect(gina.page.getByTestId('notification-list')).not.toContainText('acme-only task');
  const events = gina.page.getByTestId('inspector-event');
  for (const topic of await events.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-topic')),
  )) {
    expect(topic).not.toMatch(/^activity|^notification/);
  }
  await gina.context.close();
});

test('stale detection: when heartbeats stop the stream is called stale, degraded and reopened', async ({
  browser,
}) => {
  // No periodic dashboard metrics either: nothing but heartbeats keeps this stream busy.
  const hubd = await startHubd({
    args: ['--heartbeat-interval', '1000', '--metrics-interval', '60000'],
  });
  try {
    const tab = await openDemo(browser, hubd.url, 'alice');
    await expectLive(tab.page);
    const fault = (data: Record<string, unknown>) =>
      tab.context.request.post(`${hubd.url}/api/v1/test/faults`, { data });
    await fault({ stopHeartbeats: true });
    // No byte for heartbeat × 2 + 5 s grace: the hub calls the stream stale, shows degraded
    // and reconnects at once (the health timeline keeps the moment).
    const stale = () =>
      tab.page.evaluate(
        () => (window as unknown as { hub: { metrics(): { stale: number } } }).hub.metrics().stale,
      );
    await expect.poll(stale, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await expect(
      tab.page.locator('[data-testid="health-entry"][data-state="degraded"]').first(),
    ).toBeAttached();
    await expect(tab.page.getByTestId('health-timeline')).toContainText(/stale/i);
    await fault({ stopHeartbeats: false });
    await expectLive(tab.page, 15_000);
    await tab.context.close();
  } finally {
    await hubd.stop();
  }
});
