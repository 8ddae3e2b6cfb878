// CPU profile of one contender in an uninstrumented page (raw CDP Profiler on that target):
// self time by function, top 25. Usage: node bench/browser/profile.mjs [contender] [n] [subs]
import { chromium } from 'playwright';
import * as launch from '../../scripts/browsers.mjs';
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPage } from './build-page.mjs';
import { connectCdp, openPage } from './cdp.mjs';

const here = new URL('.', import.meta.url).pathname;
const repo = join(here, '../..');
const [name = 'hub', nArg = '200000', subsArg = '1'] = process.argv.slice(2);
const N = Number(nArg);
const pageDir = await buildPage(join(repo, 'build/bench/page'));
const server = fork(join(here, 'server.mjs'), [pageDir]);
const { port } = await new Promise((r) => server.once('message', r));
const cdpPort = 9000 + Math.floor(Math.random() * 1000);
const browser = await chromium.launch({
  ...launch.chromium,
  args: [...launch.chromium.args, `--remote-debugging-port=${cdpPort}`],
});
const { webSocketDebuggerUrl } = await (
  await fetch(`http://127.0.0.1:${cdpPort}/json/version`)
).json();
const cdp = await connectCdp(webSocketDebuggerUrl);
const page = await openPage(cdp, `http://127.0.0.1:${port}/`);
const opts = { path: `/sse/burst?n=${N}`, n: N, subs: Number(subsArg) };
await page.evaluate(
  `bench.run(${JSON.stringify(name)}, ${JSON.stringify({ ...opts, n: 20000, path: '/sse/burst?n=20000' })})`,
);
await page.send('Profiler.enable');
await page.send('Profiler.setSamplingInterval', { interval: 100 });
await page.send('Profiler.start');
const r = await page.evaluate(`bench.run(${JSON.stringify(name)}, ${JSON.stringify(opts)})`);
const { profile } = await page.send('Profiler.stop');
writeFileSync(join(repo, `build/bench/${name}.cpuprofile`), JSON.stringify(profile));
const dt = profile.timeDeltas.reduce((a, b) => a + b, 0) / profile.samples.length;
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
let total = 0;
for (const [id, c] of counts) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + c);
  if (f.functionName !== '(idle)' && f.functionName !== '(program)') total += c;
}
console.log(
  `${name}: ${Math.round((N / r.ms) * 1000)} ev/s; profiled busy ${((total * dt) / 1000).toFixed(0)} ms = ${((total * dt) / N).toFixed(2)} µs/event`,
);
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(
    `${((c * dt) / N).toFixed(3).padStart(7)} µs/ev  ${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`,
  );
await page.close();
cdp.close();
await browser.close();
server.kill();
