// The three browser engines as this machine runs them, from Debian's packages (bootstrap.sh
// installs them; nothing is downloaded): one place for the launch options that the E2E
// tests, the browser benchmarks and the screenshot script share.
import { spawn } from 'node:child_process';

/** Chromium through Playwright (`chromium.launch(chromium)`). */
export const chromium = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
  // Playwright turns the back/forward cache off; users have it, and the lifecycle tests need it.
  ignoreDefaultArgs: ['--disable-back-forward-cache'],
};

/** Firefox ESR through puppeteer-core over WebDriver BiDi (`puppeteer.launch(firefox)`). */
export const firefox = {
  browser: 'firefox',
  executablePath: '/usr/bin/firefox-esr',
  headless: true,
};

/** WebKitGTK's MiniBrowser through WebKitWebDriver (W3C WebDriver), under a virtual display. */
export const webkit = {
  driver: '/usr/bin/WebKitWebDriver',
  capabilities: {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': {
      binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
      args: ['--automation'],
    },
  },
};

/**
 * A virtual display for WebKitGTK (Xvfb picks a free display number and writes it to fd 3).
 * Resolves with its name (`:N`) and a stop function.
 */
export async function startXvfb() {
  const child = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => child.once('exit', r));
  const name = await new Promise((resolve, reject) => {
    child.stdio[3].once('data', (d) => resolve(`:${String(d).trim()}`));
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${stderr}`)));
  });
  return {
    name,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
