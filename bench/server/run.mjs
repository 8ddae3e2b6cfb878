// Server suite: hubd vs nginx + nchan (EventSource, message buffer), same bounded node load
// client on loopback, same run. fd limit here is 20,000 (hard) per process: each server and
// the client are one process, so streams are capped at STREAMS (default 19,000).
// Usage: node bench/server/run.mjs [out.json]   env: STREAMS FANOUT ROUNDS STORM QUICK=1
import { spawn, fork, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { connect, createServer as netServer } from 'node:net';
import { join } from 'node:path';
import { HUBD, launchHubd, loadArgs } from '../../tests/server/hubd.mjs';

const here = new URL('.', import.meta.url).pathname;
const repo = join(here, '../..');
const QUICK = process.env.QUICK === '1';
const STREAMS = Number(process.env.STREAMS ?? (QUICK ? 3000 : 18000));
const FANOUT = Math.min(Number(process.env.FANOUT ?? 1000), STREAMS);
const ROUNDS = Number(process.env.ROUNDS ?? (QUICK ? 5 : 20));
const STORM = Number(process.env.STORM ?? (QUICK ? 1000 : 5000));
const RATES = (process.env.RATES ?? '50,100,200,400,800,1600').split(',').map(Number);
const STEP_SECONDS = Number(process.env.STEP_SECONDS ?? (QUICK ? 2 : 4));
const JITTER_MS = Number(process.env.JITTER_MS ?? 1000);
const WORK = join(repo, 'build/bench/server');
const TOPIC = 'dashboard.metrics';
const PUBLISHER = 'bench-publisher-token';
const CONCURRENCY = 200;
const log = (...a) => console.error('[server]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
const freePort = () =>
  new Promise((r) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
const median = (xs) =>
  pct(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

// Proportional set size of a process tree (KiB): shared memory is split, not double counted.
function pssKiB(pid) {
  let total = 0;
  const visit = (p) => {
    try {
      total += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))[1]);
      for (const c of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean))
        visit(c);
    } catch {
      // the process is gone: nothing to count
    }
  };
  visit(pid);
  return total;
}

// ---- the two servers ----------------------------------------------------------------
async function startHubd() {
  const { proc, listening } = launchHubd([...loadArgs(PUBLISHER), '--replay-count', '1000'], {
    fdLimit: true,
  });
  const port = await listening;
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/token`, {
    method: 'POST',
    body: JSON.stringify({ user: 'alice', ttlSeconds: 86400 }),
  });
  const { token } = await res.json();
  const version = execFileSync('bash', [
    '-c',
    `cd ${repo} && git describe --always --dirty 2>/dev/null || echo unknown`,
  ])
    .toString()
    .trim();
  return {
    name: 'hubd',
    version: `hubd ${version}`,
    port,
    pid: proc.pid,
    request: (lastId) =>
      `GET /api/v1/events?topics=${TOPIC} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${token}\r\n${lastId ? `Last-Event-ID: ${lastId}\r\n` : ''}\r\n`,
    publisherConfig: { kind: 'hubd', port, token: PUBLISHER, topic: TOPIC },
    stop: async () => {
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

async function startNchan() {
  const port = await freePort();
  const dir = join(WORK, 'nginx');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  // One worker (hubd is one thread); 1,000-message buffer per channel (hubd: --replay-count 1000).
  const conf = `
load_module /usr/lib/nginx/modules/ngx_nchan_module.so;
daemon off;
master_process on;
worker_processes 1;
worker_rlimit_nofile 20000;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 19990; multi_accept on; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  nchan_shared_memory_size 256m;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    nchan_message_buffer_length 1000;
    nchan_message_timeout 300s;
    location = /pub { nchan_publisher; nchan_channel_id $arg_id; }
    location = /sub { nchan_subscriber eventsource; nchan_channel_id $arg_id; nchan_subscriber_timeout 0; nchan_subscriber_first_message newest; }
  }
}`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const proc = spawn(
    'bash',
    ['-c', `ulimit -n $(ulimit -Hn); exec nginx -p ${dir} -c ${dir}/nginx.conf`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  proc.stderr.on('data', (c) => (err += c));
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/pub?id=warm`, { method: 'POST', body: '{}' });
      if (r.status < 300) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error(`nginx did not start: ${err}`);
    await sleep(50);
  }
  const version = execFileSync('bash', [
    '-c',
    "nginx -v 2>&1; dpkg-query -W -f='nchan ${Version}' libnginx-mod-nchan",
  ])
    .toString()
    .replace(/\n/g, ' ')
    .trim();
  return {
    name: 'nchan',
    version,
    port,
    pid: proc.pid,
    request: (lastId) =>
      `GET /sub?id=${TOPIC} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n${lastId ? `Last-Event-ID: ${lastId}\r\n` : ''}\r\n`,
    publisherConfig: { kind: 'nchan', port, topic: TOPIC },
    stop: async () => {
      proc.kill('SIGQUIT');
      await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(3000)]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
    },
  };
}

// ---- the load client -------------------------------------------------------------------
// Each stream: raw HTTP/1.1 on its own socket from 127.0.0.{2..9}; events scanned for
// {"k":K,"t":T}; ids kept for Last-Event-ID; gaps/duplicates in K counted.
const KT = /"k":(\d+),"t":([\d.]+)/g;
const ID = /(?:^|\n)id: ?([^\n\r]*)/g;
let srcIndex = 0;
let onEvent = null; // (stream, k, latencyMs, at) during measurements

function openStream(srv, s = { lastId: '', lastK: 0, gaps: 0, dups: 0, events: 0 }) {
  return new Promise((resolve) => {
    let head = '';
    let ready = false;
    let settled = false;
    s.buf = '';
    s.ready = false;
    s.status = 0;
    const sock = connect({
      port: srv.port,
      host: '127.0.0.1',
      localAddress: `127.0.0.${2 + (srcIndex++ % 8)}`,
    });
    s.sock = sock;
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(srv.request(s.lastId)));
    const finish = (ok) => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    sock.on('error', () => finish(false));
    sock.on('close', () => {
      finish(false);
      if (s.sock !== sock) return; // a replaced socket
      s.ready = false;
      s.onClose?.(s);
    });
    sock.on('data', (chunk) => {
      if (s.sock !== sock) return;
      const at = now();
      if (!ready) {
        head += chunk;
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        s.status = Number(head.slice(9, 12));
        if (s.status !== 200) {
          s.retryAfter = Number(/retry-after:\s*(\d+)/i.exec(head)?.[1] ?? 0);
          sock.destroy();
          return finish(false);
        }
        chunk = head.slice(end + 4);
        head = '';
        ready = s.ready = true;
        finish(true);
      }
      s.buf += chunk;
      const end = s.buf.lastIndexOf('\n\n');
      if (end < 0) return;
      const text = s.buf.slice(0, end);
      s.buf = s.buf.slice(end + 2);
      let m;
      ID.lastIndex = 0;
      while ((m = ID.exec(text))) s.lastId = m[1];
      KT.lastIndex = 0;
      while ((m = KT.exec(text))) {
        const k = Number(m[1]);
        if (s.lastK && k > s.lastK + 1) s.gaps += k - s.lastK - 1;
        if (k <= s.lastK) s.dups++;
        else s.lastK = k;
        s.events++;
        if (onEvent) onEvent(s, k, at - Number(m[2]), at);
      }
    });
  });
}

async function openMany(srv, count, into) {
  let failures = 0;
  for (let opened = 0; opened < count;) {
    const batch = Math.min(CONCURRENCY, count - opened);
    const made = Array.from({ length: batch }, () => ({
      lastId: '',
      lastK: 0,
      gaps: 0,
      dups: 0,
      events: 0,
    }));
    const ok = await Promise.all(made.map((s) => openStream(srv, s)));
    ok.forEach((v, i) => (v ? into.push(made[i]) : failures++));
    opened += batch;
    if (failures > 50) throw new Error(`${srv.name}: ${failures} streams failed to open`);
  }
  return failures;
}

async function publishOne(srv, k) {
  const t = now();
  const c = srv.publisherConfig;
  if (c.kind === 'hubd') {
    await fetch(`http://127.0.0.1:${c.port}/api/v1/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        workspace: 'acme',
        topic: c.topic,
        resourceId: 'bench',
        payload: { k, t },
      }),
    });
  } else {
    await fetch(`http://127.0.0.1:${c.port}/pub?id=${c.topic}`, {
      method: 'POST',
      body: `{"k":${k},"t":${t}}`,
    });
  }
}

// Fan-out: one event to every open stream; per round: p50/p99/last of publish→receipt.
let K = 0;
async function fanout(srv, streams, rounds) {
  const per = [];
  for (let r = 0; r < rounds; r++) {
    const k = ++K;
    const lat = [];
    let resolve;
    const done = new Promise((res) => (resolve = res));
    onEvent = (s, kk, ms) => {
      if (kk !== k) return;
      lat.push(ms);
      if (lat.length === streams.length) resolve(true);
    };
    await publishOne(srv, k);
    const ok = await Promise.race([done, sleep(15000).then(() => false)]);
    onEvent = null;
    lat.sort((a, b) => a - b);
    per.push({
      p50: pct(lat, 0.5),
      p99: pct(lat, 0.99),
      last: lat[lat.length - 1],
      received: lat.length,
      complete: ok,
    });
    for (const s of streams) s.lastK = k; // fan-out events are not a sequence test
    await sleep(50);
  }
  const lasts = per.map((p) => p.last).sort((a, b) => a - b);
  return {
    streams: streams.length,
    rounds,
    p50Ms: median(per.map((p) => p.p50)),
    p99Ms: median(per.map((p) => p.p99)),
    lastMedianMs: pct(lasts, 0.5),
    lastP99Ms: pct(lasts, 0.99),
    lastMaxMs: lasts[lasts.length - 1],
    incompleteRounds: per.filter((p) => !p.complete).length,
  };
}

function startPublisher(srv, startK) {
  const child = fork(join(here, 'publisher.mjs'));
  return new Promise((r) => {
    child.once('message', () => r(child));
    child.send({ cmd: 'config', ...srv.publisherConfig, startK });
  });
}
const runPublisher = (child, rate, seconds) =>
  new Promise((r) => {
    child.once('message', r);
    child.send({ cmd: 'rate', rate, seconds });
  });

// Sustained: step the publish rate up; deliveries/s while p99 stays under 250 ms.
async function sustained(srv, streams) {
  const steps = [];
  const pub = await startPublisher(srv, K);
  let pubTotal = 0;
  for (const rate of RATES) {
    const hist = new Uint32Array(300001); // 0.1 ms bins up to 30 s
    let count = 0;
    let tFirst = 0,
      tLast = 0;
    onEvent = (s, k, ms, at) => {
      hist[Math.min(300000, Math.max(0, Math.round(ms * 10)))]++;
      if (!count) tFirst = at;
      tLast = at;
      count++;
    };
    const res = await runPublisher(pub, rate, STEP_SECONDS);
    res.published -= pubTotal;
    pubTotal += res.published;
    await sleep(1000); // drain
    onEvent = null;
    K = res.lastK;
    for (const s of streams) s.lastK = K;
    const q = (p) => {
      let need = Math.ceil(count * p),
        acc = 0;
      for (let i = 0; i < hist.length; i++) if ((acc += hist[i]) >= need) return i / 10;
      return NaN;
    };
    const expected = res.published * streams.length;
    const step = {
      rate,
      publishedPerSec: res.published / res.seconds,
      publishFailed: res.failed,
      deliveries: count,
      expected,
      deliveriesPerSec: count / ((tLast - tFirst) / 1000 || 1),
      p50Ms: q(0.5),
      p99Ms: q(0.99),
    };
    step.ok =
      step.p99Ms < 250 && count >= 0.99 * expected && res.published >= 0.95 * rate * STEP_SECONDS;
    steps.push(step);
    log(
      `  ${srv.name} rate ${rate}/s × ${streams.length}: ${Math.round(step.deliveriesPerSec)} deliveries/s p50 ${step.p50Ms} p99 ${step.p99Ms} ms ${count}/${expected} published ${res.published} ${step.ok ? 'ok' : 'OVER'}`,
    );
    if (!step.ok) break;
    await sleep(500);
  }
  pub.kill();
  const best = steps.filter((s) => s.ok).sort((a, b) => b.deliveriesPerSec - a.deliveriesPerSec)[0];
  return {
    streams: streams.length,
    steps,
    bestDeliveriesPerSec: best?.deliveriesPerSec ?? 0,
    bestRate: best?.rate ?? 0,
  };
}

// Reconnect storm: STORM streams, publishing at 50/s throughout; all cut at once by the client;
// each reconnects after uniform 0..JITTER_MS with its Last-Event-ID (429/503: Retry-After + jitter).
async function storm(srv) {
  const streams = [];
  await openMany(srv, STORM, streams);
  await sleep(300);
  const pub = await startPublisher(srv, K);
  const running = runPublisher(pub, 50, 0);
  await sleep(1500);
  // From here on: every k each client receives, to tell loss from reordering and duplicates.
  for (const s of streams) {
    s.kCut = s.lastK;
    s.seen = new Set();
    s.maxK = s.lastK;
    s.stormDups = 0;
    s.reordered = 0;
  }
  onEvent = (s, k) => {
    if (k <= s.kCut) return;
    if (s.seen.has(k)) s.stormDups++;
    else s.seen.add(k);
    if (k < s.maxK) s.reordered++;
    else s.maxK = k;
  };
  const connects = [];
  let refused = 0;
  let streaming = streams.length;
  let allBack;
  const back = new Promise((r) => (allBack = r));
  const t0 = performance.now();
  const reconnect = (s) => {
    setTimeout(
      async () => {
        connects.push(performance.now() - t0);
        const ok = await openStream(srv, s);
        if (ok) {
          if (++streaming === streams.length) allBack(performance.now() - t0);
          s.onClose = null;
        } else {
          if (s.status === 429 || s.status === 503) refused++;
          s.onClose = null;
          s.delayExtra = (s.retryAfter || 0) * 1000;
          reconnect(s);
        }
      },
      (s.delayExtra ?? 0) + Math.random() * JITTER_MS,
    );
    s.delayExtra = 0;
  };
  for (const s of streams) {
    s.onClose = null;
    s.sock.destroy();
    streaming--;
  }
  for (const s of streams) reconnect(s);
  const allMs = await Promise.race([back, sleep(60000).then(() => -1)]);
  await sleep(1500);
  pub.send({ cmd: 'stop' });
  const res = await running;
  await sleep(1000);
  pub.kill();
  K = res.lastK;
  const buckets = new Map();
  for (const c of connects)
    buckets.set(Math.floor(c / 100), (buckets.get(Math.floor(c / 100)) ?? 0) + 1);
  onEvent = null;
  const lostOf = (s) => res.lastK - s.kCut - s.seen.size;
  const lost = streams.reduce((a, s) => a + lostOf(s), 0);
  const dups = streams.reduce((a, s) => a + s.stormDups, 0);
  const reordered = streams.reduce((a, s) => a + s.reordered, 0);
  const out = {
    clients: streams.length,
    jitterMs: JITTER_MS,
    allStreamingAfterMs: allMs,
    connectAttempts: connects.length,
    peakConnectsPer100ms: Math.max(...buckets.values()),
    refused,
    published: res.published,
    eventsLost: lost,
    duplicates: dups,
    outOfOrder: reordered,
    clientsWithLoss: streams.filter((s) => lostOf(s) > 0).length,
    notStreamingAtEnd: streams.filter((s) => !s.ready).length,
    lastStatuses: streams.reduce((a, s) => ((a[s.status] = (a[s.status] ?? 0) + 1), a), {}),
  };
  for (const s of streams) {
    s.onClose = null;
    s.sock.destroy();
  }
  return out;
}

async function suite(start) {
  const srv = await start();
  const r = { server: srv.name, version: srv.version, loadavgStart: loadavg() };
  log(`${srv.name} (${srv.version}) on :${srv.port}`);
  try {
    const streams = [];
    const mem0 = pssKiB(srv.pid);
    await openMany(srv, FANOUT, streams);
    log(`  fan-out to ${streams.length}`);
    r.fanoutSmall = await fanout(srv, streams, ROUNDS);
    log('   ', JSON.stringify(r.fanoutSmall));
    r.sustained = await sustained(srv, streams);
    const t0 = performance.now();
    await openMany(srv, STREAMS - streams.length, streams);
    const openSeconds = (performance.now() - t0) / 1000;
    await sleep(1000);
    const mem1 = pssKiB(srv.pid);
    r.idle = {
      streams: streams.length,
      openSecondsForRest: +openSeconds.toFixed(2),
      pssBeforeMiB: +(mem0 / 1024).toFixed(1),
      pssAfterMiB: +(mem1 / 1024).toFixed(1),
      bytesPerStream: Math.round(((mem1 - mem0) * 1024) / streams.length),
    };
    log('   ', JSON.stringify(r.idle));
    r.fanoutAll = await fanout(srv, streams, ROUNDS);
    log('   ', JSON.stringify(r.fanoutAll));
    for (const s of streams) {
      s.onClose = null;
      s.sock.destroy();
    }
    await sleep(1500);
    r.storm = await storm(srv);
    log('   ', JSON.stringify(r.storm));
  } finally {
    r.loadavgEnd = loadavg();
    await srv.stop();
  }
  return r;
}

if (!existsSync(HUBD)) throw new Error(`no hubd at ${HUBD}: build native-release first`);
mkdirSync(WORK, { recursive: true });
const out = {
  suite: 'server',
  streamsCap: STREAMS,
  fdLimit: Number(execFileSync('bash', ['-c', 'ulimit -Hn']).toString()),
  results: [],
};
const only = process.env.SERVERS?.split(',');
for (const start of [startHubd, startNchan]) {
  if (only && !only.includes(start === startHubd ? 'hubd' : 'nchan')) continue;
  out.results.push(await suite(start));
}
const file = process.argv[2];
if (file) writeFileSync(file, JSON.stringify(out, null, 1));
else console.log(JSON.stringify(out, null, 1));
