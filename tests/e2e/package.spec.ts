// The packed package in an empty Vite project: `npm pack`, install the tarball, build the
// app with Vite for production, serve it from hubd and watch it stream, in every engine.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { root } from './hubd';
import { expect, test } from './fixtures';

// The app built from this tarball: each engine's run (a worker of its own) reuses the build
// of the same package contents.
async function packedApp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sse-hub-pack-'));
  try {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: join(root, 'js'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.tgz'))!,
    );
    const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
    const dist = join(root, 'build', 'e2e', 'packed-app', hash);
    if (existsSync(dist)) return dist;
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'empty-app', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
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
    // Whole or not at all: an interrupted copy is never taken for a build.
    rmSync(`${dist}.tmp`, { recursive: true, force: true });
    cpSync(join(app, 'dist'), `${dist}.tmp`, { recursive: true });
    renameSync(`${dist}.tmp`, dist);
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
