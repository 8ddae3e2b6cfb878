// The seed products' backends inside hubd: events through the broker, polling reads that
// agree with them, authorization and tenant isolation, the seeds' own plain streams.
import { before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const envelopes = (s, topic) => s.frames.filter((f) => f.event === topic).map((f) => f.json);

describe('seed 000: projects, quality gates, sections', () => {
  let hub;
  before(async () => {
    hub = await startHub(['--gate-stage-ms', '60']);
  });
  beforeEach(() => hub.faults({ reset: true }));

  test('archive/restore/status → project.lifecycle; polling agrees; tenant-isolated', async () => {
    const alice = await hub.stream('alice', '/api/v1/events?topics=project.lifecycle');
    const gina = await hub.stream('gina', '/api/v1/events');
    const archived = await hub.api('bob', 'POST', '/api/projects/p-apollo/archive');
    assert.equal(archived.status, 200);
    assert.equal(archived.body.state, 'archived');
    assert.equal((await hub.api('bob', 'POST', '/api/projects/p-apollo/archive')).status, 409);
    await hub.api('alice', 'POST', '/api/projects/p-apollo/status', { status: 'approved' });
    await hub.api('alice', 'POST', '/api/projects/p-apollo/restore');
    const [, , last] = await alice.waitFor((f) => f.event === 'project.lifecycle', 3);
    const states = envelopes(alice, 'project.lifecycle').map((e) => e.payload.state);
    assert.deepEqual(states, ['archived', 'archived', 'active']);
    assert.equal(last.json.resourceId, 'p-apollo');
    const polled = await hub.api('victor', 'GET', '/api/projects/p-apollo');
    assert.deepEqual(polled.body, last.json.payload);
    assert.equal(polled.body.updatedBy, 'alice');
    assert.equal(polled.body.status, 'approved');
    // Another tenant neither sees nor changes it; a viewer may not change it.
    assert.equal((await hub.api('gina', 'GET', '/api/projects/p-apollo')).status, 404);
    assert.equal((await hub.api('gina', 'POST', '/api/projects/p-apollo/archive')).status, 404);
    const viewer = await hub.api('victor', 'POST', '/api/projects/p-apollo/archive');
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.error.code, 'forbidden');
    assert.equal((await hub.api(undefined, 'GET', '/api/projects/p-apollo')).status, 401);
    assert.equal(envelopes(gina, 'project.lifecycle').length, 0);
    const bad = await hub.api('alice', 'POST', '/api/projects/p-apollo/status', { status: 7 });
    assert.equal(bad.body.error.code, 'invalid_status');
    assert.equal(
      (await hub.api('alice', 'POST', '/api/projects/p-apollo/status', '{x')).status,
      400,
    );
    alice.close();
    gina.close();
  });

  test('a quality gate run streams each stage, then a summary with blockers', async () => {
    const bob = await hub.stream('bob', '/api/v1/events?documentId=d-apollo-plan');
    const started = await hub.api('bob', 'POST', '/api/documents/d-apollo-plan/quality-gate');
    assert.equal(started.status, 200);
    const again = await hub.api('bob', 'POST', '/api/documents/d-apollo-plan/quality-gate');
    assert.equal(again.body.error.code, 'run_in_progress');
    const [summary] = await bob.waitFor((f) => f.event === 'quality-gate.summary');
    const progress = envelopes(bob, 'quality-gate.progress').map((e) => e.payload);
    assert.equal(progress.length, 8);
    assert.deepEqual(
      progress.map((p) => `${p.stage}:${p.status}:${p.percent}`),
      [
        'format:running:0',
        'format:passed:25',
        'links:running:25',
        'links:failed:50',
        'todos:running:50',
        'todos:failed:75',
        'spelling:running:75',
        'spelling:passed:100',
      ],
    );
    assert.ok(progress.every((p) => p.runId === started.body.runId && p.stageCount === 4));
    assert.equal(summary.json.payload.passed, false);
    assert.deepEqual(
      summary.json.payload.blockers.map((b) => b.stage),
      ['links', 'todos'],
    );
    const latest = await hub.api('bob', 'GET', '/api/documents/d-apollo-plan/quality-gate/latest');
    assert.deepEqual(latest.body.summary, summary.json.payload);
    assert.deepEqual(
      latest.body.stages,
      progress.filter((p) => p.status !== 'running'),
    );
    // A reviewer may not read gates; nothing has run on the other document.
    assert.equal(
      (await hub.api('carol', 'GET', '/api/documents/d-apollo-plan/quality-gate/latest')).status,
      403,
    );
    assert.equal(
      (await hub.api('bob', 'GET', '/api/documents/d-hermes-brief/quality-gate/latest')).body.error
        .code,
      'no_run',
    );
    bob.close();
  });

  test('a stale base version → 409, section.conflict and a unified section.diff', async () => {
    const carol = await hub.stream('carol', '/api/v1/events?sectionId=s-apollo-intro');
    const first = await hub.api('bob', 'GET', '/api/sections/s-apollo-intro');
    const saved = await hub.api('bob', 'PUT', '/api/sections/s-apollo-intro', {
      content: first.body.content.replace('one event stream', 'a single event stream'),
      baseVersion: first.body.version,
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.version, 2);
    const stale = await hub.api('carol', 'PUT', '/api/sections/s-apollo-intro', {
      content: first.body.content + 'Carol was here.\n',
      baseVersion: 1,
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'version_conflict');
    assert.equal(stale.body.latest.version, 2);
    const [conflict] = await carol.waitFor((f) => f.event === 'section.conflict');
    const [diff] = await carol.waitFor((f) => f.event === 'section.diff');
    assert.deepEqual(conflict.json.payload, {
      sectionId: 's-apollo-intro',
      attemptedBy: 'carol',
      baseVersion: 1,
      latestVersion: 2,
      latestBy: 'bob',
    });
    assert.ok(Number(diff.id) > Number(conflict.id));
    const text = diff.json.payload.diff;
    assert.match(text, /^--- s-apollo-intro@v2 \(latest\)\n\+\+\+ s-apollo-intro@v1\+carol/);
    assert.match(text, /\n-Apollo replaces polling with a single event stream per tab.\n/);
    assert.match(text, /\n\+Apollo replaces polling with one event stream per tab.\n/);
    assert.match(text, /\n\+Carol was here.\n/);
    assert.equal(diff.json.payload.latestContent, saved.body.content);
    assert.equal(
      (
        await hub.api('victor', 'PUT', '/api/sections/s-apollo-intro', {
          content: 'x',
          baseVersion: 2,
        })
      ).status,
      403,
    );
    assert.equal(
      (await hub.api('bob', 'PUT', '/api/sections/s-apollo-intro', { content: 'x' })).body.error
        .code,
      'invalid_base_version',
    );
    assert.equal((await hub.api('gina', 'GET', '/api/sections/s-apollo-intro')).status, 404);
    carol.close();
  });
});

describe('seed 002: activity and notifications', () => {
  let hub;
  before(async () => {
    hub = await startHub(['--ping-interval', '150']);
  });
  beforeEach(() => hub.faults({ reset: true }));

  test('/api/activity/stream: activity:new, notification:new for its user only, ping', async () => {
    const alice = await hub.stream('alice', '/api/activity/stream');
    const bob = await hub.stream('bob', '/api/activity/stream');
    const gina = await hub.stream('gina', '/api/activity/stream');
    assert.equal(alice.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const added = await hub.api('bob', 'POST', '/api/activity', {
      type: 'note',
      message: 'hi\u0007 all',
    });
    assert.equal(added.status, 201);
    assert.equal(added.body.message, 'hi all');
    const urgent = await hub.api('alice', 'POST', '/api/notifications', {
      userId: 'bob',
      type: 'urgent',
      title: 'Gate failed',
      groupKey: 'gates',
    });
    assert.equal(urgent.body.urgent, true);
    const [act] = await alice.waitFor((f) => f.event === 'activity:new');
    assert.deepEqual(act.json, added.body);
    assert.match(act.id, /^\d+$/);
    const [note] = await bob.waitFor((f) => f.event === 'notification:new');
    assert.deepEqual(note.json, urgent.body);
    await alice.waitFor((f) => f.event === 'ping', 2);
    assert.equal(alice.named('ping')[0].data, '{}');
    assert.equal(alice.named('notification:new').length, 0);
    assert.equal(gina.named('activity:new').length, 0);
    const polled = await hub.api('carol', 'GET', '/api/activity?limit=1');
    assert.deepEqual(polled.body.items, [added.body]);
    assert.equal(
      (await hub.api('carol', 'GET', '/api/activity?limit=0')).body.error.code,
      'invalid_limit',
    );
    assert.equal((await hub.stream(undefined, '/api/activity/stream')).status, 401);
    assert.equal(
      (
        await hub.api('alice', 'POST', '/api/notifications', {
          userId: 'gina',
          type: 'x',
          title: 't',
        })
      ).status,
      404,
    );
    [alice, bob, gina].forEach((s) => s.close());
  });

  test('mark as read: failMutations → 500 and nothing changes; then notification:read', async () => {
    const alice = await hub.stream('alice', '/api/v1/events?topics=notification.read');
    const carolStream = await hub.stream('carol', '/api/v1/events?topics=notification.read');
    const before = await hub.api('alice', 'GET', '/api/notifications');
    const target = before.body.items.find((n) => !n.read);
    await hub.faults({ failMutations: true });
    const failed = await hub.api('alice', 'POST', `/api/notifications/${target.id}/read`);
    assert.equal(failed.status, 500);
    assert.equal(failed.body.error.code, 'fault_injected');
    assert.equal(
      (await hub.api('alice', 'GET', '/api/notifications')).body.unread,
      before.body.unread,
    );
    await hub.faults({ failMutations: false });
    const ok = await hub.api('alice', 'POST', `/api/notifications/${target.id}/read`);
    assert.deepEqual(ok.body, { id: target.id, read: true, unread: before.body.unread - 1 });
    const [read] = await alice.waitFor((f) => f.event === 'notification.read');
    assert.deepEqual(read.json.payload, { id: target.id, userId: 'alice', unread: ok.body.unread });
    assert.equal(
      (await hub.api('carol', 'POST', `/api/notifications/${target.id}/read`)).status,
      403,
    );
    assert.equal((await hub.api('alice', 'POST', '/api/notifications/n-999999/read')).status, 404);
    // {reset: true} restores the seeded state.
    await hub.faults({ reset: true });
    assert.equal(
      (await hub.api('alice', 'GET', '/api/notifications')).body.unread,
      before.body.unread,
    );
    await sleep(50);
    assert.equal(envelopes(carolStream, 'notification.read').length, 0);
    alice.close();
    carolStream.close();
  });
});

describe('seed 003: dashboard', () => {
  let hub;
  before(async () => {
    hub = await startHub([
      '--metrics-interval',
      '150',
      '--max-dashboard-streams',
      '120',
      '--heartbeat-interval',
      '200',
    ]);
  });

  test('/api/v2/stream: public, metrics at connect and periodically, new_item, heartbeats', async () => {
    const s = await hub.stream(undefined, '/api/v2/stream');
    assert.equal(s.status, 200);
    const [first] = await s.waitFor((f) => f.event === 'metrics');
    const polled = await hub.api(undefined, 'GET', '/api/v2/metrics');
    assert.deepEqual(first.json, polled.body);
    assert.deepEqual(Object.keys(first.json.sentiment).sort(), ['negative', 'neutral', 'positive']);
    const item = await hub.api('bob', 'POST', '/api/v2/items', {
      title: 'GOOG rallies',
      sentiment: 'positive',
      tags: ['GOOG'],
      configId: 'cfg-tech',
    });
    assert.equal(item.status, 201);
    const [got] = await s.waitFor((f) => f.event === 'new_item');
    assert.deepEqual(got.json, item.body);
    assert.match(got.id, /^\d+$/);
    const [, later] = await s.waitFor((f) => f.event === 'metrics' && f.id, 2);
    assert.equal(later.json.totals, first.json.totals + 1);
    await s.waitFor((f) => f.comment === 'heartbeat');
    const items = await hub.api(undefined, 'GET', '/api/v2/items?limit=1');
    assert.deepEqual(items.body.items, [item.body]);
    const bad = await hub.api('bob', 'POST', '/api/v2/items', {
      title: 'x',
      sentiment: 'meh',
      configId: 'cfg-tech',
    });
    assert.equal(bad.body.error.code, 'invalid_sentiment');
    assert.equal(
      (
        await hub.api('victor', 'POST', '/api/v2/items', {
          title: 'x',
          sentiment: 'neutral',
          configId: 'cfg-tech',
        })
      ).status,
      403,
    );
    assert.equal(
      (
        await hub.api('gina', 'POST', '/api/v2/items', {
          title: 'x',
          sentiment: 'neutral',
          configId: 'cfg-tech',
        })
      ).status,
      404,
    );
    s.close();
  });

  test('/api/v2/configurations/:id/stream: 401, 404, only that configuration as ticker', async () => {
    assert.equal(
      (await hub.stream(undefined, '/api/v2/configurations/cfg-tech/stream')).status,
      401,
    );
    assert.equal((await hub.stream('bob', '/api/v2/configurations/cfg-nope/stream')).status, 404);
    assert.equal((await hub.stream('gina', '/api/v2/configurations/cfg-tech/stream')).status, 404);
    const byHeader = await hub.stream(undefined, '/api/v2/configurations/cfg-energy/stream', {
      'x-user-id': 'victor',
    });
    const byBearer = await hub.stream('bob', '/api/v2/configurations/cfg-tech/stream');
    assert.equal(byHeader.status, 200);
    const [m] = await byHeader.waitFor((f) => f.event === 'metrics');
    assert.deepEqual(
      m.json,
      (
        await hub.api(undefined, 'GET', '/api/v2/metrics?configId=cfg-energy', undefined, {
          'x-user-id': 'victor',
        })
      ).body,
    );
    const tech = await hub.api('alice', 'POST', '/api/v2/items', {
      title: 'MSFT',
      sentiment: 'neutral',
      configId: 'cfg-tech',
    });
    const energy = await hub.api('alice', 'POST', '/api/v2/items', {
      title: 'CVX',
      sentiment: 'negative',
      configId: 'cfg-energy',
    });
    const [t] = await byBearer.waitFor((f) => f.event === 'ticker');
    const [e] = await byHeader.waitFor((f) => f.event === 'ticker');
    assert.deepEqual(t.json, tech.body);
    assert.deepEqual(e.json, energy.body);
    await sleep(50);
    assert.equal(byBearer.named('ticker').length, 1);
    assert.equal(byHeader.named('ticker').length, 1);
    byHeader.close();
    byBearer.close();
  });

  test('100 concurrent dashboard streams, then 503 past the cap', async () => {
    const capped = await startHub(['--max-dashboard-streams', '120']);
    const open = await Promise.all(
      Array.from({ length: 120 }, () => capped.stream(undefined, '/api/v2/stream')),
    );
    assert.ok(open.every((s) => s.status === 200));
    const refused = await capped.stream(undefined, '/api/v2/stream');
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, 'dashboard_full');
    assert.match(refused.res.headers.get('retry-after'), /^\d+$/);
    const item = await capped.api('bob', 'POST', '/api/v2/items', {
      title: 'fan-out',
      sentiment: 'neutral',
      configId: 'cfg-tech',
    });
    await Promise.all(
      open.map((s) => s.waitFor((f) => f.event === 'new_item' && f.json.id === item.body.id)),
    );
    open.forEach((s) => s.close());
    await sleep(200);
    const again = await capped.stream(undefined, '/api/v2/stream');
    assert.equal(again.status, 200);
    again.close();
  });
});

describe('seed 004: debates', () => {
  let hub;
  before(async () => {
    hub = await startHub([
      '--debate-turn-ms',
      '80',
      '--heartbeat-interval',
      '150',
      '--max-connections-per-user',
      '100',
    ]);
  });

  test('a debate plays through its phases; Last-Event-ID resumes; heartbeats', async () => {
    const created = await hub.api('bob', 'POST', '/api/debates', { topic: 'SSE beats polling' });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const s = await hub.stream('victor', `/api/debates/${id}/stream`);
    assert.equal(s.frames[0]?.retry ?? (await s.waitFor((f) => f.retry))[0].retry, '1000');
    const [connected] = await s.waitFor((f) => f.event === 'connected');
    assert.equal(connected.json.debateId, id);
    const intervention = await hub.api('victor', 'POST', `/api/debates/${id}/interventions`, {
      text: 'Sources?',
    });
    assert.equal(intervention.status, 200);
    await s.waitFor((f) => f.event === 'complete', 1, 8000);
    const utterances = s.named('utterance').map((f) => f.json);
    assert.deepEqual(
      utterances.map((u) => u.index),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      s.named('phase_transition').map((f) => f.json.to),
      ['opening', 'rebuttal', 'cross_examination', 'closing', 'complete'],
    );
    const [response] = s.named('intervention_response');
    assert.deepEqual(response.json, intervention.body);
    const ids = s.frames.filter((f) => f.id).map((f) => Number(f.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    await s.waitFor((f) => f.comment === 'heartbeat');
    const polled = await hub.api('victor', 'GET', `/api/debates/${id}`);
    assert.deepEqual(polled.body.utterances, utterances);
    assert.equal(polled.body.complete, true);
    // Resume after the fourth utterance: exactly the rest, in order.
    const from = s.named('utterance')[3].id;
    const resumed = await hub.stream('victor', `/api/debates/${id}/stream`, {
      'last-event-id': from,
    });
    await resumed.waitFor((f) => f.event === 'complete');
    assert.deepEqual(
      resumed.named('utterance').map((f) => f.json.index),
      [4, 5, 6, 7],
    );
    assert.equal((await hub.stream('gina', `/api/debates/${id}/stream`)).status, 404);
    assert.equal((await hub.stream(undefined, `/api/debates/${id}/stream`)).status, 401);
    assert.equal((await hub.api('victor', 'POST', '/api/debates', { topic: 'x' })).status, 403);
    assert.equal(
      (await hub.api('victor', 'POST', `/api/debates/${id}/interventions`, { text: 'late' }))
        .status,
      409,
    );
    s.close();
    resumed.close();
  });

  test('pause and resume; 50 viewers each get every utterance within 500 ms', async () => {
    const { body } = await hub.api('alice', 'POST', '/api/debates', { topic: 'latency' });
    const paused = await hub.api('alice', 'POST', `/api/debates/${body.id}/pause`);
    assert.equal(paused.body.paused, true);
    assert.equal((await hub.api('alice', 'POST', `/api/debates/${body.id}/pause`)).status, 409);
    const viewers = await Promise.all(
      Array.from({ length: 50 }, () => hub.stream('carol', `/api/debates/${body.id}/stream`)),
    );
    assert.ok(viewers.every((v) => v.status === 200));
    const [connected] = await viewers[0].waitFor((f) => f.event === 'connected');
    assert.equal(connected.json.paused, true);
    const before = (await hub.api('carol', 'GET', `/api/debates/${body.id}`)).body.utterances
      .length;
    await sleep(250);
    assert.equal(viewers[0].named('utterance').length, 0);
    await hub.api('alice', 'POST', `/api/debates/${body.id}/resume`);
    await Promise.all(viewers.map((v) => v.waitFor((f) => f.event === 'complete', 1, 8000)));
    for (const v of viewers) {
      assert.equal(v.named('resume').length, 1);
      assert.equal(v.named('utterance').length, 8 - before);
      for (const u of v.named('utterance')) assert.ok(u.at - Date.parse(u.json.at) < 500);
    }
    viewers.forEach((v) => v.close());
  });
});

describe('seed 001: chat', () => {
  let hub;
  before(async () => {
    hub = await startHub(['--chat-rate', '1']);
  });
  beforeEach(() => hub.faults({ reset: true }));

  test('messages, edits, deletes, reactions, typing; polling agrees', async () => {
    const carol = await hub.stream(
      'carol',
      '/api/v1/events?topics=chat.message,chat.reaction,chat.typing',
    );
    const posted = await hub.api('bob', 'POST', '/api/chat/channels/ch-general/messages', {
      text: 'hello\u0000 world',
    });
    assert.equal(posted.status, 201);
    assert.equal(posted.body.text, 'hello world');
    const id = posted.body.id;
    assert.equal(
      (await hub.api('carol', 'PATCH', `/api/chat/messages/${id}`, { text: 'x' })).status,
      403,
    );
    await hub.api('bob', 'PATCH', `/api/chat/messages/${id}`, { text: 'hello, edited' });
    await hub.api('carol', 'POST', `/api/chat/messages/${id}/reactions`, { emoji: '👍' });
    await hub.api('bob', 'POST', '/api/chat/channels/ch-general/typing');
    await carol.waitFor((f) => f.event === 'chat.typing');
    const list = await hub.api('carol', 'GET', '/api/chat/channels/ch-general/messages');
    const last = list.body.items.at(-1);
    assert.equal(last.text, 'hello, edited');
    assert.deepEqual(last.reactions, { '👍': ['carol'] });
    await hub.api('bob', 'DELETE', `/api/chat/messages/${id}`);
    const [, , deleted] = await carol.waitFor((f) => f.event === 'chat.message', 3);
    assert.deepEqual(
      envelopes(carol, 'chat.message').map((e) => e.payload.action),
      ['created', 'updated', 'deleted'],
    );
    assert.equal(deleted.json.resourceId, 'ch-general');
    assert.deepEqual(envelopes(carol, 'chat.reaction')[0].payload, {
      messageId: id,
      emoji: '👍',
      userId: 'carol',
      added: true,
    });
    assert.equal(
      (await hub.api('gina', 'GET', '/api/chat/channels/ch-general/messages')).status,
      404,
    );
    assert.deepEqual(
      (await hub.api('gina', 'GET', '/api/chat/channels')).body.items.map((c) => c.id),
      ['ch-globex-general'],
    );
    carol.close();
  });

  test('per-user message rate limit → 429 with Retry-After', async () => {
    let refused;
    for (let i = 0; i < 15 && !refused; i++) {
      const r = await hub.api('alice', 'POST', '/api/chat/channels/ch-apollo/messages', {
        text: `m${i}`,
      });
      if (r.status === 429) refused = r;
    }
    assert.ok(refused);
    assert.equal(refused.body.error.code, 'rate_limited');
    assert.equal(refused.headers.get('retry-after'), '1');
  });

  test('presence on a user first stream open and last close', async () => {
    const alice = await hub.stream('alice', '/api/v1/events?topics=chat.presence');
    const first = await hub.stream('carol', '/api/v1/events?topics=chat.message');
    const second = await hub.stream('carol', '/api/activity/stream');
    await alice.waitFor((f) => f.event === 'chat.presence' && f.json.resourceId === 'carol');
    assert.ok((await hub.api('bob', 'GET', '/api/chat/presence')).body.online.includes('carol'));
    first.close();
    await sleep(100);
    second.close();
    const [, off] = await alice.waitFor(
      (f) => f.event === 'chat.presence' && f.json.resourceId === 'carol',
      2,
    );
    assert.deepEqual(off.json.payload, { userId: 'carol', online: false });
    assert.ok(!(await hub.api('bob', 'GET', '/api/chat/presence')).body.online.includes('carol'));
    alice.close();
  });

  test('system health events: chat.system on a period, "draining" on SIGTERM', async () => {
    const sys = await startHub(['--system-interval', '100']); // exit 0 checked in after()
    const carol = await sys.stream('carol', '/api/v1/events?topics=chat.system');
    const [ok] = await carol.waitFor((f) => f.event === 'chat.system');
    assert.equal(ok.json.payload.status, 'ok');
    assert.ok(ok.json.payload.openStreams >= 1);
    sys.proc.kill('SIGTERM');
    await carol.waitFor((f) => f.event === 'chat.system' && f.json.payload.status === 'draining');
  });

  test('test/act calls the API as another user', async () => {
    const r = await hub.api(undefined, 'POST', '/api/v1/test/act', {
      as: 'bob',
      method: 'POST',
      path: '/api/chat/channels/ch-general/messages',
      body: { text: 'via act' },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.userId, 'bob');
    const stream = await hub.api(undefined, 'POST', '/api/v1/test/act', {
      as: 'bob',
      method: 'GET',
      path: '/api/activity/stream',
    });
    assert.equal(stream.body.error.code, 'invalid_path');
  });
});
