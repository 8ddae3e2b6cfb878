// The published .d.ts, as a consumer resolves it through package.json `exports`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

test('a consumer type-checks against sse-hub (tsc --noEmit)', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(
      process.execPath,
      [tsc, '-p', join(root, 'tests', 'js', 'tsconfig.consumer.json')],
      {
        encoding: 'utf8',
      },
    );
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});
