// Seed 000 (Unified Event Hub) through the demo page: Live in every engine, US1 project
// lifecycle without polling, degraded → polling → recovered (SC-002, every engine), US2
// quality gate, US3 section conflict, and an unauthorized scope.
import { expect, test } from './fixtures';
import { expectLive, expectLiveTab, openDemo, openDemoTab, status, watchRequests } from './demo';

test('US1: another user archives the project; the page shows it within 2 s without polling', async ({
  browser,
  baseURL,
}) => {
  const admin = await openDemo(browser, baseURL, 'alice', '?pollMs=1000');
  const author = await openDemo(browser, baseURL, 'bob');
  await expectLive(admin.page);
  await expect(admin.page.getByTestId('project-state')).toHaveText(/active/i);
  const polls = watchRequests(admin.page, /^\/api\/projects\//);

  await author.page.getByTestId('project-actor').selectOption('bob'); // act as the signed-in author
  await author.page.getByTestId('project-archive').click();
  const clicked = Date.now();
  await expect(admin.page.getByTestId('project-state')).toHaveText(/archived/i, { timeout: 2000 });
  expect(Date.now() - clicked).toBeLessThan(2000);
  await expect(admin.page.getByTestId('project-source')).toHaveAttribute('data-source', 'stream');
  await expect(admin.page.getByTestId('project-updated-by')).toContainText(/bob/i);
  await admin.page.waitForTimeout(2500); // more than two polling periods
  expect(polls).toEqual([]);
  await admin.context.close();
  await author.context.close();
});

test('the demo goes Live', { tag: '@engines' }, async ({ open, baseURL }) => {
  const tab = await openDemoTab(open, baseURL, 'alice');
  await expectLiveTab(tab);
  await expect.poll(() => tab.text('project-state')).toMatch(/active|archived/i); // data shown
});

test(
  'SC-002: past the retry threshold the page flags degraded and polls; then Live, polling stops',
  { tag: '@engines' },
  async ({ open, baseURL, api }) => {
    const tab = await openDemoTab(open, baseURL, 'alice', '?pollMs=1000');
    await expectLiveTab(tab);
    // Counted by hubd: what the page asked for, whatever the engine.
    const polls = async () => (await api.requests(/^\/api\/projects\//)).length;
    const loaded = await polls();

    await api.fault({ refuseStatus: 500, refuseSeconds: 6 });
    await api.fault({ dropStreams: true });
    const cut = Date.now();
    await expect.poll(() => tab.visible('degraded-banner'), { timeout: 5000 }).toBe(true);
    expect(await tab.text('degraded-banner')).toContain(
      'Real-time updates unavailable, using polling',
    );
    await expect.poll(() => tab.attribute('connection-status', 'data-label')).toBe('Offline');
    await expect.poll(polls, { timeout: 5000 }).toBeGreaterThan(loaded);
    expect(Date.now() - cut).toBeLessThan(10_000);

    await expectLiveTab(tab, 30_000);
    expect(await tab.visible('degraded-banner')).toBe(false);
    await new Promise((r) => setTimeout(r, 1000)); // a poll already in flight may finish
    const after = await polls();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await polls()).toBe(after);
  },
);

test('the status tooltip opens below the degraded banner: both can be read', async ({
  browser,
  baseURL,
  api,
}) => {
  const tab = await openDemo(browser, baseURL, 'alice', '?pollMs=1000');
  await expectLive(tab.page);
  await api.fault({ refuseStatus: 500, refuseSeconds: 6 });
  await api.fault({ dropStreams: true });
  const banner = tab.page.getByTestId('degraded-banner');
  await expect(banner).toBeVisible({ timeout: 5000 });
  await status(tab.page).hover();
  const tip = tab.page.getByTestId('connection-tooltip');
  await expect(tip).toBeVisible();
  const tipBox = (await tip.boundingBox())!;
  const bannerBox = (await banner.boundingBox())!;
  expect(tipBox.y).toBeGreaterThanOrEqual(bannerBox.y + bannerBox.height);
  await tab.context.close();
});

test('US2: a quality gate run reports each stage and the summary with blockers, no polling', async ({
  browser,
  baseURL,
}) => {
  const tab = await openDemo(browser, baseURL, 'bob', '?document=d-apollo-plan');
  await expectLive(tab.page);
  const polls = watchRequests(tab.page, /quality-gate\/latest$/);
  await tab.page.getByTestId('qg-start').click();
  await expect(tab.page.getByTestId('qg-status')).toHaveAttribute('data-status', 'running');
  await expect(tab.page.getByTestId('qg-summary')).toBeVisible({ timeout: 15_000 });
  await expect(tab.page.getByTestId('qg-status')).toHaveAttribute('data-status', 'failed');
  await expect(tab.page.getByTestId('qg-summary')).toHaveAttribute('data-passed', 'false');
  expect(await tab.page.getByTestId('qg-blocker').count()).toBeGreaterThan(0);
  const stages = tab.page.getByTestId('qg-stage');
  expect(await stages.count()).toBeGreaterThanOrEqual(4);
  await expect(tab.page.getByTestId('qg-source')).toHaveAttribute('data-source', 'stream');
  expect(polls).toEqual([]);
  await tab.context.close();
});

test('US3: a conflicting save warns the reviewer within 2 s and opens the diff', async ({
  browser,
  baseURL,
}) => {
  const reviewer = await openDemo(browser, baseURL, 'carol');
  const author = await openDemo(browser, baseURL, 'bob');
  await expectLive(reviewer.page);
  await expectLive(author.page);
  // Both start from the same version; the author saves first, the reviewer's save is stale.
  await author.page.getByTestId('section-text-me').fill('The author rewrote this section.');
  await author.page.getByTestId('section-save-me').click();
  await expect(author.page.getByTestId('section-message-me')).toContainText(/saved/i);
  await reviewer.page.getByTestId('section-text-me').fill('The reviewer edited an old copy.');
  await reviewer.page.getByTestId('section-save-me').click();
  const saved = Date.now();
  await expect(reviewer.page.getByTestId('section-conflict')).toBeVisible({ timeout: 2000 });
  expect(Date.now() - saved).toBeLessThan(2000);
  await expect(reviewer.page.getByTestId('section-diff')).toBeVisible();
  await expect(reviewer.page.getByTestId('section-diff-body')).toContainText(
    'The author rewrote this section.',
  );
  await expect(reviewer.page.getByTestId('section-latest')).toContainText(
    'The author rewrote this section.',
  );
  await reviewer.context.close();
  await author.context.close();
});

test('an unauthorized scope is refused (403) before any stream byte, and the page says so', async ({
  browser,
  baseURL,
}) => {
  const tab = await openDemo(browser, baseURL, 'alice', '?projectId=p-globex-zeus');
  await expect(tab.page.getByTestId('stream-error')).toHaveAttribute('data-status', '403');
  await expect(status(tab.page)).toHaveAttribute('data-label', 'Offline');
  await expect(tab.page.getByTestId('degraded-banner')).toBeVisible();
  await tab.context.close();
});
