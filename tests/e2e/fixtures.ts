// Playwright fixtures: one hubd per worker (state reset before each test), helpers that act
// as a backend (publish), as the test harness (faults) and as a user (login).
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { publisherToken, startHubd, type Hubd } from './hubd';

export interface Api {
  publish(topic: string, resourceId: string, payload: unknown, workspace?: string): Promise<number>;
  fault(body: Record<string, unknown>): Promise<void>;
  reset(): Promise<void>;
}

export const test = base.extend<{ api: Api; baseURL: string }, { hubd: Hubd }>({
  hubd: [
    async ({}, use) => {
      const hubd = await startHubd();
      await use(hubd);
      const code = await hubd.stop();
      if (code !== 0)
        throw new Error(`hubd exited with ${code}:\n${hubd.logs.slice(-30).join('\n')}`);
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ hubd }, use) => use(hubd.url),
  api: async ({ hubd, playwright }, use) => {
    const request = await playwright.request.newContext({ baseURL: hubd.url });
    const api: Api = {
      async publish(topic, resourceId, payload, workspace = 'acme') {
        const res = await request.post('/api/v1/publish', {
          headers: { Authorization: `Bearer ${publisherToken}` },
          data: { topic, resourceId, payload, workspace },
        });
        expect(res.status(), await res.text()).toBe(200);
        return (await res.json()).sequence;
      },
      async fault(body) {
        const res = await request.post('/api/v1/test/faults', { data: body });
        expect(res.status(), await res.text()).toBe(200);
      },
      async reset() {
        await api.fault({ reset: true });
      },
    };
    await api.reset();
    await use(api);
    await request.dispose();
  },
});

/** Signs `context` in as a data-file user through the dev session cookie. */
export async function login(context: BrowserContext, user: string, origin = ''): Promise<void> {
  const res = await context.request.post(`${origin}/api/v1/session`, { data: { user } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Counts the page's requests whose path matches `pattern` from now on. */
export function countRequests(
  page: Page,
  pattern: RegExp,
): { readonly count: number; urls: string[] } {
  const seen = {
    urls: [] as string[],
    get count() {
      return this.urls.length;
    },
  };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (pattern.test(path)) seen.urls.push(path);
  });
  return seen;
}

export { expect };
