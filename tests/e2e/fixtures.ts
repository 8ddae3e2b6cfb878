// Playwright fixtures: one hubd per worker (state reset before each test), helpers that act
// as a backend (publish), as the test harness (faults, the requests hubd served) and as a
// user (login); and, for the tests tagged @engines, the project's browser engine
// (engines/driver.ts): Chromium, Firefox or WebKit.
import {
  test as base,
  expect,
  request,
  type APIRequestContext,
  type BrowserContext,
} from '@playwright/test';
import type { Engine, EngineName, Tab } from './engines/driver';
import { publisherToken, startHubd, type Hubd, type HubdOptions } from './hubd';

export interface Api {
  publish(topic: string, resourceId: string, payload: unknown, workspace?: string): Promise<number>;
  fault(body: Record<string, unknown>): Promise<void>;
  reset(): Promise<void>;
  /** Paths of the requests hubd served since the last reset that match `pattern`. */
  requests(pattern: RegExp): Promise<string[]>;
  /** An API session signed in as `user`: a backend acting on that user's behalf. */
  as(user: string): Promise<APIRequestContext>;
  dispose(): Promise<void>;
}

/** The backend's and the test harness's view of the hubd at `url`. */
export async function hubApi(url: string): Promise<Api> {
  const http = await request.newContext({ baseURL: url });
  const sessions: APIRequestContext[] = [];
  const api: Api = {
    async publish(topic, resourceId, payload, workspace = 'acme') {
      const res = await http.post('/api/v1/publish', {
        headers: { Authorization: `Bearer ${publisherToken}` },
        data: { topic, resourceId, payload, workspace },
      });
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()).sequence;
    },
    async fault(body) {
      const res = await http.post('/api/v1/test/faults', { data: body });
      expect(res.status(), await res.text()).toBe(200);
    },
    async reset() {
      await api.fault({ reset: true });
    },
    async requests(pattern) {
      const res = await http.get('/api/v1/test/requests');
      const seen = (await res.json()) as { requests: string[]; dropped: number };
      expect(seen.dropped, 'hubd kept every request since the reset').toBe(0);
      return seen.requests.map((r) => r.slice(r.indexOf(' ') + 1)).filter((p) => pattern.test(p));
    },
    async as(user) {
      const session = await request.newContext({ baseURL: url });
      sessions.push(session);
      const res = await session.post('/api/v1/session', { data: { user } });
      expect(res.status(), await res.text()).toBe(200);
      return session;
    },
    async dispose() {
      for (const s of sessions.splice(0)) await s.dispose();
      await http.dispose();
    },
  };
  return api;
}

async function launchEngine(
  name: EngineName,
  chromium: import('@playwright/test').BrowserType,
): Promise<Engine> {
  if (name === 'firefox') return (await import('./engines/firefox')).launchFirefox();
  if (name === 'webkit') return (await import('./engines/webkit')).launchWebKit();
  return (await import('./engines/chromium')).launchChromium(chromium);
}

export const test = base.extend<
  {
    api: Api;
    baseURL: string;
    ownHubd: (options?: HubdOptions) => Promise<{ hubd: Hubd; api: Api }>;
    open: () => Promise<Tab>;
  },
  { hubd: Hubd; engineName: EngineName; engine: Engine }
>({
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
  api: async ({ hubd }, use) => {
    const api = await hubApi(hubd.url);
    await api.reset();
    await use(api);
    await api.dispose();
  },
  // More hubds, for the tests that need other settings or another static root; each must
  // exit cleanly after the test.
  ownHubd: async ({}, use) => {
    const started: { hubd: Hubd; api: Api }[] = [];
    await use(async (options) => {
      const hubd = await startHubd(options);
      started.push({ hubd, api: await hubApi(hubd.url) });
      return started.at(-1)!;
    });
    for (const { hubd, api } of started) {
      await api.dispose();
      const code = await hubd.stop();
      if (code !== 0)
        throw new Error(`hubd exited with ${code}:\n${hubd.logs.slice(-30).join('\n')}`);
    }
  },
  engineName: ['chromium', { option: true, scope: 'worker' }],
  engine: [
    async ({ engineName, playwright }, use) => {
      const engine = await launchEngine(engineName, playwright.chromium);
      await use(engine);
      await engine.close();
    },
    { scope: 'worker' },
  ],
  // Tabs of the engine, each in a fresh profile, closed after the test.
  open: async ({ engine }, use, testInfo) => {
    const tabs: Tab[] = [];
    await use(async () => {
      const tab = await engine.newTab();
      tabs.push(tab);
      return tab;
    });
    testInfo.annotations.push({ type: 'engine', description: `${engine.name} ${engine.version}` });
    for (const tab of tabs) await tab.close().catch(() => {});
  },
});

/** Signs `context` in as a data-file user through the dev session cookie. */
export async function login(context: BrowserContext, user: string, origin = ''): Promise<void> {
  const res = await context.request.post(`${origin}/api/v1/session`, { data: { user } });
  expect(res.status(), await res.text()).toBe(200);
}

export { expect };
