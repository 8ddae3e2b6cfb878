// A real hubd process on a free loopback port, in test mode, serving a built demo.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const publisherToken = 'e2e-publisher-token';
export const jwtSecret = 'e2e-jwt-secret-with-enough-bytes-0123456789';
// Fixed, so that a session cookie survives a restart of hubd (the restart tests).
export const sessionSecret = 'e2e-session-secret-with-enough-bytes-0123456789';

export interface Hubd {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  readonly logs: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface HubdOptions {
  staticRoot?: string;
  port?: number;
  args?: string[];
  /** The session cookie key (default: {@link sessionSecret}, the same across restarts). */
  sessionSecret?: string;
}

export async function startHubd(options: HubdOptions = {}): Promise<Hubd> {
  const binary = process.env.HUBD ?? join(root, 'build', 'native-release', 'server', 'hubd');
  const args = [
    '--bind',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--enable-event-stream',
    '--test-mode',
    '--dev-login',
    '--static-root',
    options.staticRoot ?? join(root, 'web-demo', 'dist'),
    '--data',
    join(root, 'server', 'data', 'seed.json'),
    '--jwt-secret',
    jwtSecret,
    '--publisher-token',
    publisherToken,
    ...(options.args ?? []),
  ];
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SESSION_SECRET: options.sessionSecret ?? sessionSecret },
  });
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    logs.push(line);
    if (logs.length > 2000) logs.shift();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`hubd did not start:\n${logs.join('\n')}`)),
      15_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hubd exited with ${code}:\n${logs.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const msg = JSON.parse(line);
        if (msg.event === 'listening') {
          clearTimeout(timer);
          resolve(msg.port);
        }
      } catch {
        // not a log line of ours
      }
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    logs,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
