// A bare page on hubd's origin that loads the built sse-hub package (js/dist), for tests of
// the hub itself in Chromium, independent of the demo's UI. Playwright serves the package
// files; everything else (the stream, the APIs) is the real hubd.
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Page } from '@playwright/test';
import { root } from './hubd';

const dist = join(root, 'js', 'dist');
const types: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
};

export async function openBarePage(page: Page, baseURL: string): Promise<void> {
  await page.route(`${baseURL}/__e2e/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice('/__e2e/'.length);
    if (path === '' || path === 'index.html') {
      await route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>sse-hub e2e</title><script type="module">import * as hub from "/__e2e/index.js"; window.sseHub = hub; window.ready = true;</script>',
      });
      return;
    }
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist)) return route.fulfill({ status: 404 });
    try {
      await route.fulfill({
        contentType: types[extname(file)] ?? 'application/octet-stream',
        body: readFileSync(file),
      });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
  await page.goto(`${baseURL}/__e2e/index.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
}
