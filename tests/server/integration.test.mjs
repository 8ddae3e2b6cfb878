// Starts the real hubd on an ephemeral loopback port and speaks HTTP to it.
// HUBD=path/to/hubd node --test tests/server/
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventSource } from 'eventsource';
import { openSse, spawnHub } from './harness.mjs';
import { HUBD, SEED } from './hubd.mjs';

const PUBLISHER = 'publisher-token-for-tests';

function startHub(args = [], { stream = true } = {}) {
  return spawnHub([
    ...(stream ? ['--enable-event-stream'] : []),
    '--publisher-token',
    PUBLISHER,
    '--heartbeat-interval',
    '300',
    ...args,
  ]);
}

async function token(hub, user, ttlSeconds) {
  const res = await fetch(`${hub.base}/api/v1/token`, {
    method: 'POST',
    body: JSON.stringify({ user, ...(ttlSeconds !== undefined && { ttlSeconds }) }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

async function publish(hub, body, auth = PUBLISHER) {
  const res = await fetch(`${hub.base}/api/v1/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function faults(hub, body) {
  const res = await fetch(`${hub.base}/api/v1/test/faults`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200);
}

// A hub protocol stream as `user` (or with `bearer`), its hub.ready parsed into `ready`.
async function openStream(hub, { user, bearer, query = '', headers = {} } = {}) {
  const auth = bearer ?? (user ? await token(hub, user) : undefined);
  const stream = await openSse(`${hub.base}/api/v1/events${query}`, {
    ...(auth && { authorization: `Bearer ${auth}` }),
    ...headers,
  });
  if (stream.status === 200)
    stream.ready = JSON.parse((await stream.first((f) => f.event === 'hub.ready')).data);
  return stream;
}

async function metricsText(hub) {
  const res = await fetch(`${hub.base}/metrics`, {
    headers: { authorization: `Bearer ${PUBLISHER}` },
  });
  assert.equal(res.status, 200);
  return res.text();
}

function rawGet(hub, path) {
  return new Promise((resolveText, reject) => {
    const socket = connect(Number(new URL(hub.base).port), '127.0.0.1', () =>
      socket.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c) => (text += c));
    socket.on('end', () => resolveText(text));
    socket.on('error', reject);
  });
}

// Every hub is stopped with SIGTERM after the tests and must exit cleanly (harness.mjs):
// with a sanitizer build of hubd (HUBD=build/native-asan/server/hubd) this is also the
// leak and UB check.

describe('refusals come before any stream byte, as JSON', () => {
  let hub;
  let off;
  before(async () => {
    hub = await startHub(['--max-connections-per-user', '2']);
    off = await startHub([], { stream: false });
  });

  const expectRefusal = async (stream, status, code) => {
    assert.equal(stream.status, status);
    assert.match(stream.res.headers.get('content-type'), /^application\/json/);
    assert.equal(typeof stream.body.error.message, 'string');
    if (code) assert.equal(stream.body.error.code, code);
  };

  test('404 while ENABLE_EVENT_STREAM is off (the default)', async () => {
    await expectRefusal(await openStream(off, { bearer: 'x' }), 404, 'stream_disabled');
  });

  test('401: no credentials, garbage, expired, alg none', async () => {
    await expectRefusal(await openStream(hub), 401, 'unauthorized');
    await expectRefusal(await openStream(hub, { bearer: 'not.a.jwt' }), 401, 'invalid_token');
    await expectRefusal(
      await openStream(hub, { bearer: await token(hub, 'alice', -5) }),
      401,
      'token_expired',
    );
    const none = ['{"alg":"none"}', '{"sub":"alice"}'].map((s) =>
      Buffer.from(s).toString('base64url'),
    );
    await expectRefusal(
      await openStream(hub, { bearer: `${none.join('.')}.` }),
      401,
      'invalid_token',
    );
    assert.ok(!hub.logs.some((l) => l.includes('not.a.jwt')), 'tokens are never logged');
  });

  test('403: a topic the role may not read, another workspace, no partial stream', async () => {
    await expectRefusal(
      await openStream(hub, { user: 'carol', query: '?topics=quality-gate.progress' }),
      403,
    );
    await expectRefusal(
      await openStream(hub, { user: 'alice', query: '?projectId=p-globex-zeus' }),
      403,
    );
    await expectRefusal(
      await openStream(hub, { user: 'victor', query: '?topics=project.lifecycle,chat.message' }),
      403,
    );
  });

  test('404: unknown resource, unknown topic', async () => {
    await expectRefusal(
      await openStream(hub, { user: 'alice', query: '?projectId=p-nope' }),
      404,
      'not_found',
    );
    await expectRefusal(
      await openStream(hub, { user: 'alice', query: '?topics=no.such' }),
      404,
      'unknown_topic',
    );
  });

  test('429 past MAX_CONNECTIONS_PER_USER, with Retry-After', async () => {
    const open = [
      await openStream(hub, { user: 'victor' }),
      await openStream(hub, { user: 'victor' }),
    ];
    const third = await openStream(hub, { user: 'victor' });
    await expectRefusal(third, 429, 'too_many_connections');
    assert.match(third.res.headers.get('retry-after'), /^\d+$/);
    open.forEach((s) => s.close());
  });

  test('503 past the global cap, with a jittered Retry-After', async () => {
    const small = await startHub(['--max-connections', '1']);
    const first = await openStream(small, { user: 'alice' });
    const second = await openStream(small, { user: 'bob' });
    await expectRefusal(second, 503, 'hub_full');
    const retry = Number(second.res.headers.get('retry-after'));
    assert.ok(retry >= 5 && retry <= 10, String(retry));
    first.close();
  });

  test('503 while refusing by fault, with Retry-After', async () => {
    await faults(hub, { refuseStatus: 503, refuseSeconds: 30 });
    const refused = await openStream(hub, { user: 'alice' });
    await expectRefusal(refused, 503);
    assert.ok(Number(refused.res.headers.get('retry-after')) > 0);
    await faults(hub, { reset: true });
    const ok = await openStream(hub, { user: 'alice' });
    assert.equal(ok.status, 200);
    ok.close();
  });

  test('publish validation', async () => {
    const good = {
      topic: 'project.lifecycle',
      resourceId: 'p-apollo',
      workspace: 'acme',
      payload: {},
    };
    assert.equal((await publish(hub, good, 'wrong')).status, 401);
    assert.equal(
      (await publish(hub, { ...good, topic: 'bad\ntopic' })).body.error.code,
      'invalid_topic',
    );
    assert.equal((await publish(hub, { ...good, topic: 'Project' })).status, 400);
    assert.equal((await publish(hub, { ...good, resourceId: 'a b' })).status, 400);
    assert.equal((await publish(hub, { ...good, workspace: 'initech' })).status, 404);
    assert.equal((await publish(hub, '{not json')).status, 400);
    assert.equal((await publish(hub, { ...good, payload: 'x'.repeat(70000) })).status, 413);
  });
});

describe('streaming', () => {
  let hub;
  before(async () => {
    hub = await startHub(['--replay-count', '5', '--cors-origin', 'http://demo.test']);
  });

  test('200 with the exact headers, then retry + hub.ready first', async () => {
    const s = await openStream(hub, { user: 'bob' });
    assert.equal(s.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(s.res.headers.get('cache-control'), 'no-cache, no-transform');
    assert.equal(s.res.headers.get('x-accel-buffering'), 'no');
    assert.equal(s.frames[0].event, 'hub.ready');
    assert.equal(s.frames[0].retry, '1000');
    assert.match(s.ready.connectionId, /^c-/);
    assert.equal(s.ready.heartbeatMs, 300);
    assert.ok(s.ready.topics.includes('quality-gate.progress'));
    s.close();
  });

  test('publish → receive, in order, tenant-isolated', async () => {
    const acme = await openStream(hub, { user: 'alice' });
    const globex = await openStream(hub, { user: 'gina' });
    const payload = { text: 'line1\nline2\r\ndata: injected\n\n', n: 1 };
    const sent = [];
    for (let i = 0; i < 5; i++) {
      const r = await publish(hub, {
        topic: 'chat.message',
        resourceId: 'room-1',
        workspace: 'acme',
        payload: { ...payload, i },
      });
      assert.equal(r.status, 200);
      sent.push(r.body.sequence);
    }
    await publish(hub, {
      topic: 'chat.message',
      resourceId: 'room-9',
      workspace: 'globex',
      payload: 'g',
    });
    await acme.first((f) => f.id === String(sent[4]));
    const got = acme.named('chat.message');
    assert.deepEqual(
      got.map((f) => Number(f.id)),
      sent,
    );
    const env = JSON.parse(got[0].data);
    assert.deepEqual(Object.keys(env), ['topic', 'resourceId', 'payload', 'sequence', 'emittedAt']);
    assert.deepEqual(env.payload, { ...payload, i: 0 });
    assert.equal(env.sequence, sent[0]);
    const g = await globex.first((f) => f.event === 'chat.message');
    assert.equal(JSON.parse(g.data).payload, 'g');
    assert.equal(globex.named('chat.message').length, 1);
    acme.close();
    globex.close();
  });

  test('a scoped stream gets only its resources', async () => {
    const s = await openStream(hub, {
      user: 'carol',
      query: '?sectionId=s-apollo-intro&topics=section.conflict',
    });
    assert.deepEqual(s.ready.topics, ['section.conflict']);
    await publish(hub, {
      topic: 'section.conflict',
      resourceId: 's-apollo-scope',
      workspace: 'acme',
      payload: 1,
    });
    await publish(hub, {
      topic: 'section.conflict',
      resourceId: 's-apollo-intro',
      workspace: 'acme',
      payload: 2,
    });
    const f = await s.first((x) => x.event === 'section.conflict');
    assert.equal(JSON.parse(f.data).payload, 2);
    s.close();
  });

  test('Last-Event-ID resumes exactly after the given id', async () => {
    const s = await openStream(hub, { user: 'alice', query: '?topics=dashboard.metrics' });
    const first = (
      await publish(hub, {
        topic: 'dashboard.metrics',
        resourceId: 'm',
        workspace: 'acme',
        payload: 1,
      })
    ).body.sequence;
    await s.first((f) => f.id === String(first));
    s.close();
    const missed = [];
    for (let i = 2; i <= 4; i++) {
      missed.push(
        (
          await publish(hub, {
            topic: 'dashboard.metrics',
            resourceId: 'm',
            workspace: 'acme',
            payload: i,
          })
        ).body.sequence,
      );
    }
    const r = await openStream(hub, {
      user: 'alice',
      query: '?topics=dashboard.metrics',
      headers: { 'last-event-id': String(first) },
    });
    await r.first((f) => f.id === String(missed[2]));
    assert.deepEqual(
      r.named('dashboard.metrics').map((f) => Number(f.id)),
      missed,
    );
    assert.equal(r.named('hub.snapshot').length, 0);
    r.close();
  });

  test('lastEventId in the query resumes like the header (EventSource cannot send it)', async () => {
    const pub = async (payload) =>
      (
        await publish(hub, {
          topic: 'dashboard.metrics',
          resourceId: 'q',
          workspace: 'acme',
          payload,
        })
      ).body.sequence;
    const first = await pub('a');
    const second = await pub('b');
    const r = await openStream(hub, {
      user: 'alice',
      query: `?topics=dashboard.metrics&lastEventId=${first}`,
    });
    await r.first((f) => f.id === String(second));
    assert.deepEqual(
      r.named('dashboard.metrics').map((f) => Number(f.id)),
      [second],
    );
    r.close();
  });

  test('hub.snapshot when the buffer no longer covers the gap', async () => {
    const topic = 'quality-gate.progress';
    const from = (
      await publish(hub, {
        topic,
        resourceId: 'd-apollo-spec',
        workspace: 'acme',
        payload: { pct: 0 },
      })
    ).body.sequence;
    for (let i = 1; i <= 8; i++) {
      await publish(hub, {
        topic,
        resourceId: i % 2 ? 'd-apollo-spec' : 'd-apollo-plan',
        workspace: 'acme',
        payload: { pct: i },
      });
    }
    const s = await openStream(hub, {
      user: 'bob',
      query: `?topics=${topic}`,
      headers: { 'last-event-id': String(from) },
    });
    const snap = await s.first((f) => f.event === 'hub.snapshot');
    assert.equal(snap.id, undefined);
    const data = JSON.parse(snap.data);
    assert.equal(data.topic, topic);
    assert.deepEqual(
      data.items.map((e) => [e.resourceId, e.payload.pct]),
      [
        ['d-apollo-spec', 7],
        ['d-apollo-plan', 8],
      ],
    );
    assert.equal(data.sequence, Math.max(...data.items.map((e) => e.sequence)));
    s.close();
    const metrics = await metricsText(hub);
    assert.match(metrics, /hubd_snapshots_sent_total [1-9]/);
    assert.match(metrics, /hubd_replay_misses_total [1-9]/);
    assert.ok(hub.logs.some((l) => l.includes('"resume_truncated"')));
  });

  test('heartbeat comments when idle', async () => {
    const s = await openStream(hub, { user: 'victor' });
    const hb = await s.first((f) => f.comment?.startsWith('hb '), 2000);
    assert.match(hb.comment, /^hb \d+$/);
    s.close();
  });

  test('hub.error token_expired at token expiry, then close', async () => {
    const s = await openStream(hub, { bearer: await token(hub, 'carol', 1) });
    const err = await s.first((f) => f.event === 'hub.error', 4000);
    assert.equal(JSON.parse(err.data).code, 'token_expired');
    await s.end(2000);
    assert.ok(s.ended);
  });

  test('hub.error access_revoked', async () => {
    const s = await openStream(hub, { user: 'victor' });
    await faults(hub, { revokeUser: 'victor' });
    const err = await s.first((f) => f.event === 'hub.error');
    assert.equal(JSON.parse(err.data).code, 'access_revoked');
  });

  test('simple-mode session cookie', async () => {
    const login = await fetch(`${hub.base}/api/v1/session`, {
      method: 'POST',
      body: '{"user":"carol"}',
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const s = await openStream(hub, { headers: { cookie: cookie.split(';')[0] } });
    assert.equal(s.status, 200);
    assert.equal(s.ready.user, 'carol');
    s.close();
  });

  test('CORS allowlist with credentials and preflight', async () => {
    const pre = await fetch(`${hub.base}/api/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'http://demo.test', 'access-control-request-method': 'GET' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://demo.test');
    assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
    assert.match(pre.headers.get('access-control-allow-headers'), /Last-Event-ID/);
    const evil = await fetch(`${hub.base}/api/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test' },
    });
    assert.equal(evil.status, 403);
    const s = await openStream(hub, { user: 'bob', headers: { origin: 'http://demo.test' } });
    assert.equal(s.res.headers.get('access-control-allow-origin'), 'http://demo.test');
    s.close();
    const refused = await fetch(`${hub.base}/api/v1/events`, {
      headers: { origin: 'http://demo.test' },
    });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('access-control-expose-headers'), 'Retry-After');
  });

  test('a standard EventSource client (eventsource package) consumes the stream', async () => {
    const bearer = await token(hub, 'alice');
    const es = new EventSource(`${hub.base}/api/v1/events?topics=debate.utterance`, {
      fetch: (url, init) =>
        fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${bearer}` } }),
    });
    try {
      const ready = await new Promise((r, j) => {
        es.addEventListener('hub.ready', (e) => r(JSON.parse(e.data)));
        es.onerror = j;
      });
      assert.deepEqual(ready.topics, ['debate.utterance']);
      const got = new Promise((r) => es.addEventListener('debate.utterance', r));
      const { sequence } = (
        await publish(hub, {
          topic: 'debate.utterance',
          resourceId: 'deb-1',
          workspace: 'acme',
          payload: { text: 'a\nb' },
        })
      ).body;
      const e = await got;
      assert.equal(e.lastEventId, String(sequence));
      assert.deepEqual(JSON.parse(e.data).payload, { text: 'a\nb' });
    } finally {
      es.close();
    }
  });

  test('healthz, metrics, unknown endpoints', async () => {
    assert.equal((await (await fetch(`${hub.base}/healthz`)).json()).status, 'ok');
    const head = await fetch(`${hub.base}/healthz`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.ok(Number(head.headers.get('content-length')) > 0);
    const wrongType = await publish(hub, {
      topic: 7,
      resourceId: ['x'],
      workspace: {},
      payload: 1,
    });
    assert.equal(wrongType.status, 400);
    const login = await fetch(`${hub.base}/api/v1/session`, { method: 'POST', body: '{"user":5}' });
    assert.equal(login.status, 404);
    const m = await metricsText(hub);
    for (const name of [
      'hubd_streams_open',
      'hubd_stream_connects_total',
      'hubd_stream_refusals_total',
      'hubd_deliveries_total',
      'hubd_drops_total',
      'hubd_replay_hits_total',
      'hubd_replay_misses_total',
      'hubd_slow_consumer_disconnects_total',
      'hubd_fanout_seconds_bucket',
    ]) {
      assert.ok(m.includes(name), name);
    }
    const res = await fetch(`${hub.base}/api/v1/nope`);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.code, 'not_found');
  });
});

describe('operations', () => {
  test('static files: MIME types, no traversal', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hubd-static-'));
    writeFileSync(join(root, 'index.html'), '<h1>demo</h1>');
    writeFileSync(join(root, 'core.wasm'), Buffer.from([0, 97, 115, 109]));
    try {
      const hub = await startHub(['--static-root', root]);
      const wasm = await fetch(`${hub.base}/core.wasm`);
      assert.equal(wasm.headers.get('content-type'), 'application/wasm');
      assert.equal((await wasm.arrayBuffer()).byteLength, 4);
      assert.match((await fetch(`${hub.base}/`)).headers.get('content-type'), /^text\/html/);
      assert.equal((await fetch(`${hub.base}/app/route`)).status, 200);
      // Raw requests: fetch() would normalize the dot segments away before sending.
      for (const path of [
        '/../../etc/passwd',
        '/%2e%2e/%2e%2e/etc/passwd',
        '/..%2f..%2fetc/passwd',
        '/.env',
        '/missing.js',
      ]) {
        assert.match(await rawGet(hub, path), /^HTTP\/1\.1 404 /, path);
      }
    } finally {
      rmSync(root, { recursive: true });
    }
  });

  test('test mode lists the requests it served (method and path, not itself) until a reset', async () => {
    const hub = await startHub();
    const seen = async () => await (await fetch(`${hub.base}/api/v1/test/requests`)).json();
    await fetch(`${hub.base}/healthz`);
    await fetch(`${hub.base}/api/projects/p-apollo?x=1`, { headers: { 'x-user-id': 'alice' } });
    await publish(hub, {
      topic: 'project.lifecycle',
      resourceId: 'p-apollo',
      workspace: 'acme',
      payload: {},
    });
    assert.deepEqual(await seen(), {
      requests: ['GET /healthz', 'GET /api/projects/p-apollo', 'POST /api/v1/publish'],
      dropped: 0,
    });
    await faults(hub, { reset: true });
    assert.deepEqual((await seen()).requests, []);
    assert.equal((await fetch(`${hub.base}/api/v1/test/requests`, { method: 'POST' })).status, 405);
  });

  test('a stalled consumer is disconnected when its send queue fills', async () => {
    const hub = await startHub(['--send-queue-bytes', '4096']);
    const s = await openStream(hub, { user: 'alice', query: '?topics=chat.message' });
    await faults(hub, { stallWrites: true });
    for (let i = 0; i < 8; i++) {
      await publish(hub, {
        topic: 'chat.message',
        resourceId: 'r',
        workspace: 'acme',
        payload: 'x'.repeat(1000),
      });
    }
    await s.end(3000);
    assert.ok(hub.logs.some((l) => l.includes('"slow_consumer"')));
    const m = await metricsText(hub);
    assert.match(m, /hubd_slow_consumer_disconnects_total 1/);
  });

  test('a resume larger than the send queue is not mistaken for a slow consumer', async () => {
    const hub = await startHub(['--send-queue-bytes', '4096', '--replay-count', '100']);
    for (let i = 0; i < 20; i++) {
      await publish(hub, {
        topic: 'chat.message',
        resourceId: 'r',
        workspace: 'acme',
        payload: 'x'.repeat(1000),
      });
    }
    const s = await openStream(hub, {
      user: 'alice',
      query: '?topics=chat.message',
      headers: { 'last-event-id': '0' },
    });
    const live = (
      await publish(hub, {
        topic: 'chat.message',
        resourceId: 'r',
        workspace: 'acme',
        payload: 'live',
      })
    ).body;
    await s.first((f) => f.id === String(live.sequence));
    assert.equal(s.named('chat.message').length, 21);
    s.close();
  });

  test('SIGHUP reloads the data file; changed grants get hub.error access_revoked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubd-data-'));
    const file = join(dir, 'seed.json');
    const model = JSON.parse(readFileSync(SEED, 'utf8'));
    writeFileSync(file, JSON.stringify(model));
    try {
      const hub = await startHub(['--data', file]);
      const carol = await openStream(hub, { user: 'carol' });
      const bob = await openStream(hub, { user: 'bob', query: '?topics=chat.message' });
      model.users = model.users.filter((u) => u.id !== 'carol');
      writeFileSync(file, JSON.stringify(model));
      hub.proc.kill('SIGHUP');
      const err = await carol.first((f) => f.event === 'hub.error');
      assert.equal(JSON.parse(err.data).code, 'access_revoked');
      const { sequence } = (
        await publish(hub, {
          topic: 'chat.message',
          resourceId: 'r',
          workspace: 'acme',
          payload: 1,
        })
      ).body;
      await bob.first((f) => f.id === String(sequence));
      bob.close();
      const login = await fetch(`${hub.base}/api/v1/token`, {
        method: 'POST',
        body: '{"user":"carol"}',
      });
      assert.equal(login.status, 404);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('SIGTERM drains: retry hint, streams closed, exit 0', async () => {
    const hub = await startHub();
    const s = await openStream(hub, { user: 'alice' });
    hub.proc.kill('SIGTERM');
    await s.first((f) => f.retry !== undefined && f.event === undefined, 3000);
    await s.end(3000);
    assert.equal(await hub.exited, 0);
    assert.ok(hub.logs.some((l) => l.includes('"reason":"draining"')));
  });

  test('--test-mode is refused on a non-loopback bind', async () => {
    const proc = spawn(HUBD, ['--test-mode', '--bind', '0.0.0.0', '--port', '0'], {
      stdio: 'ignore',
    });
    assert.equal(await new Promise((r) => proc.on('exit', r)), 2);
  });
});
