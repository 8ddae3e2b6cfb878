// `npm run demo` where its port is taken: it says which port and how to pick another,
// before any build, instead of hubd's bare "bind: Address already in use".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('npm run demo on a port in use names the port and how to choose another', async (t) => {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address();
  const started = Date.now();
  const run = spawnSync('bash', [join(root, 'scripts/demo.sh')], {
    env: { ...process.env, PORT: String(port) },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
  assert.match(run.stderr, /PORT=9000 npm run demo/);
  assert.ok(Date.now() - started < 10_000, 'it fails before building anything');
});
