// createParser: the shared SSE fixtures through the Wasm parser, whole, split at every
// byte boundary and byte by byte.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadHub, root } from './helpers.mjs';

const { createParser, coreStats } = await loadHub();
const dir = join(root, 'tests', 'fixtures', 'sse');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));

const chunksOf = (fx) =>
  fx.inputHex
    ? fx.inputHex.map((hex) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex')))
    : fx.input.map((s) => new TextEncoder().encode(s));

function run(fx, chunks) {
  const out = [];
  const parser = createParser(
    {
      onEvent: (e) =>
        out.push({ kind: 'event', type: e.type, data: e.data, lastEventId: e.lastEventId }),
      onComment: (text) => out.push({ kind: 'comment', text }),
      onRetry: (ms) => out.push({ kind: 'retry', ms }),
      onError: (e) => out.push({ kind: 'error', code: e.code }),
    },
    fx.options,
  );
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  parser.close();
  return out;
}

test('fixtures: as given', () => {
  assert.ok(fixtures.length > 40);
  for (const fx of fixtures) assert.deepEqual(run(fx, chunksOf(fx)), fx.expect, fx.name);
});

test('fixtures: split at every byte and byte by byte', () => {
  for (const fx of fixtures) {
    const all = Buffer.concat(chunksOf(fx));
    for (let i = 1; i < all.length; i++) {
      assert.deepEqual(
        run(fx, [all.subarray(0, i), all.subarray(i)]),
        fx.expect,
        `${fx.name} @${i}`,
      );
    }
    const bytes = [...all].map((b) => Uint8Array.of(b));
    assert.deepEqual(run(fx, bytes), fx.expect, `${fx.name} byte by byte`);
  }
});

test('strings feed as UTF-8', () => {
  const events = [];
  const p = createParser({ onEvent: (e) => events.push(e) });
  p.feed('event: t\ndata: é😀\n');
  p.feed('id: 7\n\n');
  p.close();
  assert.deepEqual(events, [{ type: 't', data: 'é😀', lastEventId: '7' }]);
});

test('one huge chunk, many events, then close frees the parser', () => {
  const before = coreStats().parsers;
  let text = '';
  for (let i = 0; i < 20000; i++) text += `id: ${i}\ndata: {"n":${i},"s":"ünïcödé"}\n\n`;
  let n = 0;
  const p = createParser({
    onEvent: (e) => {
      assert.equal(e.lastEventId, String(n));
      assert.equal(JSON.parse(e.data).n, n++);
    },
  });
  assert.equal(coreStats().parsers, before + 1);
  p.feed(new TextEncoder().encode(text));
  assert.equal(n, 20000);
  p.close();
  p.close();
  assert.equal(coreStats().parsers, before);
  assert.throws(() => p.feed('data: x\n\n'), /closed/);
});
