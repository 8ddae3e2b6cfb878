// The real hubd on an ephemeral loopback port, its JSON API and the SSE reader of the node
// tests. Every hub is stopped with SIGTERM and must exit 0 without sanitizer reports.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchHubd } from './hubd.mjs';

const hubs = [];

// The process alone: spawned with `args` (after the test defaults) and `options` as
// launchHubd takes them, its logs kept, and its clean exit checked after the tests.
export async function spawnHub(args = [], options = {}) {
  const logs = [];
  const hub = {
    logs,
    ...launchHubd(
      ['--connect-burst', '1000', '--connect-rate', '1000', '--drain-timeout', '2000', ...args],
      { logs, ...options },
    ),
  };
  hubs.push(hub);
  hub.base = `http://127.0.0.1:${await hub.listening}`;
  return hub;
}

// hubd's resident memory in bytes and CPU time in seconds, from /proc.
export function rss(hub) {
  const status = readFileSync(`/proc/${hub.proc.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) * 1024;
}
export function cpuSeconds(hub) {
  const stat = readFileSync(`/proc/${hub.proc.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
}
// For memory bounds under ASan: freed memory comes back soon instead of sitting in a 256 MiB
// quarantine (use-after-free is still caught within that window).
export const ASAN_SMALL_QUARANTINE = {
  ASAN_OPTIONS: 'quarantine_size_mb=16:thread_local_quarantine_size_kb=256',
};
export const MiB = 1024 * 1024;

// An SSE stream as hubd writes it (LF-terminated frames, hub protocol or a plain dialect),
// parsed as it arrives into frames {event, id, retry, comment, data, json, at}. A refusal
// keeps its JSON body instead.
export async function openSse(url, headers = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
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
          try {
            if (frame.data) frame.json = JSON.parse(frame.data);
          } catch {
            // not JSON: the test reads frame.data
          }
          s.frames.push(frame);
        }
        s.waiters.forEach((w) => w());
      }
    } catch {
      // the stream was aborted: it ended
    }
    s.ended = true;
    s.waiters.forEach((w) => w());
  })();
  // What `found()` returns once it is defined; rejects at the timeout, or when the stream
  // ends first.
  const until = (found, timeoutMs) =>
    new Promise((resolveWait, reject) => {
      const fail = (why) => new Error(`${why}; frames: ${JSON.stringify(s.frames)}`);
      const timer = setTimeout(() => reject(fail('timeout')), timeoutMs);
      const check = () => {
        const result = found();
        if (result === undefined && !s.ended) return;
        clearTimeout(timer);
        s.waiters = s.waiters.filter((w) => w !== check);
        if (result === undefined) reject(fail('stream ended'));
        else resolveWait(result);
      };
      s.waiters.push(check);
      check();
    });
  // The frames matching `pred`, once there are `count` of them.
  s.waitFor = (pred, count = 1, timeoutMs = 5000) =>
    until(() => {
      const found = s.frames.filter(pred);
      return found.length >= count ? found : undefined;
    }, timeoutMs);
  // The first frame matching `pred`.
  s.first = (pred, timeoutMs = 3000) => until(() => s.frames.find(pred), timeoutMs);
  // All frames, once the server has ended the stream.
  s.end = (timeoutMs = 3000) => until(() => (s.ended ? s.frames : undefined), timeoutMs);
  s.named = (event) => s.frames.filter((f) => f.event === event);
  return s;
}

// A hub with the stream on, and helpers for its API and streams as the data file's users.
export async function startHub(args = [], options = {}) {
  const hub = await spawnHub(['--enable-event-stream', ...args], options);
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
  // An SSE stream (hub protocol or a plain dialect) as `user` (undefined: anonymous).
  hub.stream = async (user, path, headers = {}) =>
    openSse(`${hub.base}${path}`, { ...(await hub.auth(user)), ...headers });
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
