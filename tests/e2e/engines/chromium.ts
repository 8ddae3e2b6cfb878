// Chromium (Debian's) through Playwright, which also records a trace of each tab's context
// when a test fails. The page is exposed for the checks only Playwright can make.
import type { BrowserContext, BrowserType, Page } from '@playwright/test';
import * as launch from '../../../scripts/browsers.mjs';
import { Tab, type Engine, type PageFunction } from './driver';

export async function launchChromium(chromium: BrowserType): Promise<Engine> {
  const browser = await chromium.launch(launch.chromium);
  return {
    name: 'chromium',
    version: browser.version(),
    async newTab() {
      const context = await browser.newContext();
      return new PlaywrightTab(context, await context.newPage());
    },
    close: () => browser.close(),
  };
}

export class PlaywrightTab extends Tab {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    super();
  }

  async goto(url: string) {
    await this.page.goto(url);
  }

  async back() {
    // A page restored from the back/forward cache fires no load event.
    await this.page.goBack({ waitUntil: 'commit' });
  }

  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.page.evaluate(fn as (arg: A) => R, arg as A);
  }

  async click(testId: string) {
    await this.page.getByTestId(testId).click();
  }

  // Playwright keeps every Chromium page visible and focused (each in a window of its own).
  async setHidden() {
    return false;
  }

  close() {
    return this.context.close();
  }
}
