// Client suites in headless Chromium: the hub vs native EventSource, @microsoft/fetch-event-source,
// eventsource-parser over fetch and eventsource (npm), same local server, same 200-byte envelopes.
// Playwright launches Chromium; every measurement runs in a page created over raw CDP
// (Target.createBrowserContext + createTarget) that Playwright never instruments.
// Usage: node bench/browser/run.mjs [out.json]   env: ROUNDS N LAT_SECONDS QUICK=1
import { chromium } from 'playwright';
import * as launch from '../../scripts/browsers.mjs';
import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPage, measureSizes } from './build-page.mjs';
import { connectCdp, openPage } from './cdp.mjs';

const here = new URL('.', import.meta.url).pathname;
const repo = join(here, '../..');
const QUICK = process.env.QUICK === '1';
const ROUNDS = Number(process.env.ROUNDS ?? (QUICK ? 1 : 5));
const N = Number(process.env.N ?? 200000);
const LAT_SECONDS = Number(process.env.LAT_SECONDS ?? (QUICK ? 2 : 5));
const MEM_N = Number(process.env.MEM_N ?? 1000000);
const PARTS = (process.env.PARTS ?? 'throughput,fanin,latency,memory,trap').split(',');
const NAMES = ['hub', 'eventsource', 'fetch-event-source', 'eventsource-parser', 'eventsource-npm'];
const out = { suite: 'browser', rounds: ROUNDS, n: N, loadavg: {} };
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const log = (...a) => console.error('[browser]', ...a);
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

const freePort = () =>
  new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });

out.loadavg.start = loadavg();
const pageDir = await buildPage(join(repo, 'build/bench/page'));
out.sizes = await measureSizes(join(repo, 'build/bench/size'));

const server = fork(join(here, 'server.mjs'), [pageDir], { stdio: 'inherit' });
const { port } = await new Promise((r) => server.once('message', r));
const base = `http://127.0.0.1:${port}`;
const cdpPort = await freePort();
const browser = await chromium.launch({
  ...launch.chromium,
  args: [...launch.chromium.args, `--remote-debugging-port=${cdpPort}`],
});
out.browserVersion = browser.version();
const { webSocketDebuggerUrl } = await (
  await fetch(`http://127.0.0.1:${cdpPort}/json/version`)
).json();
const cdp = await connectCdp(webSocketDebuggerUrl);

// One measurement in a fresh uninstrumented page: a warm-up run, then the measured run with
// renderer CPU read from Performance.getMetrics (ThreadTime = main thread CPU, ProcessTime =
// whole renderer process CPU, TaskDuration/ScriptDuration = main-thread task/script time).
async function measure(name, opts, warm = Math.min(20000, opts.n)) {
  const page = await openPage(cdp, `${base}/`);
  try {
    await page.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.evaluate('bench.ready.then(() => 0)');
    if (warm && !opts.latency)
      await page.evaluate(
        `bench.run(${JSON.stringify(name)}, ${JSON.stringify({ ...opts, n: warm, keepOpen: false })})`,
      );
    const m0 = await page.metrics();
    const r = await page.evaluate(`bench.run(${JSON.stringify(name)}, ${JSON.stringify(opts)})`);
    const m1 = await page.metrics();
    const d = (k) => (m1[k] - m0[k]) * 1e6; // seconds → µs
    const n = r.delivered / (opts.subs ?? 1);
    return {
      ...r,
      eventsPerSec: r.ms > 0 ? (n / r.ms) * 1000 : 0,
      threadCpuUsPerEvent: d('ThreadTime') / n,
      processCpuUsPerEvent: d('ProcessTime') / n,
      taskUsPerEvent: d('TaskDuration') / n,
      scriptUsPerEvent: d('ScriptDuration') / n,
    };
  } finally {
    await page.close();
  }
}

// ---- throughput + CPU per event: N-event burst, rounds rotate the contender order --------
if (PARTS.includes('throughput')) {
  log(`throughput: ${ROUNDS} rounds × ${NAMES.length} contenders × ${N} events`);
  const tput = Object.fromEntries(NAMES.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length]);
    for (const name of order) {
      const r = await measure(name, { path: `/sse/burst?n=${N}`, n: N });
      tput[name].push(r);
      log(
        `  r${round} ${name.padEnd(20)} ${Math.round(r.eventsPerSec).toString().padStart(8)} ev/s  thread ${r.threadCpuUsPerEvent.toFixed(2)} µs/ev  process ${r.processCpuUsPerEvent.toFixed(2)}  delivered ${r.delivered}`,
      );
    }
  }
  out.throughput = Object.fromEntries(
    NAMES.map((n) => [
      n,
      {
        eventsPerSec: spread(tput[n].map((r) => r.eventsPerSec)),
        threadCpuUsPerEvent: spread(tput[n].map((r) => r.threadCpuUsPerEvent)),
        processCpuUsPerEvent: spread(tput[n].map((r) => r.processCpuUsPerEvent)),
        taskUsPerEvent: spread(tput[n].map((r) => r.taskUsPerEvent)),
        scriptUsPerEvent: spread(tput[n].map((r) => r.scriptUsPerEvent)),
        delivered: tput[n].map((r) => r.delivered),
      },
    ]),
  );
}
// ---- fan-in: the hub with 10 subscribers vs 1 on the same stream -----------------------
if (PARTS.includes('fanin')) {
  log('fan-in: hub 1 vs 10 subscribers');
  const fan = { 1: [], 10: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const subs of round % 2 ? [10, 1] : [1, 10])
      fan[subs].push(await measure('hub', { path: `/sse/burst?n=${N}`, n: N, subs }));
  }
  out.fanIn = Object.fromEntries(
    Object.entries(fan).map(([k, rs]) => [
      `subs${k}`,
      {
        eventsPerSec: spread(rs.map((r) => r.eventsPerSec)),
        threadCpuUsPerEvent: spread(rs.map((r) => r.threadCpuUsPerEvent)),
        delivered: rs.map((r) => r.delivered),
      },
    ]),
  );
}
// ---- latency at 100 and 1,000 events/s ------------------------------------------------
if (PARTS.includes('latency')) {
  const latRounds = QUICK ? 1 : Math.max(1, Math.min(ROUNDS, 3));
  out.latency = {};
  for (const rate of [100, 1000]) {
    const n = rate * LAT_SECONDS;
    log(`latency at ${rate}/s: ${latRounds} rounds × ${n} events`);
    const res = Object.fromEntries(NAMES.map((k) => [k, []]));
    for (let round = 0; round < latRounds; round++) {
      for (const name of NAMES.map((_, i) => NAMES[(i + round) % NAMES.length])) {
        const r = await measure(
          name,
          {
            path: `/sse/rate?rate=${rate}&n=${n}`,
            n,
            latency: true,
            timeoutMs: LAT_SECONDS * 4000 + 10000,
          },
          0,
        );
        res[name].push(r);
        log(
          `  ${name.padEnd(20)} p50 ${r.latency.p50.toFixed(2)} ms  p99 ${r.latency.p99.toFixed(2)} ms  max ${r.latency.max.toFixed(1)}  thread ${r.threadCpuUsPerEvent.toFixed(1)} µs/ev`,
        );
      }
    }
    out.latency[`rate${rate}`] = Object.fromEntries(
      NAMES.map((k) => [
        k,
        {
          p50Ms: spread(res[k].map((r) => r.latency.p50)),
          p99Ms: spread(res[k].map((r) => r.latency.p99)),
          maxMs: spread(res[k].map((r) => r.latency.max)),
          threadCpuUsPerEvent: spread(res[k].map((r) => r.threadCpuUsPerEvent)),
        },
      ]),
    );
  }
}
// ---- memory: JS heap + Wasm memory after MEM_N events, and after close() ----------------
if (PARTS.includes('memory')) {
  log(`memory: hub and eventsource-parser after ${MEM_N} events`);
  out.memory = {};
  for (const name of ['hub', 'eventsource-parser']) {
    const page = await openPage(cdp, `${base}/`);
    try {
      await page.evaluate('bench.ready.then(() => 0)');
      const snap = async () => {
        await page.send('HeapProfiler.collectGarbage');
        const { usedSize, totalSize } = await page.send('Runtime.getHeapUsage');
        const w = await page.evaluate('bench.wasmBytes()');
        return {
          jsHeapUsed: usedSize,
          jsHeapTotal: totalSize,
          wasmMemory: w.wasm,
          liveHubs: w.hubs,
        };
      };
      const before = await snap();
      const r = await page.evaluate(
        `bench.run(${JSON.stringify(name)}, ${JSON.stringify({ path: `/sse/burst?n=${MEM_N}`, n: MEM_N, keepOpen: true, timeoutMs: 300000 })})`,
      );
      const open = await snap();
      await page.evaluate('bench.closeKept()');
      await new Promise((r) => setTimeout(r, 200));
      const closed = await snap();
      out.memory[name] = { delivered: r.delivered, before, afterEvents: open, afterClose: closed };
      log(
        `  ${name}: heap ${before.jsHeapUsed} → ${open.jsHeapUsed} → ${closed.jsHeapUsed}; wasm ${before.wasmMemory} → ${open.wasmMemory} → ${closed.wasmMemory}`,
      );
    } finally {
      await page.close();
    }
  }
}
// ---- the benchmark trap, shown once: native EventSource in a Playwright-controlled page ---
if (PARTS.includes('trap')) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.waitForFunction(() => typeof window.bench === 'object');
  const r = await page.evaluate(
    ([n]) => window.bench.run('eventsource', { path: `/sse/burst?n=${n}`, n }),
    [N],
  );
  out.instrumentedPlaywrightPage = {
    contender: 'eventsource',
    eventsPerSec: r.ms > 0 ? (N / r.ms) * 1000 : 0,
    delivered: r.delivered,
  };
  log(
    `  (trap) eventsource in a Playwright page: ${Math.round(out.instrumentedPlaywrightPage.eventsPerSec)} ev/s`,
  );
  await ctx.close();
}

out.loadavg.end = loadavg();
cdp.close();
await browser.close();
server.kill();
const file = process.argv[2];
if (file) writeFileSync(file, JSON.stringify(out, null, 1));
else console.log(JSON.stringify(out, null, 1));
