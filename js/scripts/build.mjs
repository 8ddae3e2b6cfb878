// Builds the package: tsc → dist/, plus the Wasm core from the CMake build.
// Usage: node js/scripts/build.mjs [--wasm]   (--wasm: (re)build build/wasm-release first)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(pkg, '..');
const wasmDir = join(root, 'build', 'wasm-release', 'wasm');
const dist = join(pkg, 'dist');

if (process.argv.includes('--wasm') || !existsSync(join(wasmDir, 'ssehub.wasm'))) {
  execFileSync('bash', ['-c', 'source scripts/env.sh && configure_and_build wasm-release'], {
    cwd: root,
    stdio: 'inherit',
  });
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', join(pkg, 'tsconfig.json')], { stdio: 'inherit' });

copyFileSync(join(wasmDir, 'ssehub.wasm'), join(dist, 'ssehub.wasm'));

const kb = (f) => (statSync(join(dist, f)).size / 1024).toFixed(1);
console.log(`js/dist: index.js, ssehub.wasm ${kb('ssehub.wasm')} KB`);
