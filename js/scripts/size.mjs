// Gzip size of what a page downloads: the package's JS and the Wasm core. Budget 40 KB.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 40 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const files = readdirSync(dist).filter((f) => /\.(js|mjs|wasm)$/.test(f));
let total = 0;
let js = '';
const rows = files.map((f) => {
  const bytes = readFileSync(join(dist, f));
  if (/\.(js|mjs)$/.test(f)) js += bytes.toString() + '\n';
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  return [f, bytes.length, gz];
});
rows.sort((a, b) => b[2] - a[2]);
for (const [f, raw, gz] of rows)
  console.log(`${f.padEnd(16)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gzip`);
const jsTogether = gzipSync(Buffer.from(js), { level: 9 }).length;
console.log(
  `total (per file) ${String(total).padStart(26)} B gzip; JS as one bundle ${jsTogether} B gzip`,
);
console.log(`budget ${BUDGET} B: ${total <= BUDGET ? 'ok' : 'OVER'}`);
process.exitCode = total <= BUDGET ? 0 : 1;
