// The real hubd on an ephemeral loopback port, its JSON API and a plain SSE reader, for the
// domain tests. Every hub is stopped with SIGTERM and must exit 0 without sanitizer reports.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import assert from 'node:assert/strict';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HUBD = process.env.HUBD ?? join(repo, 'build/native-release/server/hubd');
const SEED = join(repo, 'server/data/seed.json');
const hubs = [];

// The process alone: spawned with `args` (after the test defaults), its logs kept, its
// port read from the listening line, and its clean exit checked after the tests.
export async function spawnHub(args = []) {
  const proc = spawn(
    HUBD,
    [
      '--port',
      '0',
      '--test-mode',
      '--data',
      SEED,
      '--connect-burst',
      '1000',
      '--connect-rate',
      '1000',
      '--drain-timeout',
      '2000',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const hub = { proc, logs: [], exited: new Promise((r) => proc.on('exit', (code) => r(code))) };
  hubs.push(hub);
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => hub.logs.push(...chunk.split('\n').filter(Boolean)));
  const port = await new Promise((resolvePort, reject) => {
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => {
      const m = /"listening","port":(\d+)/.exec(chunk);
      if (m) resolvePort(Number(m[1]));
    });
    proc.on('exit', (code) =>
      reject(new Error(`hubd exited with ${code}: ${hub.logs.join('\n')}`)),
    );
  });
  hub.base = `http://127.0.0.1:${port}`;
  return hub;
}

// A hub with the stream on, and helpers for its API and streams as the data file's users.
export async function startHub(args = []) {
  const hub = await spawnHub(['--enable-event-stream', ...args]);
  hub.tokens = {};
  hub.auth = async (user) => {
    if (!user) return {};
    if (!hub.tokens[user]) {
      const res = await fetch(`${hub.base}/api/v1/token`, {
        method: 'POST',
        body: JSON.stringify({ user }),
      });
      hub.tokens[user] = (await res.json()).token;
    }
    return { authorization: `Bearer ${hub.tokens[user]}` };
  };
  // JSON API call as `user` (undefined: anonymous) → {status, body, headers}.
  hub.api = async (user, method, path, body, headers = {}) => {
    const res = await fetch(`${hub.base}${path}`, {
      method,
      headers: { ...(await hub.auth(user)), ...headers },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
  hub.faults = async (body) =>
    assert.equal((await hub.api(undefined, 'POST', '/api/v1/test/faults', body)).status, 200);
  // An SSE stream (hub or plain dialect); frames parsed as they arrive.
  hub.stream = async (user, path, headers = {}) => {
    const controller = new AbortController();
    const res = await fetch(`${hub.base}${path}`, {
      headers: { ...(await hub.auth(user)), ...headers },
      signal: controller.signal,
    });
    const s = { status: res.status, res, frames: [], ended: false, waiters: [] };
    s.close = () => controller.abort();
    if (res.status !== 200) {
      s.body = await res.json();
      return s;
    }
    (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = { data: [], at: Date.now() };
            for (const line of buffer.slice(0, end).split('\n')) {
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === '') frame.comment = value;
              else if (field === 'data') frame.data.push(value);
              else frame[field] = value;
            }
            buffer = buffer.slice(end + 2);
            frame.data = frame.data.join('\n');
            if (frame.data) frame.json = JSON.parse(frame.data);
            s.frames.push(frame);
          }
          s.waiters.forEach((w) => w());
        }
      } catch {}
      s.ended = true;
      s.waiters.forEach((w) => w());
    })();
    // Resolves with the frames matching `pred` once there are `count` of them.
    s.waitFor = (pred, count = 1, timeoutMs = 5000) =>
      new Promise((resolveFrames, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timeout; frames: ${JSON.stringify(s.frames)}`)),
          timeoutMs,
        );
        const check = () => {
          const found = s.frames.filter(pred);
          if (found.length >= count) {
            clearTimeout(timer);
            s.waiters = s.waiters.filter((w) => w !== check);
            resolveFrames(found);
          }
        };
        s.waiters.push(check);
        check();
      });
    s.named = (event) => s.frames.filter((f) => f.event === event);
    return s;
  };
  return hub;
}

after(async () => {
  for (const hub of hubs) {
    if (hub.proc.exitCode === null && hub.proc.signalCode === null) hub.proc.kill('SIGTERM');
    const timer = setTimeout(() => hub.proc.kill('SIGKILL'), 5000);
    const code = await hub.exited;
    clearTimeout(timer);
    assert.equal(code, 0, hub.logs.join('\n'));
    assert.ok(!hub.logs.some((l) => /Sanitizer|runtime error/.test(l)), hub.logs.join('\n'));
  }
});
