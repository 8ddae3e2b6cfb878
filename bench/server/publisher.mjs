// Publisher child for the server suite: publishes {"k":K,"t":T} (T = send time, epoch ms)
// to hubd (POST /api/v1/publish) or nchan (POST /pub?id=) at a steady rate over keep-alive
// connections, so the load client's own CPU does not delay publishing.
import { Agent, request } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 16 });
let cfg;
let k = 0;
let timer = null;
let inflight = 0;
let published = 0;
let failed = 0;

function publishOne() {
  const key = ++k;
  const t = performance.timeOrigin + performance.now();
  const body =
    cfg.kind === 'hubd'
      ? JSON.stringify({
          workspace: 'acme',
          topic: cfg.topic,
          resourceId: 'bench',
          payload: { k: key, t },
        })
      : `{"k":${key},"t":${t}}`;
  const path = cfg.kind === 'hubd' ? '/api/v1/publish' : `/pub?id=${cfg.topic}`;
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (cfg.kind === 'hubd') headers.authorization = `Bearer ${cfg.token}`;
  inflight++;
  const req = request(
    { host: '127.0.0.1', port: cfg.port, method: 'POST', path, headers, agent },
    (res) => {
      res.resume();
      res.on('end', () => {
        inflight--;
        if (res.statusCode >= 200 && res.statusCode < 300) published++;
        else failed++;
      });
    },
  );
  req.on('error', () => {
    inflight--;
    failed++;
  });
  req.end(body);
}

process.on('message', (msg) => {
  if (msg.cmd === 'config') {
    cfg = msg;
    k = msg.startK ?? 0;
    process.send({ ok: true });
  } else if (msg.cmd === 'rate') {
    // rate events/s for `seconds` (0 = until 'stop'); at most 64 requests in flight.
    clearInterval(timer);
    const t0 = performance.now();
    let sent = 0;
    const total = msg.seconds ? Math.round(msg.rate * msg.seconds) : Infinity;
    const firstK = k + 1;
    timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * msg.rate) / 1000) + 1);
      while (sent < due && inflight < 64) {
        publishOne();
        sent++;
      }
      if (sent >= total) finish();
    }, 1);
    const finish = () => {
      clearInterval(timer);
      timer = null;
      const wait = setInterval(() => {
        if (inflight) return;
        clearInterval(wait);
        process.send({
          done: true,
          firstK,
          lastK: k,
          sent,
          published,
          failed,
          seconds: (performance.now() - t0) / 1000,
        });
      }, 5);
    };
    process.once('message', (m) => m.cmd === 'stop' && finish());
  }
});
