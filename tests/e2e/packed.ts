// The sse-hub package as an app receives it: `npm pack` of js/ (what `files` and `exports`
// publish), for apps that install the tarball.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './hubd';

/** Packs js/ into `dir`; returns the tarball's path and the hash of its contents. */
export function packTarball(dir: string): { tarball: string; hash: string } {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
    cwd: join(root, 'js'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith('.tgz'))!,
  );
  const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
  return { tarball, hash };
}

/** Installs the tarball into the app at `app` (a directory with a package.json). */
export function installTarball(app: string, tarball: string): void {
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: app,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Copies a build to `dist` whole or not at all: an interrupted copy is never taken for one. */
export function keepBuild(from: string, dist: string): void {
  rmSync(`${dist}.tmp`, { recursive: true, force: true });
  cpSync(from, `${dist}.tmp`, { recursive: true });
  renameSync(`${dist}.tmp`, dist);
}
