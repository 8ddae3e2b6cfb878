// Shared by the JS tests: the real Wasm core, a tiny SSE server on 127.0.0.1, waiting.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'js', 'dist');

/** The package as built (run `npm run build:js` first). */
export async function loadHub() {
  const mod = await import(join(dist, 'index.js'));
  await mod.init({ wasmBinary: readFileSync(join(dist, 'ssehub.wasm')) });
  return mod;
}

/**
 * An HTTP server; `handler(req, res, n)` serves the nth request (0-based) to any path.
 * Keeps every request's headers in `requests` and closes open streams on `close()`.
 */
export async function sseServer(handler) {
  const requests = [];
  const open = new Set();
  const server = createServer((req, res) => {
    const n = requests.length;
    requests.push({ url: req.url, headers: req.headers, at: Date.now() });
    open.add(res);
    res.on('close', () => open.delete(res));
    handler(req, res, n);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/api/v1/events`,
    requests,
    open,
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function streamHead(res, extra = {}) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    ...extra,
  });
  res.flushHeaders();
}

/** One hub protocol v1 event as SSE text. */
export function envelope(sequence, topic, resourceId, payload, emittedAt = 1732000000000) {
  const data = JSON.stringify({ topic, resourceId, payload, sequence, emittedAt });
  return `id: ${sequence}\nevent: ${topic}\ndata: ${data}\n\n`;
}

export const ready = (heartbeatMs = 15000) =>
  `retry: 50\nevent: hub.ready\ndata: ${JSON.stringify({ connectionId: 'c1', heartbeatMs, topics: [] })}\n\n`;

export async function waitFor(predicate, { timeout = 5000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fast, deterministic retries for tests. */
export const fastRetry = {
  initialMs: 20,
  factor: 2,
  maxMs: 200,
  jitter: 'none',
  attemptsBeforeDegraded: 2,
};
