// Opening the demo page (web-demo/dist, served by the test's hubd) as a signed-in user, in a
// Playwright context (Chromium) or in a tab of the test's engine (@engines tests).
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Tab } from './engines/driver';
import { expect, login } from './fixtures';

export interface DemoTab {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A new browser context signed in as `user`, on the demo page with `query`. */
export async function openDemo(
  browser: Browser,
  baseURL: string,
  user: string,
  query = '',
): Promise<DemoTab> {
  const context = await browser.newContext({ baseURL });
  await login(context, user, baseURL);
  const page = await context.newPage();
  await page.goto(`/${query}`);
  await expect(page.locator('html')).toHaveAttribute('data-ready', 'true');
  return { context, page };
}

export const status = (page: Page) => page.getByTestId('connection-status');

export async function expectLive(page: Page, timeout = 10_000): Promise<void> {
  await expect(status(page)).toHaveAttribute('data-state', 'healthy', { timeout });
  await expect(page.getByTestId('connection-label')).toHaveText('Live');
}

/** Requests of `page` to paths matching `pattern`, from now on. */
export function watchRequests(page: Page, pattern: RegExp): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pattern.test(pathname)) seen.push(pathname);
  });
  return seen;
}

/** A tab of the test's engine, in a fresh profile signed in as `user`, on the demo page. */
export async function openDemoTab(
  open: () => Promise<Tab>,
  baseURL: string,
  user: string,
  query = '',
): Promise<Tab> {
  const tab = await open();
  await tab.signIn(baseURL, user);
  await tab.goto(`${baseURL}/${query}`);
  await tab.waitFor(() => document.documentElement.dataset.ready === 'true', undefined, {
    what: 'the demo ready',
  });
  return tab;
}

export async function expectLiveTab(tab: Tab, timeout = 10_000): Promise<void> {
  await expect
    .poll(() => tab.attribute('connection-status', 'data-state'), { timeout })
    .toBe('healthy');
  expect(await tab.text('connection-label')).toBe('Live');
}
