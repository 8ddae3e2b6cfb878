// A minimal raw CDP client over the browser's websocket (the `ws` class Playwright ships).
// Pages created here are in a browser context Playwright does not know about, so Playwright
// never attaches to them and never turns on Network tracking (which slows SSE ~7x).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { ws: WebSocket } = require('playwright-core/lib/utilsBundle');

export async function connectCdp(wsUrl) {
  const sock = new WebSocket(wsUrl, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
  await new Promise((resolve, reject) => {
    sock.once('open', resolve);
    sock.once('error', reject);
  });
  let next = 1;
  const pending = new Map();
  const listeners = new Set();
  sock.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject, method });
      sock.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  return {
    send,
    on: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
    close: () => sock.close(),
  };
}

/** A page in its own (non-Playwright) browser context; only Runtime/Performance used on it. */
export async function openPage(cdp, url) {
  const { browserContextId } = await cdp.send('Target.createBrowserContext', {
    disposeOnDetach: true,
  });
  const { targetId } = await cdp.send('Target.createTarget', {
    url: 'about:blank',
    browserContextId,
  });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  const s = (method, params) => cdp.send(method, params, sessionId);
  await s('Page.navigate', { url });
  // Wait until the page's bench entry is ready (polling; no Page/Runtime events enabled).
  for (let i = 0; i < 600; i++) {
    const r = await s('Runtime.evaluate', {
      expression: 'typeof window.bench === "object"',
      returnByValue: true,
    });
    if (r.result.value === true) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const evaluate = async (expression) => {
    const r = await s('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails)
      throw new Error(
        `page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
      );
    return r.result.value;
  };
  const metrics = async () => {
    const { metrics } = await s('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  return {
    send: s,
    evaluate,
    metrics,
    close: async () => {
      await cdp.send('Target.closeTarget', { targetId }).catch(() => {});
      await cdp.send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
    },
  };
}
