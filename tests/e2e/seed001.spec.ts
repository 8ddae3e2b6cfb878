// Seed 001 (chat) through the demo page, the per-user connection limit, and one stream
// per tab however many stores subscribe.
import type { APIRequestContext } from '@playwright/test';
import { publisherToken, startHubd } from './hubd';
import { expect, test } from './fixtures';
import { expectLive, openDemo } from './demo';

async function openStreams(request: APIRequestContext, baseURL: string): Promise<number> {
  const text = await (
    await request.get(`${baseURL}/metrics`, {
      headers: { Authorization: `Bearer ${publisherToken}` },
    })
  ).text();
  return Number(/^hubd_streams_open (\d+)/m.exec(text)?.[1] ?? NaN);
}

test('chat: messages, typing and presence arrive live', async ({ browser, baseURL }) => {
  const alice = await openDemo(browser, baseURL, 'alice');
  await expectLive(alice.page);
  const bob = await openDemo(browser, baseURL, 'bob');
  await expectLive(bob.page);
  await expect(
    alice.page.locator('[data-testid="chat-presence-user"][data-user="bob"]'),
  ).toHaveAttribute('data-online', 'true', { timeout: 3000 });

  await bob.page.getByTestId('chat-input').pressSequentially('Hello Al', { delay: 20 });
  await expect(alice.page.getByTestId('chat-typing')).toContainText(/bob/i, { timeout: 3000 });
  await bob.page.getByTestId('chat-input').fill('Hello Alice, the build is green');
  await bob.page.getByTestId('chat-send').click();
  await expect(alice.page.getByTestId('chat-messages')).toContainText(
    'Hello Alice, the build is green',
    { timeout: 2000 },
  );
  await bob.context.close();
  await expect(
    alice.page.locator('[data-testid="chat-presence-user"][data-user="bob"]'),
  ).toHaveAttribute('data-online', 'false', { timeout: 5000 });
  await alice.context.close();
});

test('a user over the per-user connection limit is refused with a clear error (429)', async ({
  browser,
}) => {
  const hubd = await startHubd({ args: ['--max-connections-per-user', '2'] });
  try {
    const tabs = [];
    for (let i = 0; i < 2; i++) {
      const tab = await openDemo(browser, hubd.url, 'bob');
      await expectLive(tab.page);
      tabs.push(tab);
    }
    const third = await openDemo(browser, hubd.url, 'bob');
    await expect(third.page.getByTestId('stream-error')).toHaveAttribute('data-status', '429');
    await expect(third.page.getByTestId('stream-error')).toContainText(/too many/i);
    for (const tab of [...tabs, third]) await tab.context.close();
  } finally {
    await hubd.stop();
  }
});

test('one stream per tab: every store of the page shares one connection', async ({
  browser,
  baseURL,
  playwright,
}) => {
  const request = await playwright.request.newContext();
  await expect.poll(() => openStreams(request, baseURL)).toBe(0);
  const tab = await openDemo(browser, baseURL, 'alice');
  await expectLive(tab.page);
  // Projects, quality gate, sections, activity, notifications, dashboard, debate, chat and
  // the inspector all subscribe; the server sees one stream.
  await tab.page.waitForTimeout(1000);
  expect(await openStreams(request, baseURL)).toBe(1);
  await tab.context.close();
  await expect.poll(() => openStreams(request, baseURL)).toBe(0);
  await request.dispose();
});
