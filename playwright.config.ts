// End-to-end tests against a real hubd process (started per worker by tests/e2e/fixtures.ts)
// serving the demo page on loopback. Every spec runs in Debian's Chromium through
// Playwright; the tests tagged @engines (one scenario, three engines: tests/e2e/engines/)
// run in Firefox ESR and WebKitGTK too. `--project=firefox` runs one engine.
import { defineConfig } from '@playwright/test';
import * as launch from './scripts/browsers.mjs';
import type { EngineName } from './tests/e2e/engines/driver';

const engine = (name: EngineName) => ({
  name,
  grep: /@engines/,
  use: { engineName: name },
});

export default defineConfig<{ engineName: EngineName }>({
  testDir: 'tests/e2e',
  outputDir: 'build/e2e/results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: 'build/e2e/report', open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: launch.chromium,
  },
  projects: [
    { name: 'chromium', use: { engineName: 'chromium' } },
    engine('firefox'),
    engine('webkit'),
  ],
});
