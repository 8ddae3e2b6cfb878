// The packed package in an empty Vite project: `npm pack`, install the tarball, build the
// app with Vite for production, serve it from hubd and watch it stream, in every engine.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { root } from './hubd';
import { expect, test } from './fixtures';
import { installTarball, keepBuild, packTarball } from './packed';

// The app built from this tarball: each engine's run (a worker of its own) reuses the build
// of the same package contents.
async function packedApp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-hub-pack-'));
  try {
    const { tarball, hash } = packTarball(dir);
    const dist = join(root, 'build', 'e2e', 'packed-app', hash);
    if (existsSync(dist)) return dist;
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'empty-app', private: true, type: 'module' }),
    );
    installTarball(app, tarball);
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
    keepBuild(join(app, 'dist'), dist);
    return dist;
  } finally {
    delete process.env.VITE_ENABLE_SSE_HUB;
    rmSync(dir, { recursive: true, force: true });
  }
}

test(
  'npm pack installs into an empty Vite project, builds, and streams',
  { tag: '@engines' },
  async ({ open, ownHubd }) => {
    test.setTimeout(120_000);
    const { hubd, api } = await ownHubd({ staticRoot: await packedApp() });
    const tab = await open();
    await tab.signIn(hubd.url, 'alice');
    await tab.goto(hubd.url);
    await expect.poll(() => tab.evaluate(() => document.body.dataset.state)).toBe('healthy');
    await api.publish('dashboard.new_item', 'm', { n: 7 });
    await expect
      .poll(() => tab.evaluate(() => document.getElementById('out')!.textContent))
      .toBe('n=7');
  },
);
