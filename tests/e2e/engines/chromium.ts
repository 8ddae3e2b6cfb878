// Chromium (Debian's) through Playwright, which also records a trace of each tab's context
// when a test fails. The page is exposed for the checks only Playwright can make; raw CDP
// (launchCdpChromium) for the lifecycle states Playwright keeps its pages out of.
import type { BrowserContext, BrowserType, Page } from '@playwright/test';
import { connectCdp } from '../../../bench/browser/cdp.mjs';
import * as launch from '../../../scripts/browsers.mjs';
import { freePort, Tab, type Engine, type PageFunction } from './driver';

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
    return this.page.evaluate(fn as (arg: unknown) => R, arg);
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

/**
 * Chromium over raw CDP, for what Playwright cannot show: its pages live in a browser context
 * Playwright does not know (as bench/browser does), so a tab opened in front of another hides
 * it, and a hidden tab can be frozen the way Chromium freezes background tabs.
 */
export async function launchCdpChromium(chromium: BrowserType) {
  const port = await freePort();
  const browser = await chromium.launch({
    ...launch.chromium,
    args: [...launch.chromium.args, `--remote-debugging-port=${port}`],
  });
  const { webSocketDebuggerUrl } = await (
    await fetch(`http://127.0.0.1:${port}/json/version`)
  ).json();
  const cdp = await connectCdp(webSocketDebuggerUrl);
  const { browserContextId } = await cdp.send('Target.createBrowserContext', {
    disposeOnDetach: true,
  });
  return {
    /** A tab in front of the others of this profile. */
    async newPage(url: string) {
      const { targetId } = await cdp.send('Target.createTarget', { url, browserContextId });
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
      const send = (method: string, params = {}) => cdp.send(method, params, sessionId);
      const evaluate = async <R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> => {
        const r = await send('Runtime.evaluate', {
          expression: `(${fn.toString()})(${JSON.stringify(arg ?? null)})`,
          awaitPromise: true,
          returnByValue: true,
        });
        if (r.exceptionDetails)
          throw new Error(`in the page: ${r.exceptionDetails.exception?.description}`);
        return r.result.value;
      };
      return {
        evaluate,
        async goto(url: string) {
          await send('Page.navigate', { url });
          for (let i = 0; i < 200; i++) {
            const loaded = await evaluate(
              (url) => location.href === url && document.readyState === 'complete',
              url,
            ).catch(() => false);
            if (loaded) return;
            await new Promise((r) => setTimeout(r, 50));
          }
          throw new Error(`${url} did not load`);
        },
        /** Chromium's freeze of a background tab (freeze event, tasks stopped), or resume. */
        freeze: (frozen: boolean) =>
          send('Page.setWebLifecycleState', { state: frozen ? 'frozen' : 'active' }),
        bringToFront: () => cdp.send('Target.activateTarget', { targetId }),
      };
    },
    async close() {
      cdp.close();
      await browser.close();
    },
  };
}
