// sse-hub over fetch vs eventsource-parser over fetch: events/s and client CPU per event.
// The server runs in a child process so that process.cpuUsage() is the client's alone.
// Usage: node js/bench/fetch-bench.mjs [events=200000]
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';

const N = Number(process.argv[2] ?? 200000);

if (process.argv[2] === '--server') {
  // Child: stream N envelopes in 64 KiB writes, as a hub under load would.
  const n = Number(process.argv[3]);
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    let s = 1;
    const pump = () => {
      while (s <= n) {
        let buf = '';
        while (s <= n && buf.length < 65536) {
          const data = JSON.stringify({
            topic: 'doc.section',
            resourceId: `r${s % 100}`,
            payload: {
              id: s,
              title: 'Section title',
              text: 'lorem ipsum dolor sit amet',
              n: s * 3,
            },
            sequence: s,
            emittedAt: 1732000000000 + s,
          });
          buf += `id: ${s}\nevent: doc.section\ndata: ${data}\n\n`;
          s++;
        }
        if (!res.write(buf)) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  const start = async (name, run) => {
    const child = fork(fileURLToPath(import.meta.url), ['--server', String(N)]);
    const port = await new Promise((r) => child.once('message', r));
    const url = `http://127.0.0.1:${port}/`;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const count = await run(url);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    child.kill();
    const us = (cpu.user + cpu.system) / count;
    console.log(
      `${name.padEnd(34)} ${count} events  ${Math.round(count / (ms / 1000))
        .toLocaleString('en')
        .padStart(10)} events/s  ${us.toFixed(2)} µs CPU/event`,
    );
  };

  // SSEHUB_DIST: another build of the package (e.g. a Wasm core built with other flags).
  const dist = process.env.SSEHUB_DIST
    ? `file://${process.env.SSEHUB_DIST}/`
    : new URL('../dist/', import.meta.url);
  const hubLib = await import(new URL('index.js', dist));
  await hubLib.init({ wasmBinary: readFileSync(new URL('ssehub.wasm', dist)) });
  const { createParser } = await import('eventsource-parser');
  // Every payload is read, so no contender can skip its parse.
  let checksum = 0;

  for (let round = 0; round < 2; round++) {
    await start(
      'sse-hub (fetch, Wasm core)',
      (url) =>
        new Promise((resolve) => {
          let count = 0;
          const hub = hubLib.createHub({ url, enabled: true, heartbeat: { intervalMs: 0 } });
          hub.subscribe('doc.*', (e) => {
            checksum += e.payload.n;
            if (++count === N) {
              hub.close();
              resolve(count);
            }
          });
        }),
    );
    await start('eventsource-parser (fetch) + JSON', async (url) => {
      let count = 0;
      const parser = createParser({
        onEvent: (e) => {
          const env = JSON.parse(e.data);
          if (env.topic.startsWith('doc.')) checksum += env.payload.n;
          count++;
        },
      });
      const res = await fetch(url, { headers: { Accept: 'text/event-stream' } });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
      return count;
    });
  }
  console.log(`checksum ${checksum}`);
}
