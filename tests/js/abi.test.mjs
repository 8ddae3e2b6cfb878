// The Wasm boundary's version check: init() accepts the package's own module and refuses,
// with an error that says what to do, a module built from another layout (a cached old
// ssehub.wasm beside a new package) or a file that is not the core at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { dist } from './helpers.mjs';

const { ABI_VERSION } = await import(join(dist, 'abi.js'));
let fresh = 0;
/** A fresh copy of the loader, as a new page would have (init() is once per page). */
const freshCore = () => import(`${pathToFileURL(join(dist, 'core.js'))}?fresh=${++fresh}`);

/** A minimal module: memory, _initialize and, unless null, ssehub_abi_version → `version`. */
function fakeCore(version) {
  const u32 = (n) => {
    const out = [];
    do {
      const byte = n & 0x7f;
      n >>>= 7;
      out.push(n ? byte | 0x80 : byte);
    } while (n);
    return out;
  };
  const i32 = (n) => {
    const out = [];
    for (;;) {
      const byte = n & 0x7f;
      n >>= 7;
      if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
      out.push(byte | 0x80);
    }
  };
  const name = (s) => [...u32(s.length), ...Buffer.from(s)];
  const section = (id, bytes) => [id, ...u32(bytes.length), ...bytes];
  const exports = [
    [...name('memory'), 2, 0],
    [...name('_initialize'), 0, 0],
    ...(version === null ? [] : [[...name('ssehub_abi_version'), 0, 1]]),
  ];
  const bodies = [
    [0, 0x0b],
    [0, 0x41, ...i32(version ?? 0), 0x0b],
  ];
  return new Uint8Array([
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [2, 0x60, 0, 0, 0x60, 0, 1, 0x7f]),
    ...section(3, [2, 0, 1]),
    ...section(5, [1, 0, 1]),
    ...section(7, [exports.length, ...exports.flat()]),
    ...section(10, [2, ...bodies.flatMap((b) => [...u32(b.length), ...b])]),
  ]);
}

test('the package loads its own module: same ABI on both sides', async () => {
  const { init } = await freshCore();
  const core = await init({ wasmBinary: readFileSync(join(dist, 'ssehub.wasm')) });
  assert.equal(core.x.ssehub_abi_version() >>> 0, ABI_VERSION);
});

test('a module from another ABI is refused with a clear error, and init() can retry', async () => {
  const { init } = await freshCore();
  await assert.rejects(init({ wasmBinary: fakeCore((ABI_VERSION + 1) | 0) }), (error) => {
    assert.match(
      error.message,
      new RegExp(`ABI ${ABI_VERSION + 1} but this sse-hub needs ABI ${ABI_VERSION}`),
    );
    assert.match(error.message, /serve the ssehub\.wasm of this package version/);
    return true;
  });
  const core = await init({ wasmBinary: readFileSync(join(dist, 'ssehub.wasm')) });
  assert.equal(core.x.ssehub_abi_version() >>> 0, ABI_VERSION);
});

test('a module that is not the core at all is refused', async () => {
  const { init } = await freshCore();
  await assert.rejects(init({ wasmBinary: fakeCore(null) }), /has ABI none but this sse-hub needs/);
});

test('a hub whose core failed to load reports it and lets the legacy polling run', async () => {
  const url = `${pathToFileURL(join(dist, 'index.js'))}?fresh=${++fresh}`;
  const { createHub } = await import(url);
  const hub = createHub({
    url: 'http://127.0.0.1:9/e',
    enabled: true,
    wasm: { wasmBinary: fakeCore(7) },
  });
  let polls = 0;
  hub.fallback(() => polls++, { intervalMs: 5 });
  await assert.rejects(hub.ready, /ABI 7 but this sse-hub needs/);
  assert.equal(hub.isPolling, true);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.ok(polls >= 1);
  hub.close();
});
