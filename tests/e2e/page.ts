// A bare page on hubd's origin that loads the built sse-hub package (js/dist), for tests of
// the hub itself, independent of the demo's UI: hubd serves build/e2e/bare as its static
// root (the page, the package's files, and away.html to navigate away to).
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Tab } from './engines/driver';
import { root, startHubd, type Hubd, type HubdOptions } from './hubd';

declare global {
  interface Window {
    sseHub: typeof import('../../js/dist/index.js');
    ready?: boolean;
  }
}

let written: string | undefined;

/** Writes the bare page's directory (once per test process, from the current js/dist). */
export function bareRoot(): string {
  if (written) return written;
  const dir = join(root, 'build', 'e2e', 'bare');
  const dist = join(root, 'js', 'dist');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dist))
    if (/\.(m?js|wasm)$/.test(f)) copyFileSync(join(dist, f), join(dir, f));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>sse-hub e2e</title><script type="module">import * as hub from "/index.js"; window.sseHub = hub; window.ready = true;</script>',
  );
  writeFileSync(join(dir, 'away.html'), '<!doctype html><title>away</title><p>away</p>');
  return (written = dir);
}

/** A hubd serving the bare page. */
export function startBareHubd(options: HubdOptions = {}): Promise<Hubd> {
  return startHubd({ ...options, staticRoot: bareRoot() });
}

export async function openBarePage(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForFunction(() => window.ready === true);
}

export async function openBareTab(tab: Tab, url: string): Promise<void> {
  await tab.goto(`${url}/`);
  await tab.waitFor(() => window.ready === true, undefined, { what: 'the package loaded' });
}
