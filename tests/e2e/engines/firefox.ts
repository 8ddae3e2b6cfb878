// Firefox ESR (Debian's) through puppeteer-core over WebDriver BiDi. A tab is a page in a
// browser context of its own (a fresh profile); hiding it opens another tab in front of it.
import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import * as launch from '../../../scripts/browsers.mjs';
import { Tab, type Engine, type PageFunction } from './driver';

export async function launchFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch(launch.firefox as Parameters<typeof puppeteer.launch>[0]);
  return {
    name: 'firefox',
    version: await browser.version(),
    async newTab() {
      const context = await browser.createBrowserContext();
      return new PuppeteerTab(context, await context.newPage());
    },
    close: () => browser.close(),
  };
}

class PuppeteerTab extends Tab {
  private cover: Page | undefined;

  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {
    super();
  }

  async goto(url: string) {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  async back() {
    await this.page.goBack({ waitUntil: 'load' });
  }

  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.page.evaluate(fn as (arg: unknown) => R, arg) as Promise<R>;
  }

  async click(testId: string) {
    await this.page.locator(`[data-testid="${testId}"]`).click();
  }

  async setHidden(hidden: boolean) {
    if (hidden && !this.cover) {
      this.cover = await this.context.newPage();
    } else if (!hidden && this.cover) {
      await this.page.bringToFront();
      await this.cover.close();
      this.cover = undefined;
    }
    return true;
  }

  close() {
    return this.context.close();
  }
}
