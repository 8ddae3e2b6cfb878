// Bundles the bench page (all five contenders) and, for the size table, each contender alone
// (minified ES module as an app would ship it; gzip -9 of JS + Wasm).
import { build } from 'vite';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const here = new URL('.', import.meta.url).pathname;
const repo = join(here, '../..');
// SSEHUB_DIST: another build of the package (e.g. a Wasm core linked with other flags).
const dist = process.env.SSEHUB_DIST ?? join(repo, 'js/dist');
const alias = { 'sse-hub': join(dist, 'index.js'), 'sse-hub-core': join(dist, 'core.js') };

export async function buildPage(outDir) {
  await build({
    root: join(here, 'page'),
    logLevel: 'warn',
    resolve: { alias },
    build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: false },
  });
  return outDir;
}

const ENTRIES = {
  hub: `import { createHub } from 'sse-hub'; window.x = createHub;`,
  'fetch-event-source': `import { fetchEventSource } from '@microsoft/fetch-event-source'; window.x = fetchEventSource;`,
  'eventsource-parser': `import { createParser } from 'eventsource-parser'; window.x = createParser;`,
  'eventsource-npm': `import { EventSource } from 'eventsource'; window.x = EventSource;`,
};

export async function measureSizes(workDir) {
  const sizes = { eventsource: { files: 0, bytes: 0, gzip: 0, note: 'built into the browser' } };
  for (const [name, code] of Object.entries(ENTRIES)) {
    const dir = join(workDir, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'entry.js'), code);
    writeFileSync(join(dir, 'index.html'), '<script type="module" src="./entry.js"></script>');
    const out = join(dir, 'dist');
    // An app build (not lib mode, which would inline the .wasm as base64).
    await build({
      root: dir,
      logLevel: 'warn',
      resolve: { alias },
      build: {
        outDir: out,
        emptyOutDir: true,
        target: 'es2022',
        modulePreload: false,
        assetsInlineLimit: 0,
      },
    });
    let bytes = 0,
      gzip = 0,
      files = 0;
    const walk = (d) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(m?js|wasm)$/.test(f)) {
          const b = readFileSync(p);
          files++;
          bytes += b.length;
          gzip += gzipSync(b, { level: 9 }).length;
        }
      }
    };
    walk(out);
    sizes[name] = { files, bytes, gzip };
  }
  return sizes;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const out = process.argv[2] ?? join(repo, 'build/bench/page');
  await buildPage(out);
  console.log(JSON.stringify(await measureSizes(join(repo, 'build/bench/size'))));
}
