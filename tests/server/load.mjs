// Bounded load client for hubd: holds STREAMS idle streams, reports hubd's resident memory per
// stream, then times the fan-out of one event to FANOUT of them (publish sent → last stream
// received), ROUNDS times. Run through load.sh, which raises the fd limit.
//   HUBD=build/native-release/server/hubd STREAMS=10000 FANOUT=1000 bash tests/server/load.sh
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { launchHubd, loadArgs } from './hubd.mjs';

const STREAMS = Number(process.env.STREAMS ?? 10000);
const FANOUT = Math.min(Number(process.env.FANOUT ?? 1000), STREAMS);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const CONCURRENCY = 200; // connects in flight: keeps the client bounded
const PUBLISHER = 'load-publisher-token';

const rssKiB = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

const { proc: hub, listening } = launchHubd(loadArgs(PUBLISHER));
const port = await listening;
const base = `http://127.0.0.1:${port}`;
const post = async (path, body, headers = {}) =>
  (await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) })).json();
const { token } = await post('/api/v1/token', { user: 'alice' });

const streams = [];
function openOne() {
  return new Promise((resolveOpen, reject) => {
    const s = { buffered: '', onData: null };
    s.socket = connect(port, '127.0.0.1', () =>
      s.socket.write(
        `GET /api/v1/events?topics=dashboard.metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
      ),
    );
    s.socket.setEncoding('utf8');
    s.socket.on('error', reject);
    s.socket.on('data', (chunk) => {
      if (s.onData) return s.onData(chunk);
      s.buffered += chunk;
      if (s.buffered.includes('event: hub.ready')) {
        s.buffered = '';
        resolveOpen(s);
      }
    });
  });
}

const rss0 = rssKiB(hub.pid);
const t0 = performance.now();
for (let opened = 0; opened < STREAMS;) {
  const batch = Math.min(CONCURRENCY, STREAMS - opened);
  streams.push(...(await Promise.all(Array.from({ length: batch }, openOne))));
  opened += batch;
}
const openSeconds = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 500));
const rss1 = rssKiB(hub.pid);
console.log(
  JSON.stringify({
    idleStreams: streams.length,
    openSeconds: +openSeconds.toFixed(2),
    rssBeforeMiB: +(rss0 / 1024).toFixed(1),
    rssAfterMiB: +(rss1 / 1024).toFixed(1),
    bytesPerStream: Math.round(((rss1 - rss0) * 1024) / streams.length),
  }),
);

// Fan-out: only the first FANOUT streams listen for the marker; all STREAMS receive the event.
async function fanoutRound(round, listeners) {
  const marker = `"round":${round}}`;
  let left = listeners.length;
  let done;
  const all = new Promise((r) => (done = r));
  for (const s of listeners) {
    let tail = '';
    s.onData = (chunk) => {
      const text = tail + chunk;
      tail = text.slice(-32);
      if (text.includes(marker)) {
        s.onData = () => {};
        if (--left === 0) done(performance.now());
      }
    };
  }
  for (const s of streams.slice(listeners.length)) s.onData = () => {};
  const start = performance.now();
  await post(
    '/api/v1/publish',
    { topic: 'dashboard.metrics', resourceId: 'load', workspace: 'acme', payload: { round } },
    { authorization: `Bearer ${PUBLISHER}` },
  );
  return (await all) - start;
}

let roundId = 0;
for (const [label, listeners] of [
  [`fanout${FANOUT}`, streams.slice(0, FANOUT)],
  [`fanoutAll${STREAMS}`, streams],
]) {
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    times.push(await fanoutRound(++roundId, listeners));
    await new Promise((r) => setTimeout(r, 20));
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      measure: label,
      rounds: ROUNDS,
      medianMs: +times[Math.floor(times.length / 2)].toFixed(2),
      p90Ms: +times[Math.floor(times.length * 0.9)].toFixed(2),
      maxMs: +times[times.length - 1].toFixed(2),
    }),
  );
}
const metrics = await (
  await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${PUBLISHER}` } })
).text();
console.log(
  metrics
    .split('\n')
    .filter((l) => /^hubd_fanout_seconds_(sum|count)|^hubd_streams_open/.test(l))
    .join('\n'),
);

for (const s of streams) s.socket.destroy();
hub.kill('SIGTERM');
