// A browser scenario written once, run in three engines: the small interface the `@engines`
// tests use, with Playwright (Chromium), puppeteer-core over WebDriver BiDi (Firefox ESR)
// and a W3C WebDriver client (WebKitGTK's MiniBrowser) behind it (chromium.ts, firefox.ts,
// webkit.ts). Everything else a scenario needs (publishing, faults, counting requests) is
// server-side and engine-independent (../fixtures.ts).

import { createServer } from 'node:net';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export interface Engine {
  readonly name: EngineName;
  /** The browser's version, known once a tab was opened. */
  readonly version: string;
  /** A tab in a fresh profile: no cookies, no storage of any earlier tab. */
  newTab(): Promise<Tab>;
  close(): Promise<void>;
}

/** Runs in the page: it may use only its argument and the page's globals. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface WaitOptions {
  timeout?: number;
  /** What is awaited, for the timeout's message. */
  what?: string;
}

export abstract class Tab {
  /** Navigates and waits for the load event. */
  abstract goto(url: string): Promise<void>;
  /** History back; returns once the previous entry is committed (from the bfcache or not). */
  abstract back(): Promise<void>;
  /** `fn(arg)` in the page; the result must be JSON-serializable. */
  abstract evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>;
  /** A user's click (trusted input events) on the element with this test id. */
  abstract click(testId: string): Promise<void>;
  /**
   * Hides the tab the way a user would (another tab in front of it, or its window
   * minimized), or shows it again. False where the driver cannot hide a page.
   */
  abstract setHidden(hidden: boolean): Promise<boolean>;
  abstract close(): Promise<void>;

  /** Signs this tab's profile in as `user` the way the demo does: POST /api/v1/session. */
  async signIn(origin: string, user: string): Promise<void> {
    // Any same-origin document will do; /metrics is plain text and starts nothing.
    await this.goto(`${origin}/metrics`);
    const status = await this.evaluate(
      async (user) =>
        (
          await fetch('/api/v1/session', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user }),
          })
        ).status,
      user,
    );
    if (status !== 200) throw new Error(`sign-in as ${user}: HTTP ${status}`);
  }

  /** The text of the first element with this test id, or null when there is none. */
  text(testId: string): Promise<string | null> {
    return this.evaluate(
      (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null,
      testId,
    );
  }

  attribute(testId: string, name: string): Promise<string | null> {
    return this.evaluate(
      ([id, name]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name) ?? null,
      [testId, name] as const,
    );
  }

  /** Whether an element with this test id (and containing `hasText`) is rendered visible. */
  visible(testId: string, hasText = ''): Promise<boolean> {
    return this.evaluate(
      ([id, hasText]) =>
        [...document.querySelectorAll(`[data-testid="${id}"]`)].some(
          (e) => (e.textContent ?? '').includes(hasText) && e.checkVisibility(),
        ),
      [testId, hasText] as const,
    );
  }

  /** Polls `fn(arg)` in the page until it returns a truthy value, which it returns. */
  async waitFor<R, A = undefined>(
    fn: PageFunction<A, R>,
    arg?: A,
    { timeout = 10_000, what = fn.toString() }: WaitOptions = {},
  ): Promise<R> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg);
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A free loopback port, for a browser's or a driver's remote-control endpoint. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
