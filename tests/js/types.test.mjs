// The published .d.ts, as a consumer resolves it through package.json `exports`: the plain
// entry alone, and the framework entries with typed topics (consumer-frameworks.tsx).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

test('consumers type-check against sse-hub and its react, vue and svelte entries (tsc --noEmit)', () => {
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
