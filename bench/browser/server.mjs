// The one local server every browser contender reads: static files (the bundled bench page)
// and hub protocol v1 streams of 200-byte envelopes.
//   GET /sse/burst?n=N       N events as fast as the socket takes them (64 KiB writes)
//   GET /sse/rate?rate=R&n=N N events at R/s; payload.t = send time (epoch ms, fractional)
//   POST /mark?phase=P       a self-running page's progress, passed to the parent process
//                            (IPC {mark, id, body}); answered when the parent sends {ack: id}
// A request carrying Last-Event-ID (an EventSource reconnecting after the end) gets 204.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
};
const TEXT =
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt';

/** One event frame whose `data:` line (the envelope) is 200 bytes for 6-digit sequences. */
export function frame(s, t = 0) {
  const head = {
    topic: 'doc.section',
    resourceId: `r${s % 100}`,
    payload: { id: s, n: s * 3, t, text: '' },
    sequence: s,
    emittedAt: 1732000000000 + s,
  };
  const bare = JSON.stringify(head).length;
  head.payload.text = TEXT.slice(0, Math.max(0, 200 - bare));
  return `id: ${s}\nevent: doc.section\ndata: ${JSON.stringify(head)}\n\n`;
}

const PRELUDE = 'retry: 1000\n\n';
const bursts = new Map();
function burstBytes(n) {
  if (!bursts.has(n)) {
    const parts = [];
    for (let s = 1; s <= n; s++) parts.push(frame(s));
    bursts.set(n, Buffer.from(PRELUDE + parts.join('')));
  }
  return bursts.get(n);
}

let marks = 0;
const acks = new Map();
process.on('message', (m) => {
  if (m?.ack) {
    acks.get(m.ack)?.();
    acks.delete(m.ack);
  }
});

export function startServer(root, port = 0) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/sse/')) {
      if (req.headers['last-event-id']) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
      });
      res.socket.setNoDelay(true);
      const n = Number(url.searchParams.get('n') ?? 200000);
      if (url.pathname === '/sse/burst') {
        const bytes = burstBytes(n);
        let off = 0;
        const pump = () => {
          while (off < bytes.length) {
            const end = Math.min(bytes.length, off + 65536);
            const ok = res.write(bytes.subarray(off, end));
            off = end;
            if (!ok) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else if (url.pathname === '/sse/rate') {
        const rate = Number(url.searchParams.get('rate') ?? 100);
        res.write(PRELUDE);
        const t0 = performance.now();
        let sent = 0;
        const tick = () => {
          const due = Math.min(n, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
          let out = '';
          while (sent < due) out += frame(++sent, performance.timeOrigin + performance.now());
          if (out) res.write(out);
          if (sent >= n) {
            clearInterval(timer);
            res.end();
          }
        };
        const timer = setInterval(tick, 1);
        req.on('close', () => clearInterval(timer));
      } else res.writeHead(404).end();
      return;
    }
    if (url.pathname === '/mark' && req.method === 'POST') {
      // A self-running page's progress, to the parent process; answered once it says so.
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const id = ++marks;
        acks.set(id, () => res.writeHead(204).end());
        process.send?.({ mark: url.searchParams.get('phase'), id, body: JSON.parse(body) });
      });
      return;
    }
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(readFileSync(path));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

// As a child process: node server.mjs <root> → sends its port to the parent.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()) && process.send) {
  const server = await startServer(process.argv[2]);
  process.send({ port: server.address().port });
}
