// Parser alone in node: the core's parser (Wasm, via createParser) vs eventsource-parser on the
// same byte streams as bench/parser_bench.cpp (id + event + data of E bytes), fed in 64 KiB
// chunks and byte by byte. eventsource-parser takes strings, so its time includes a streaming
// TextDecoder per chunk, as in a real fetch reader. MB/s = input bytes / wall time; median of runs.
// Usage: node bench/parser/parser-node.mjs [out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createParser as espParser } from 'eventsource-parser';

const repo = join(new URL('.', import.meta.url).pathname, '../..');
const dist = join(repo, 'js/dist');
const hub = await import(join(dist, 'index.js'));
await hub.init({ wasmBinary: readFileSync(join(dist, 'ssehub.wasm')) });
const RUNS = Number(process.env.RUNS ?? 5);

function makeStream(eventBytes, totalBytes) {
  const parts = [];
  let size = 0;
  const data = 'x'.repeat(eventBytes);
  for (let seq = 1; size < totalBytes; seq++) {
    const f = `id: ${seq}\nevent: project.lifecycle\ndata: ${data}\n\n`;
    parts.push(f);
    size += f.length;
  }
  return new TextEncoder().encode(parts.join(''));
}

const contenders = {
  'sse-hub (Wasm)': (bytes, chunk) => {
    let events = 0;
    const p = hub.createParser({ onEvent: () => events++ });
    for (let i = 0; i < bytes.length; i += chunk) p.feed(bytes.subarray(i, i + chunk));
    p.end();
    p.close();
    return events;
  },
  'eventsource-parser': (bytes, chunk) => {
    let events = 0;
    const p = espParser({ onEvent: () => events++ });
    const dec = new TextDecoder();
    for (let i = 0; i < bytes.length; i += chunk)
      p.feed(dec.decode(bytes.subarray(i, i + chunk), { stream: true }));
    return events;
  },
};

const cases = [
  { eventBytes: 100, chunk: 65536, total: 16 << 20 },
  { eventBytes: 1024, chunk: 65536, total: 16 << 20 },
  { eventBytes: 65536, chunk: 65536, total: 16 << 20 },
  { eventBytes: 100, chunk: 1, total: 1 << 20 },
  { eventBytes: 1024, chunk: 1, total: 1 << 20 },
];
const out = { suite: 'parser-node', node: process.version, runs: RUNS, cases: [] };
for (const c of cases) {
  const bytes = makeStream(c.eventBytes, c.total);
  const row = { ...c, bytes: bytes.length, results: {} };
  for (const [name, fn] of Object.entries(contenders)) {
    fn(bytes.subarray(0, Math.min(bytes.length, c.chunk === 1 ? 65536 : 1 << 20)), c.chunk); // warm-up
    const mbs = [];
    let events = 0;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      events = fn(bytes, c.chunk);
      mbs.push(bytes.length / 1e6 / ((performance.now() - t0) / 1000));
    }
    mbs.sort((a, b) => a - b);
    row.results[name] = {
      mbPerSec: mbs[mbs.length >> 1],
      min: mbs[0],
      max: mbs[mbs.length - 1],
      events,
    };
  }
  out.cases.push(row);
  console.error(
    `[parser] E=${c.eventBytes} chunk=${c.chunk}: ` +
      Object.entries(row.results)
        .map(([n, r]) => `${n} ${r.mbPerSec.toFixed(1)} MB/s`)
        .join(', '),
  );
}
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(out, null, 1));
else console.log(JSON.stringify(out, null, 1));
