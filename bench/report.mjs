// Merges the suites' JSON (build/bench/results/*.json) into bench/results/<date>.json and
// rewrites the generated part of docs/benchmarks.md (between the results markers).
// Usage: node bench/report.mjs [dir]
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { execSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(new URL('.', import.meta.url).pathname, '..');
const dir = process.argv[2] ?? join(repo, 'build/bench/results');
const read = (f) =>
  existsSync(join(dir, f)) ? JSON.parse(readFileSync(join(dir, f), 'utf8')) : null;
const sh = (c) => {
  try {
    return execSync(c, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return '';
  }
};
const pkgv = (p) => {
  try {
    return JSON.parse(readFileSync(join(repo, 'node_modules', p, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

const native = {};
for (const f of existsSync(dir) ? readdirSync(dir) : [])
  if (f.startsWith('native-')) native[f.slice(7, -5)] = read(f);

// A suite not run this time (BENCH_SUITES) keeps the figures of the newest recorded run that
// has them, and the page says which run each of those comes from.
const results = join(repo, 'bench/results');
const recorded = readdirSync(results)
  .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
  .sort()
  .reverse()
  .map((f) => JSON.parse(readFileSync(join(results, f), 'utf8')));
const carriedOver = {};
const carriedVersions = {};
const carry = (key, fresh) => {
  if (fresh) return fresh;
  const prev = recorded.find((r) => r[key]);
  if (prev) {
    carriedOver[key] = prev.carriedOver?.[key] ?? prev.date;
    carriedVersions[key] = prev.carriedVersions?.[key] ?? prev.versions;
  }
  return prev?.[key] ?? null;
};
const browser = carry('browser', read('browser.json'));
const engines = carry('engines', read('engines.json'));
const server = carry('server', read('server.json'));
const parser = carry('parserNode', read('parser-node.json'));
const date = new Date().toISOString().slice(0, 10);
const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    kernel: release(),
    loadavgAtReport: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
  },
  versions: {
    node: process.version,
    chromium: browser?.browserVersion ?? sh('chromium --version'),
    firefox: engines?.engines.firefox?.version ?? sh('firefox-esr --version'),
    webkitgtk: sh("dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0"),
    'puppeteer-core': pkgv('puppeteer-core'),
    playwright: pkgv('playwright'),
    vite: pkgv('vite'),
    'eventsource-parser': pkgv('eventsource-parser'),
    '@microsoft/fetch-event-source': pkgv('@microsoft/fetch-event-source'),
    eventsource: pkgv('eventsource'),
    nginx: carriedVersions.server?.nginx ?? sh("dpkg-query -W -f='${Version}' nginx"),
    'libnginx-mod-nchan':
      carriedVersions.server?.['libnginx-mod-nchan'] ??
      sh("dpkg-query -W -f='${Version}' libnginx-mod-nchan"),
    commit: sh(`git -C ${repo} describe --always --dirty`),
  },
  commands: [
    'npm run bench',
    'bash scripts/bench.sh (BENCH_SUITES="native parser browser server")',
  ],
  native: carry(
    'native',
    Object.keys(native).length &&
      Object.fromEntries(
        Object.entries(native).map(([k, v]) => [
          k,
          v?.benchmarks?.map((b) => ({
            name: b.name,
            realTimeMs: b.real_time,
            timeUnit: b.time_unit,
            bytesPerSecond: b.bytes_per_second,
            eventsPerSecond: b['events/s'],
          })),
        ]),
      ),
  ),
  parserNode: parser,
  browser,
  engines,
  server,
  carriedOver,
  carriedVersions,
};
writeFileSync(join(repo, 'bench/results', `${date}.json`), JSON.stringify(result, null, 1) + '\n');

// ---- markdown --------------------------------------------------------------------------
const f0 = (x) => (x == null || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en'));
const f1 = (x) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(1));
const f2 = (x) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(2));
const rng = (s, f) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const L = [];
L.push(
  `Run of ${result.date.slice(0, 16).replace('T', ' ')} UTC on ${result.machine.cpus} × ${result.machine.model}, ${result.machine.memGiB} GiB, Linux ${result.machine.kernel}; node ${process.version}, Chromium ${result.versions.chromium}, Firefox ${result.versions.firefox}, WebKitGTK ${result.versions.webkitgtk}, nginx ${result.versions.nginx} + nchan ${result.versions['libnginx-mod-nchan']}, commit ${result.versions.commit}. Raw figures: \`bench/results/${date}.json\`.`,
);
L.push('');
const carriedNames = {
  native: 'native',
  parserNode: 'parser',
  browser: 'client (Chromium)',
  engines: 'client in three engines',
  server: 'server',
};
if (Object.keys(carriedOver).length)
  L.push(
    `Not run this time, figures from earlier runs: ${Object.entries(carriedOver)
      .map(([k, d]) => `${carriedNames[k]} (${d.slice(0, 16).replace('T', ' ')} UTC)`)
      .join(', ')}.\n`,
  );
if (browser) {
  const t = browser.throughput;
  const names = Object.keys(t);
  const es = t.eventsource.eventsPerSec.median;
  const espName = 'eventsource-parser';
  L.push(
    `### Client: ${f0(browser.n)}-event burst, 200-byte envelopes (median of ${browser.rounds} runs, min–max; load average ${browser.loadavg.start.join(' ')} → ${browser.loadavg.end.join(' ')})`,
  );
  L.push('');
  L.push(
    '| contender | events/s | × native EventSource | × eventsource-parser | main-thread CPU µs/event | renderer CPU µs/event | gzip bytes |',
  );
  L.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const n of names) {
    const r = t[n];
    L.push(
      `| ${n === 'hub' ? '**sse-hub** (fetch, Wasm core)' : n} | ${rng(r.eventsPerSec, f0)} | ${f2(r.eventsPerSec.median / es)} | ${f2(r.eventsPerSec.median / t[espName].eventsPerSec.median)} | ${rng(r.threadCpuUsPerEvent, f2)} | ${f2(r.processCpuUsPerEvent.median)} | ${browser.sizes?.[n] ? f0(browser.sizes[n].gzip) : '–'} |`,
    );
  }
  L.push('');
  L.push(
    `Hub main-thread CPU per event ÷ eventsource-parser's: ${f2(t.hub.threadCpuUsPerEvent.median / t[espName].threadCpuUsPerEvent.median)}; ÷ native EventSource's: ${f2(t.hub.threadCpuUsPerEvent.median / t.eventsource.threadCpuUsPerEvent.median)}. The benchmark trap, for the record: native EventSource in a Playwright-controlled page delivered ${f0(browser.instrumentedPlaywrightPage?.eventsPerSec)} events/s.`,
  );
  L.push('');
  L.push(
    "### Client latency, publish (server write) → callback, ms (median over runs of each run's p50 / p99)",
  );
  L.push('');
  L.push('| contender | p50 @ 100/s | p99 @ 100/s | p50 @ 1,000/s | p99 @ 1,000/s |');
  L.push('|---|---:|---:|---:|---:|');
  for (const n of names) {
    const a = browser.latency.rate100[n],
      b = browser.latency.rate1000[n];
    L.push(
      `| ${n} | ${f2(a.p50Ms.median)} | ${f2(a.p99Ms.median)} (${f1(a.p99Ms.min)}–${f1(a.p99Ms.max)}) | ${f2(b.p50Ms.median)} | ${f2(b.p99Ms.median)} (${f1(b.p99Ms.min)}–${f1(b.p99Ms.max)}) |`,
    );
  }
  L.push('');
  const fi = browser.fanIn;
  L.push('### Fan-in: the hub with 10 subscribers vs 1 on the same stream');
  L.push('');
  L.push('| subscribers | events/s | main-thread CPU µs/event |');
  L.push('|---|---:|---:|');
  L.push(`| 1 | ${rng(fi.subs1.eventsPerSec, f0)} | ${rng(fi.subs1.threadCpuUsPerEvent, f2)} |`);
  L.push(`| 10 | ${rng(fi.subs10.eventsPerSec, f0)} | ${rng(fi.subs10.threadCpuUsPerEvent, f2)} |`);
  L.push(
    `| ratio 10/1 | ${f2(fi.subs10.eventsPerSec.median / fi.subs1.eventsPerSec.median)} | ${f2(fi.subs10.threadCpuUsPerEvent.median / fi.subs1.threadCpuUsPerEvent.median)} |`,
  );
  L.push('');
  L.push('### Memory after 1,000,000 events and after close() (after a forced GC)');
  L.push('');
  L.push(
    '| contender | JS heap before | after 1M events (open) | after close() | Wasm memory before / after / closed |',
  );
  L.push('|---|---:|---:|---:|---:|');
  for (const [n, m] of Object.entries(browser.memory)) {
    const k = (b) => `${f0(b / 1024)} KiB`;
    L.push(
      `| ${n} (${f0(m.delivered)} delivered) | ${k(m.before.jsHeapUsed)} | ${k(m.afterEvents.jsHeapUsed)} | ${k(m.afterClose.jsHeapUsed)} | ${f1(m.before.wasmMemory / 2 ** 20)} / ${f1(m.afterEvents.wasmMemory / 2 ** 20)} / ${f1(m.afterClose.wasmMemory / 2 ** 20)} MiB |`,
    );
  }
  L.push('');
}
if (engines) {
  const e = engines.engines;
  L.push(
    `### Client in three engines: ${f0(engines.n)}-event burst, no driver attached, CPU from /proc (median of ${engines.rounds} runs, min–max; load average ${engines.loadavg.start.join(' ')} → ${engines.loadavg.end.join(' ')})`,
  );
  L.push('');
  L.push(
    '| engine | contender | events/s | main-thread CPU µs/event | renderer process CPU µs/event | whole browser CPU µs/event |',
  );
  L.push('|---|---|---:|---:|---:|---:|');
  for (const [name, r] of Object.entries(e))
    for (const c of ['hub', 'eventsource-parser'])
      L.push(
        `| ${name} ${r.version} | ${c === 'hub' ? '**sse-hub**' : c} | ${rng(r[c].eventsPerSec, f0)} | ${rng(r[c].mainThreadCpuUsPerEvent, f2)} | ${f2(r[c].rendererCpuUsPerEvent.median)} | ${f2(r[c].browserCpuUsPerEvent.median)} |`,
      );
  L.push('');
  L.push(
    `Hub ÷ eventsource-parser, main-thread CPU per event: ${Object.entries(e)
      .map(
        ([n, r]) =>
          `${n} ${f2(r.hub.mainThreadCpuUsPerEvent.median / r['eventsource-parser'].mainThreadCpuUsPerEvent.median)}`,
      )
      .join(', ')}; events/s: ${Object.entries(e)
      .map(
        ([n, r]) =>
          `${n} ${f2(r.hub.eventsPerSec.median / r['eventsource-parser'].eventsPerSec.median)}`,
      )
      .join(', ')}.`,
  );
  L.push('');
}
if (parser || result.native) {
  L.push('### Parser alone, MB/s (input bytes; `id` + `event` + `data` of E bytes)');
  L.push('');
  L.push(
    '| E bytes, chunk | C++ native | sse-hub Wasm (node) | eventsource-parser (node) | Wasm ÷ eventsource-parser |',
  );
  L.push('|---|---:|---:|---:|---:|');
  const nat = result.native?.parser_bench ?? [];
  for (const c of parser?.cases ?? []) {
    const nb = nat.find((b) =>
      b.name.startsWith(`BM_Parse/event_bytes:${c.eventBytes}/chunk:${c.chunk}`),
    );
    const w = c.results['sse-hub (Wasm)'],
      e = c.results['eventsource-parser'];
    L.push(
      `| ${c.eventBytes}, ${c.chunk === 1 ? '1 byte' : '64 KiB'} | ${nb ? f0(nb.bytesPerSecond / 1e6) : '–'} | ${f1(w.mbPerSec)} | ${f1(e.mbPerSec)} | ${f2(w.mbPerSec / e.mbPerSec)} |`,
    );
  }
  L.push('');
}
if (server) {
  const [h, n] = ['hubd', 'nchan'].map((s) => server.results.find((r) => r.server === s));
  if (h && n) {
    const row = (label, a, b, f, lowerBetter = true) =>
      L.push(`| ${label} | ${f(a)} | ${f(b)} | ${b ? f2(lowerBetter ? b / a : a / b) : '–'} |`);
    L.push(
      `### Server: hubd vs nginx + nchan (1 worker each side; node load client; streams capped at ${f0(server.streamsCap)} by the 20,000 fd limit)`,
    );
    L.push('');
    L.push('| measure | hubd | nginx + nchan | hubd advantage (×) |');
    L.push('|---|---:|---:|---:|');
    row(`idle streams held`, h.idle.streams, n.idle.streams, f0, false);
    row('memory per idle stream (PSS, bytes)', h.idle.bytesPerStream, n.idle.bytesPerStream, f0);
    row(
      `fan-out to ${f0(h.fanoutSmall.streams)}: p50 ms`,
      h.fanoutSmall.p50Ms,
      n.fanoutSmall.p50Ms,
      f1,
    );
    row(
      `fan-out to ${f0(h.fanoutSmall.streams)}: p99 ms`,
      h.fanoutSmall.p99Ms,
      n.fanoutSmall.p99Ms,
      f1,
    );
    row(
      `fan-out to ${f0(h.fanoutSmall.streams)}: last receipt, median ms`,
      h.fanoutSmall.lastMedianMs,
      n.fanoutSmall.lastMedianMs,
      f1,
    );
    row(`fan-out to ${f0(h.fanoutAll.streams)}: p50 ms`, h.fanoutAll.p50Ms, n.fanoutAll.p50Ms, f1);
    row(`fan-out to ${f0(h.fanoutAll.streams)}: p99 ms`, h.fanoutAll.p99Ms, n.fanoutAll.p99Ms, f1);
    row(
      `fan-out to ${f0(h.fanoutAll.streams)}: last receipt, median / p99 ms`,
      h.fanoutAll.lastMedianMs,
      n.fanoutAll.lastMedianMs,
      (x) => f1(x),
    );
    row(
      `sustained deliveries/s with p99 < 250 ms (${f0(h.sustained.streams)} streams)`,
      h.sustained.bestDeliveriesPerSec,
      n.sustained.bestDeliveriesPerSec,
      f0,
      false,
    );
    const allBack = (x) => (x < 0 ? 'not within 60 s' : f0(x));
    L.push(
      `| reconnect storm (${f0(h.storm.clients)} clients, 0–${h.storm.jitterMs} ms jitter): all streaming again after, ms | ${allBack(h.storm.allStreamingAfterMs)} | ${allBack(n.storm.allStreamingAfterMs)} | |`,
    );
    L.push(
      `| storm: clients that missed events | ${f0(h.storm.clientsWithLoss)} | ${f0(n.storm.clientsWithLoss)} | |`,
    );
    L.push(
      `| storm: peak connects per 100 ms | ${f0(h.storm.peakConnectsPer100ms)} | ${f0(n.storm.peakConnectsPer100ms)} | |`,
    );
    L.push(
      `| storm: events lost / duplicated / out of order inside the replay window | ${h.storm.eventsLost} / ${h.storm.duplicates} / ${h.storm.outOfOrder} | ${n.storm.eventsLost} / ${n.storm.duplicates} / ${n.storm.outOfOrder} | |`,
    );
    L.push('');
    if (server.hubdStormRepeat)
      L.push(
        `hubd storm repeated alone (1,000 streams first, no 18,000 phase): all back ${allBack(server.hubdStormRepeat.allStreamingAfterMs)}, ${f0(server.hubdStormRepeat.clientsWithLoss)} clients missed events, ${f0(server.hubdStormRepeat.outOfOrder)} out-of-order receipts.\n`,
      );
    L.push('Sustained steps (publish rate × streams → deliveries/s, p99 ms):');
    L.push('');
    for (const r of [h, n])
      L.push(
        `* ${r.server}: ` +
          r.sustained.steps
            .map(
              (s) =>
                `${s.rate}/s → ${f0(s.deliveriesPerSec)} (p99 ${f1(s.p99Ms)}${s.ok ? '' : ', over'})`,
            )
            .join('; ') +
          `; load average ${r.loadavgStart.join(' ')} → ${r.loadavgEnd.join(' ')}`,
      );
    L.push('');
  }
}
const md = join(repo, 'docs/benchmarks.md');
const start = '<!-- results:start -->',
  end = '<!-- results:end -->';
let doc = existsSync(md) ? readFileSync(md, 'utf8') : `# Benchmarks\n\n${start}\n${end}\n`;
if (!doc.includes(start)) doc += `\n${start}\n${end}\n`;
doc =
  doc.slice(0, doc.indexOf(start) + start.length) +
  '\n' +
  L.join('\n') +
  '\n' +
  doc.slice(doc.indexOf(end));
writeFileSync(md, doc);
console.log(L.join('\n'));
