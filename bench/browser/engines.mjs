// The hub and eventsource-parser in three engines (Chromium, Firefox ESR, WebKitGTK), measured
// the same way in each: no driver attached at all. Each measurement starts the browser as a
// user would (a fresh profile, the bench page's URL on the command line); the page runs a
// warm-up and the measured run by itself (page/main.js `?auto=`), and reports to the bench
// server, which holds its `start` and `end` marks until this process has read the CPU time of
// every thread of the browser's processes from /proc (schedstat: nanoseconds on a CPU).
// Usage: node bench/browser/engines.mjs [out.json]
//   env: ROUNDS N SETTLE_MS (5000: idle time after the page loads) ENGINES=chromium,firefox,webkit
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as launch from '../../scripts/browsers.mjs';
import { buildPage } from './build-page.mjs';

const here = new URL('.', import.meta.url).pathname;
const repo = join(here, '../..');
const QUICK = process.env.QUICK === '1';
const ROUNDS = Number(process.env.ROUNDS ?? (QUICK ? 1 : 5));
const N = Number(process.env.N ?? 200000);
const WARM = Math.min(20000, N);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 5000);
const ENGINES = (process.env.ENGINES ?? 'chromium,firefox,webkit').split(',');
const NAMES = ['hub', 'eventsource-parser'];
const log = (...a) => console.error('[engines]', ...a);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => ({
  median: median(xs),
  min: Math.min(...xs),
  max: Math.max(...xs),
  runs: xs,
});

// ---- the browsers' processes and their CPU time ----------------------------------------
const read = (p) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null; // the process or thread is gone
  }
};
const cpuNs = (pid, tid) => Number(read(`/proc/${pid}/task/${tid}/schedstat`)?.split(' ')[0] ?? 0);

/** Every process descending from `root`: {pid: {kind, main, total}} (CPU ns). */
function snapshot(root, kindOf) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = read(`/proc/${d}/stat`);
    if (stat) parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const inTree = (pid) => {
    for (let p = pid; p > 1; p = parent.get(p) ?? 0) if (p === root) return true;
    return false;
  };
  const out = new Map();
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`, { throwIfNoEntry: false }) ?? [])
      total += cpuNs(pid, tid);
    const kind = kindOf(
      read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ?? '',
      read(`/proc/${pid}/comm`),
    );
    out.set(pid, { kind, main: cpuNs(pid, pid), total });
  }
  return out;
}

// How each engine runs a page: its renderer ("content", "web") processes, told apart by
// their command lines (Chromium rewrites its children's into one string); started with no
// remote-control agent of any kind, each in a process group of its own to stop it whole.
const ENGINE = {
  chromium: {
    renderer: (cmdline) => cmdline.includes('--type=renderer'),
    start(url, profile) {
      return spawn(
        launch.chromium.executablePath,
        [
          ...launch.chromium.args,
          '--headless',
          '--disable-breakpad',
          `--user-data-dir=${profile}`,
          url,
        ],
        { stdio: 'ignore', detached: true },
      );
    },
    version: () => sh(launch.chromium.executablePath, ['--version']),
  },
  firefox: {
    renderer: (cmdline) => cmdline.includes('-isForBrowser'),
    start(url, profile) {
      // A first run would open its welcome and privacy pages beside ours.
      writeFileSync(
        join(profile, 'user.js'),
        [
          ['browser.aboutwelcome.enabled', false],
          ['browser.startup.homepage_override.mstone', 'ignore'],
          ['browser.shell.checkDefaultBrowser', false],
          ['datareporting.policy.dataSubmissionEnabled', false],
          ['toolkit.telemetry.reportingpolicy.firstRun', false],
          ['app.update.disabledForTesting', true],
        ]
          .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
          .join(''),
      );
      return spawn(
        launch.firefox.executablePath,
        ['--headless', '--no-remote', '--profile', profile, url],
        { stdio: 'ignore', detached: true },
      );
    },
    version: () => sh(launch.firefox.executablePath, ['--version']),
  },
  webkit: {
    renderer: (_cmdline, comm) => comm?.startsWith('WebKitWebProces'),
    start(url, _profile, display) {
      const binary = launch.webkit.capabilities['webkitgtk:browserOptions'].binary;
      return spawn(binary, ['--private', url], {
        stdio: 'ignore',
        detached: true,
        env: { ...process.env, DISPLAY: display },
      });
    },
    version: () => sh('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0']),
  },
};

// The version number a command prints (`Chromium 156.0.8078.108 built on…` → 156.0.8078.108).
function sh(cmd, args) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', () => resolve(/\d[\w.:~+-]*/.exec(out)?.[0] ?? out.trim()));
  });
}

// ---- one measurement ------------------------------------------------------------------
const pageDir = await buildPage(join(repo, 'build/bench/page'));
const server = fork(join(here, 'server.mjs'), [pageDir], { stdio: 'inherit' });
const { port } = await new Promise((r) => server.once('message', r));
const pending = [];
server.on('message', (m) => m.mark && pending.shift()?.(m));
const nextMark = (timeoutMs) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no mark within ${timeoutMs} ms`)), timeoutMs);
    pending.push((m) => {
      clearTimeout(timer);
      resolve(m);
    });
  });

async function measure(engine, name, display) {
  const opts = { path: `/sse/burst?n=${N}`, n: N };
  const url = `http://127.0.0.1:${port}/?auto=${encodeURIComponent(JSON.stringify({ name, opts, warm: WARM }))}`;
  const profile = mkdtempSync(join(tmpdir(), `bench-${engine}-`));
  const browser = ENGINE[engine].start(url, profile, display);
  const exited = new Promise((r) => browser.once('exit', r));
  try {
    const ready = await nextMark(120_000);
    if (ready.mark !== 'ready') throw new Error(`${engine} ${name}: ${JSON.stringify(ready.body)}`);
    // A fresh profile's start-up work (Firefox: ~3 s of a core) must not share the run's CPUs.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    server.send({ ack: ready.id });
    const start = await nextMark(120_000);
    if (start.mark !== 'start') throw new Error(`${engine} ${name}: ${JSON.stringify(start.body)}`);
    const kindOf = (cmdline, comm) =>
      ENGINE[engine].renderer(cmdline, comm) ? 'renderer' : 'other';
    const before = snapshot(browser.pid, kindOf);
    server.send({ ack: start.id });
    const end = await nextMark(300_000);
    const after = snapshot(browser.pid, kindOf);
    server.send({ ack: end.id });
    if (end.mark !== 'end') throw new Error(`${engine} ${name}: ${JSON.stringify(end.body)}`);
    const r = end.body;
    let renderer = null;
    let all = 0;
    for (const [pid, a] of after) {
      const b = before.get(pid) ?? { main: 0, total: 0 };
      all += a.total - b.total;
      const d = { main: a.main - b.main, total: a.total - b.total };
      if (a.kind === 'renderer' && (!renderer || d.main > renderer.main)) renderer = d;
    }
    const perEvent = (ns) => ns / 1000 / r.delivered;
    return {
      delivered: r.delivered,
      ms: r.ms,
      eventsPerSec: r.ms > 0 ? (r.delivered / r.ms) * 1000 : 0,
      mainThreadCpuUsPerEvent: perEvent(renderer.main),
      rendererCpuUsPerEvent: perEvent(renderer.total),
      browserCpuUsPerEvent: perEvent(all),
    };
  } finally {
    process.kill(-browser.pid, 'SIGTERM');
    await exited;
    rmSync(profile, { recursive: true, force: true });
  }
}

const out = { suite: 'engines', rounds: ROUNDS, n: N, loadavg: { start: loadavg() }, engines: {} };
const display = ENGINES.includes('webkit') ? await launch.startXvfb() : null;
try {
  for (const engine of ENGINES) {
    const runs = Object.fromEntries(NAMES.map((n) => [n, []]));
    log(`${engine}: ${ROUNDS} rounds × ${NAMES.length} contenders × ${N} events`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? [...NAMES].reverse() : NAMES) {
        const r = await measure(engine, name, display?.name);
        runs[name].push(r);
        log(
          `  r${round} ${name.padEnd(18)} ${Math.round(r.eventsPerSec).toString().padStart(8)} ev/s  main ${r.mainThreadCpuUsPerEvent.toFixed(2)} µs/ev  renderer ${r.rendererCpuUsPerEvent.toFixed(2)}  browser ${r.browserCpuUsPerEvent.toFixed(2)}  delivered ${r.delivered}`,
        );
      }
    }
    out.engines[engine] = {
      version: await ENGINE[engine].version(),
      ...Object.fromEntries(
        NAMES.map((n) => [
          n,
          {
            eventsPerSec: spread(runs[n].map((r) => r.eventsPerSec)),
            mainThreadCpuUsPerEvent: spread(runs[n].map((r) => r.mainThreadCpuUsPerEvent)),
            rendererCpuUsPerEvent: spread(runs[n].map((r) => r.rendererCpuUsPerEvent)),
            browserCpuUsPerEvent: spread(runs[n].map((r) => r.browserCpuUsPerEvent)),
            delivered: runs[n].map((r) => r.delivered),
          },
        ]),
      ),
    };
  }
} finally {
  await display?.stop();
  server.kill();
}
out.loadavg.end = loadavg();
const file = process.argv[2];
if (file) writeFileSync(file, JSON.stringify(out, null, 1));
else console.log(JSON.stringify(out, null, 1));
