// The one hubd launcher, for the node tests (harness.mjs), the load client (load.mjs) and the
// server benchmark (bench/server/run.mjs): test mode on a free loopback port with the seed
// data file, the port read from its listening line.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const HUBD = process.env.HUBD ?? join(repo, 'build/native-release/server/hubd');
export const SEED = join(repo, 'server/data/seed.json');

// For load: the stream on, a publisher token, no stream caps and no connect rate limit.
export const loadArgs = (publisherToken) => [
  '--enable-event-stream',
  '--publisher-token',
  publisherToken,
  '--max-connections',
  '1000000',
  '--max-connections-per-user',
  '1000000',
  '--connect-rate',
  '1000000',
  '--connect-burst',
  '1000000',
  '--heartbeat-interval',
  '15000',
];

// Spawns hubd with `args` after the defaults. `logs`: an array that collects its stderr
// lines (otherwise they are dropped); `fdLimit`: its fd limit, a number or true (the hard
// limit); `env`: more environment variables.
// Returns {proc, exited (its exit code), listening (its port, rejected if it exits first)}.
export function launchHubd(args = [], { logs, fdLimit, env } = {}) {
  const argv = ['--port', '0', '--test-mode', '--data', SEED, ...args];
  const stdio = ['ignore', 'pipe', logs ? 'pipe' : 'ignore'];
  const options = { stdio, env: { ...process.env, ...env } };
  const limit = fdLimit === true ? '$(ulimit -Hn)' : fdLimit;
  const proc = limit
    ? spawn('bash', ['-c', `ulimit -n ${limit}; exec "$0" "$@"`, HUBD, ...argv], options)
    : spawn(HUBD, argv, options);
  const exited = new Promise((r) => proc.on('exit', (code) => r(code)));
  if (logs) {
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => logs.push(...chunk.split('\n').filter(Boolean)));
  }
  const listening = new Promise((resolvePort, reject) => {
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /"listening","port":(\d+)/.exec(out);
      if (m) resolvePort(Number(m[1]));
    });
    proc.on('exit', (code) =>
      reject(new Error(`hubd exited with ${code}: ${(logs ?? []).join('\n')}`)),
    );
  });
  return { proc, exited, listening };
}
