// examples/react and examples/vue built as their users build them: sse-hub installed from the
// packed tarball, the framework and Vite from the workspace (package-lock.json's versions),
// `vite build`; and the scenario every build must pass against a real hubd.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { build } from 'vite';
import { expect, login, type Api } from './fixtures';
import { publisherToken, root, type Hubd, type HubdOptions } from './hubd';
import { installTarball, keepBuild, packTarball } from './packed';

export interface ExampleBuild {
  example: 'react' | 'vue';
  /** `development` keeps React's StrictMode checks (double mount) that production drops. */
  nodeEnv: 'development' | 'production';
  /** Build against React 18 (tests/e2e/react18) instead of the workspace's React 19. */
  react18?: boolean;
}

function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else hash.update(relative(dir, path)).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** The example's production files (dist/), built once per package, sources and settings. */
export async function exampleApp(settings: ExampleBuild): Promise<string> {
  const source = join(root, 'examples', settings.example);
  const dir = mkdtempSync(join(tmpdir(), 'sse-hub-example-'));
  try {
    const { tarball, hash: packageHash } = packTarball(dir);
    const hash = createHash('sha256')
      .update(packageHash)
      .update(sourceHash(source))
      .update(JSON.stringify(settings))
      .digest('hex')
      .slice(0, 16);
    const apps = join(root, 'build', 'e2e', 'examples');
    const dist = join(apps, `${settings.example}-${hash}`);
    if (existsSync(dist)) return dist;
    // Inside the tree, so that the framework and Vite resolve from the workspace's node_modules.
    mkdirSync(apps, { recursive: true });
    const app = mkdtempSync(join(apps, '.app-'));
    try {
      cpSync(source, app, { recursive: true, filter: (f) => !/\/(node_modules|dist)$/.test(f) });
      // Its dependencies but sse-hub come from the workspace: only the tarball is installed.
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({ name: `example-${settings.example}`, private: true, type: 'module' }),
      );
      installTarball(app, tarball);
      if (settings.react18) {
        for (const name of ['react', 'react-dom'])
          symlinkSync(
            join(root, 'tests', 'e2e', 'react18', 'node_modules', name),
            join(app, 'node_modules', name),
            'dir',
          );
      }
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = settings.nodeEnv; // what Vite and React read for a development build
      try {
        await build({ root: app, logLevel: 'warn', build: { outDir: join(app, 'dist') } });
      } finally {
        if (nodeEnv === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = nodeEnv;
      }
      keepBuild(join(app, 'dist'), dist);
      return dist;
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** hubd's own count of streams: open now, and opened since it started. */
async function streams(context: BrowserContext, hubd: Hubd) {
  const res = await context.request.get(`${hubd.url}/metrics`, {
    headers: { Authorization: `Bearer ${publisherToken}` },
  });
  const text = await res.text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
  return { open: value('hubd_streams_open'), opened: value('hubd_stream_connects_total') };
}

const project = (id: string, version: number) => ({
  id,
  name: id,
  state: 'active',
  status: 'on-track',
  version,
  updatedAt: '2025-01-01T00:00:00Z',
  updatedBy: 'alice',
});

/**
 * What each example shows a signed-in user: Live, events arriving, a snapshot replacing the
 * activity after a gap hubd's replay buffer lost, and, when the hub's component unmounts, its
 * stream closed on the server; mounted again, a new one.
 */
export async function exampleScenario(
  { page, context }: { page: Page; context: BrowserContext },
  ownHubd: (options?: HubdOptions) => Promise<{ hubd: Hubd; api: Api }>,
  dist: string,
  framework: RegExp,
): Promise<void> {
  const { hubd, api } = await ownHubd({ staticRoot: dist, args: ['--replay-count', '5'] });
  await login(context, 'alice', hubd.url);
  await page.goto(hubd.url);
  await expect(page.locator('footer')).toHaveText(framework);

  const health = page.locator('#health');
  await expect(health).toHaveText('Live');
  await expect(health).toHaveAttribute('title', 'Connected: updates arrive as they happen.');

  await api.publish('dashboard.new_item', 'feed', { id: 'it-1', title: 'ACME beats estimates' });
  await expect(page.locator('#headline')).toHaveText('ACME beats estimates');
  const activity = page.locator('#activity li');
  await api.publish('project.lifecycle', 'p-apollo', project('p-apollo', 1));
  // Once: a subscription left behind by a double mount would add it twice.
  await expect(activity).toHaveText(['p-apollo active v1']);
  expect(await streams(context, hubd), 'one stream, whatever mounted twice').toEqual({
    open: 1,
    opened: 1,
  });

  // A gap longer than the replay buffer (5 events): the hub resumes with a snapshot, which
  // replaces the activity with each project's latest update.
  await api.fault({ refuseStatus: 503, refuseSeconds: 2 });
  await api.fault({ dropStreams: true });
  await expect(health).toHaveText('Connecting…');
  for (let n = 2; n <= 12; n++) {
    const id = n % 2 ? 'p-apollo' : 'p-hermes';
    await api.publish('project.lifecycle', id, project(id, n));
  }
  await expect(activity).toHaveText(['p-apollo active v11', 'p-hermes active v12'], {
    timeout: 20_000,
  });
  await expect(health).toHaveText('Live');
  await api.publish('project.lifecycle', 'p-hermes', project('p-hermes', 13));
  await expect(activity).toHaveText([
    'p-apollo active v11',
    'p-hermes active v12',
    'p-hermes active v13',
  ]);

  // Unmounted: the stream is closed on the server. Mounted again: one new stream.
  const toggle = page.locator('#toggle');
  await toggle.click();
  await expect(health).toHaveCount(0);
  await expect.poll(() => streams(context, hubd)).toEqual({ open: 0, opened: 2 });
  await toggle.click();
  await expect(health).toHaveText('Live');
  await expect(activity).toHaveCount(0);
  expect(await streams(context, hubd)).toEqual({ open: 1, opened: 3 });
  await api.publish('project.lifecycle', 'p-apollo', project('p-apollo', 14));
  await expect(activity).toHaveText(['p-apollo active v14']);
}
