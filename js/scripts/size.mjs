// Gzip size of what a page downloads, as shipped: a Vite production build of a consumer
// that imports the package (JS minified and tree-shaken by Vite) plus the Wasm asset it
// emits. Budget: 40 KB for both together. Then what each framework entry adds to that
// consumer's JS (the framework itself left out). Usage: node js/scripts/size.mjs
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
const plain =
  "import { getHub } from 'sse-hub';\n" +
  "const hub = getHub('/api/v1/events', { enabled: true });\n" +
  'hub.subscribe("a.*", (e) => console.log(e.payload));\n';
// Each entry's exports, all used, beside the plain consumer.
const entries = [
  ['sse-hub/react', 'react', 'HubProvider, useHub, useHubHealth, useTopic'],
  ['sse-hub/vue', 'vue', 'provideHub, useHub, useHubHealth, useTopic'],
  ['sse-hub/svelte', null, 'topicStore'],
];

/** Builds a consumer whose main.js is `main`; returns its assets: [name, bytes, gzip bytes]. */
async function consumer(main, external) {
  const app = mkdtempSync(join(tmpdir(), 'sse-hub-size-'));
  try {
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(pkg, join(app, 'node_modules', 'sse-hub'), 'dir');
    writeFileSync(join(app, 'main.js'), main);
    writeFileSync(
      join(app, 'index.html'),
      '<!doctype html><script type="module" src="./main.js"></script>\n',
    );
    await build({
      root: app,
      logLevel: 'warn',
      build: { outDir: join(app, 'dist'), rollupOptions: { external } },
    });
    const assets = join(app, 'dist', 'assets');
    return readdirSync(assets)
      .sort()
      .map((f) => {
        const bytes = readFileSync(join(assets, f));
        return [f, bytes.length, gzipSync(bytes, { level: 9 }).length];
      });
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

const row = (label, bytes, gz) =>
  `${label.padEnd(38)} ${String(bytes).padStart(7)} B ${String(gz).padStart(7)} B gzip`;
const js = (assets) => assets.find(([f]) => f.endsWith('.js'));

const base = await consumer(plain, []);
let total = 0;
for (const [f, bytes, gz] of base) {
  total += gz;
  console.log(row(f.endsWith('.wasm') ? 'Wasm core' : 'JS (package + app)', bytes, gz));
}
console.log(`${'total'.padEnd(38)} ${' '.repeat(9)} ${String(total).padStart(7)} B gzip`);
console.log(`budget ${BUDGET} B gzip: ${total <= BUDGET ? 'ok' : 'OVER'}`);
const [, baseBytes, baseGz] = js(base);
for (const [entry, framework, names] of entries) {
  const main = `${plain}import { ${names} } from '${entry}';\nconsole.log(${names});\n`;
  const [, bytes, gz] = js(await consumer(main, framework ? [framework] : []));
  console.log(row(`+ ${entry}`, bytes - baseBytes, gz - baseGz));
}
process.exitCode = total <= BUDGET ? 0 : 1;
