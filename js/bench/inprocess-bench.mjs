// In-process cost per event without the network: the raw core (one call per 64 KiB chunk,
// effects not read), the whole hub (effects performed, payload parsed, subscriber called),
// and eventsource-parser + JSON.parse on the same chunks. Usage: node inprocess-bench.mjs [distDir]
import { readFileSync } from 'node:fs';
const dist = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
const hubLib = await import(dist + '/index.js');
const core = await hubLib.init({ wasmBinary: readFileSync(dist + '/ssehub.wasm') });
const N = 200000;
const parts = [];
for (let s = 1; s <= N; s++) {
  const data = JSON.stringify({
    topic: 'doc.section',
    resourceId: `r${s % 100}`,
    payload: { id: s, title: 'Section title', text: 'lorem ipsum dolor sit amet', n: s * 3 },
    sequence: s,
    emittedAt: 1732000000000 + s,
  });
  parts.push(`id: ${s}\nevent: doc.section\ndata: ${data}\n\n`);
}
const bytes = new TextEncoder().encode(parts.join(''));
const x = core.x;
for (let round = 0; round < 3; round++) {
  // Raw core: create hub, feed chunks, no JS effect processing.
  const cfg = JSON.stringify({ url: 'x://y', enabled: true, heartbeat: { intervalMs: 0 } });
  const len = core.writeStrings((n) => x.ssehub_scratch(n), cfg);
  const h = x.ssehub_hub_create(len);
  x.ssehub_hub_start(h, Date.now());
  const tl = core.writeStrings((n) => x.ssehub_hub_input(h, n), 'doc.*');
  x.ssehub_hub_subscribe(h, tl, 0);
  const ct = core.writeStrings((n) => x.ssehub_hub_input(h, n), 'text/event-stream');
  x.ssehub_hub_opened(h, Date.now(), 1, 200, ct, -1);
  let t0 = performance.now(),
    total = 0;
  for (let i = 0; i < bytes.length; i += 65536) {
    const c = bytes.subarray(i, i + 65536);
    const ptr = x.ssehub_hub_input(h, c.length);
    core.u8.set(c, ptr);
    total += x.ssehub_hub_received(h, Date.now(), 1, c.length);
  }
  const coreUs = ((performance.now() - t0) * 1000) / N;
  x.ssehub_hub_destroy(h);
  // Full hub.
  let sink;
  const transport = {
    open(req, s) {
      sink = s;
      return { close() {} };
    },
  };
  const hub = hubLib.createHub({
    url: 'x://y',
    enabled: true,
    transport,
    heartbeat: { intervalMs: 0 },
  });
  let count = 0;
  hub.subscribe('doc.*', () => count++);
  sink.opened(200, 'text/event-stream', -1);
  t0 = performance.now();
  for (let i = 0; i < bytes.length; i += 65536) sink.received(bytes.subarray(i, i + 65536));
  const fullUs = ((performance.now() - t0) * 1000) / N;
  hub.close();
  // eventsource-parser + JSON.parse on the same chunks (decoded per chunk).
  const { createParser } = await import('eventsource-parser');
  let c2 = 0;
  const p = createParser({
    onEvent: (e) => {
      const env = JSON.parse(e.data);
      if (env.topic.startsWith('doc.')) c2++;
    },
  });
  const dec = new TextDecoder();
  t0 = performance.now();
  for (let i = 0; i < bytes.length; i += 65536)
    p.feed(dec.decode(bytes.subarray(i, i + 65536), { stream: true }));
  const espUs = ((performance.now() - t0) * 1000) / N;
  console.log(
    `core only ${coreUs.toFixed(2)} µs/event (effects ${total}), full hub ${fullUs.toFixed(2)} (${count}), eventsource-parser+JSON ${espUs.toFixed(2)} (${c2})`,
  );
}
