// Gzip size of what a page downloads, as shipped: a Vite production build of a consumer
// that imports the package (JS minified and tree-shaken by Vite) plus the Wasm asset it
// emits. Budget: 40 KB for both together. Usage: node js/scripts/size.mjs
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const BUDGET = 40 * 1024;
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = mkdtempSync(join(tmpdir(), 'sse-hub-size-'));
try {
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(pkg, join(app, 'node_modules', 'sse-hub'), 'dir');
  writeFileSync(
    join(app, 'main.js'),
    "import { getHub } from 'sse-hub';\n" +
      "const hub = getHub('/api/v1/events', { enabled: true });\n" +
      'hub.subscribe("a.*", (e) => console.log(e.payload));\n',
  );
  writeFileSync(
    join(app, 'index.html'),
    '<!doctype html><script type="module" src="./main.js"></script>\n',
  );
  await build({ root: app, logLevel: 'warn', build: { outDir: join(app, 'dist') } });
  const assets = join(app, 'dist', 'assets');
  let total = 0;
  for (const f of readdirSync(assets).sort()) {
    const bytes = readFileSync(join(assets, f));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    const kind = f.endsWith('.wasm') ? 'Wasm core' : 'JS (package + app)';
    console.log(
      `${kind.padEnd(38)} ${String(bytes.length).padStart(7)} B ${String(gz).padStart(7)} B gzip`,
    );
  }
  console.log(`${'total'.padEnd(38)} ${' '.repeat(9)} ${String(total).padStart(7)} B gzip`);
  console.log(`budget ${BUDGET} B gzip: ${total <= BUDGET ? 'ok' : 'OVER'}`);
  process.exitCode = total <= BUDGET ? 0 : 1;
} finally {
  rmSync(app, { recursive: true, force: true });
}
