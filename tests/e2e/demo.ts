// Opening the demo page (web-demo/dist, served by the test's hubd) as a signed-in user.
import type { Browser, BrowserContext, Page } from '@playwright/test';
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
