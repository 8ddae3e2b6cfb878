// The packed package in an empty Vite project: `npm pack`, install the tarball, build the
// app with Vite for production, serve it from hubd and watch it stream in Chromium.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { publisherToken, root, startHubd } from './hubd';
import { expect, login, test } from './fixtures';

test('npm pack installs into an empty Vite project, builds, and streams in Chromium', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'sse-hub-pack-'));
  try {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: join(root, 'js'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'empty-app', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, tarball)], {
      cwd: app,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    writeFileSync(
      join(app, 'index.html'),
      '<!doctype html><title>app</title><p id="out">waiting</p><script type="module" src="./main.js"></script>',
    );
    writeFileSync(
      join(app, 'main.js'),
      `import { getHub } from 'sse-hub';
const hub = getHub('/api/v1/events', { enabled: import.meta.env.VITE_ENABLE_SSE_HUB === 'true' });
hub.health.subscribe(() => { document.body.dataset.state = hub.health.get().state; });
hub.subscribe('dashboard.new_item', (e) => { document.getElementById('out').textContent = 'n=' + e.payload.n; });
`,
    );
    process.env.VITE_ENABLE_SSE_HUB = 'true';
    await build({ root: app, logLevel: 'warn', build: { outDir: join(app, 'dist') } });
    const hubd = await startHubd({ staticRoot: join(app, 'dist') });
    try {
      await login(context, 'alice', hubd.url);
      await page.goto(hubd.url);
      await expect(page.locator('body')).toHaveAttribute('data-state', 'healthy');
      const res = await page.request.post(`${hubd.url}/api/v1/publish`, {
        headers: { Authorization: `Bearer ${publisherToken}` },
        data: {
          topic: 'dashboard.new_item',
          resourceId: 'm',
          workspace: 'acme',
          payload: { n: 7 },
        },
      });
      expect(res.status()).toBe(200);
      await expect(page.locator('#out')).toHaveText('n=7');
    } finally {
      await hubd.stop();
    }
  } finally {
    delete process.env.VITE_ENABLE_SSE_HUB;
    rmSync(dir, { recursive: true, force: true });
  }
});
