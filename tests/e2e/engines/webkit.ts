// WebKitGTK (Debian's MiniBrowser, Safari's engine) through WebKitWebDriver and a small W3C
// WebDriver client (plain HTTP). The engine owns a virtual display (Xvfb); each tab is a
// WebDriver session of its own driver process, since WebKitWebDriver serves one session at a
// time, and each session is a new MiniBrowser with an ephemeral profile.
import { spawn, type ChildProcess } from 'node:child_process';
import * as launch from '../../../scripts/browsers.mjs';
import { freePort, Tab, type Engine, type PageFunction } from './driver';

export async function launchWebKit(): Promise<Engine> {
  const display = await launch.startXvfb();
  let version = '';
  return {
    name: 'webkit',
    get version() {
      return version;
    },
    async newTab() {
      const driver = await startDriver(display.name);
      try {
        const session = await WebDriverSession.create(driver.url, launch.webkit.capabilities);
        version = `MiniBrowser (WebKitGTK) ${session.capabilities.browserVersion}`;
        return new WebDriverTab(session, driver);
      } catch (error) {
        await driver.stop();
        throw error;
      }
    },
    close: () => display.stop(),
  };
}

interface Process {
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
}

async function startDriver(display: string): Promise<Process & { url: string }> {
  const port = await freePort();
  const child = spawn(launch.webkit.driver, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DISPLAY: display },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/status`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, stop: stopper(child) };
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The W3C WebDriver commands the tests use. */
class WebDriverSession {
  private constructor(
    private readonly base: string,
    readonly capabilities: Record<string, string>,
  ) {}

  static async create(driver: string, capabilities: object): Promise<WebDriverSession> {
    const { sessionId, capabilities: granted } = await command(driver, 'POST', '/session', {
      capabilities: { alwaysMatch: { ...capabilities, timeouts: { script: 60_000 } } },
    });
    return new WebDriverSession(`${driver}/session/${sessionId}`, granted);
  }

  send(method: string, path: string, body?: object) {
    return command(this.base, method, path, body);
  }
}

async function command(base: string, method: string, path: string, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  const { value } = await res.json();
  if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${value.error}: ${value.message}`);
  return value;
}

class WebDriverTab extends Tab {
  constructor(
    private readonly session: WebDriverSession,
    private readonly driver: Process,
  ) {
    super();
  }

  async goto(url: string) {
    await this.session.send('POST', '/url', { url });
  }

  async back() {
    await this.session.send('POST', '/back');
  }

  async evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    // The script's result crosses as JSON; an exception crosses as a message.
    const script = `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then(
  (value) => done({ value: value === undefined ? null : value }),
  (e) => done({ error: String((e && e.stack) || e) }),
);`;
    const out = await this.session.send('POST', '/execute/async', {
      script,
      args: [arg ?? null],
    });
    if (out.error) throw new Error(`in the page: ${out.error}`);
    return out.value;
  }

  async click(testId: string) {
    const element = await this.session.send('POST', '/element', {
      using: 'css selector',
      value: `[data-testid="${testId}"]`,
    });
    await this.session.send('POST', `/element/${element[ELEMENT]}/click`);
  }

  // MiniBrowser's window minimized is a hidden page; maximized, a visible one again.
  async setHidden(hidden: boolean) {
    await this.session.send('POST', hidden ? '/window/minimize' : '/window/maximize');
    return true;
  }

  async close() {
    await this.session.send('DELETE', '').catch(() => {});
    await this.driver.stop();
  }
}
