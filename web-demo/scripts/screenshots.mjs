// Screenshots of the demo's main views in headless Chromium (Debian's), for the docs.
// Drives a running demo (`npm run demo`, test mode) as two users: alice watches, bob acts.
// Usage: node web-demo/scripts/screenshots.mjs [baseURL] [outDir]
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import * as launch from '../../scripts/browsers.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? 'build/demo-screenshots';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch(launch.chromium);

async function open(user, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, baseURL: base });
  const res = await context.request.post('/api/v1/session', { data: { user } });
  if (!res.ok()) throw new Error(`sign-in as ${user}: ${res.status()}`);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${user}] ${e.message}`));
  await page.goto('/');
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

const shot = async (page, name, testid) => {
  const path = `${out}/${name}.png`;
  if (testid) await page.getByTestId(testid).screenshot({ path });
  else await page.screenshot({ path });
  console.log(path);
};
const live = (page) =>
  page.getByTestId('connection-label').filter({ hasText: 'Live' }).waitFor({ timeout: 15_000 });

await (
  await browser.newContext({ baseURL: base })
).request.post('/api/v1/test/faults', { data: { reset: true } });
const alice = await open('alice');
const bob = await open('bob');
await Promise.all([live(alice), live(bob)]);

// The header with the tooltip open, then the first screenful.
await alice.getByTestId('connection-status').hover();
await shot(alice, 'header-live');
await alice.mouse.move(0, 500);

// Seed 000: bob archives, runs the quality gate, and saves a section before alice does.
await bob.getByTestId('project-archive').click();
await alice.getByTestId('project-state').filter({ hasText: 'archived' }).waitFor();
await bob.getByTestId('qg-start').click();
await alice.getByTestId('qg-summary').waitFor({ timeout: 30_000 });
await bob
  .getByTestId('section-text-me')
  .fill('# Introduction\nApollo streams every update over one connection per tab.\n');
await bob.getByTestId('section-save-me').click();
await bob.getByTestId('section-message-me').filter({ hasText: 'Saved' }).waitFor();
await alice
  .getByTestId('section-text-me')
  .fill(
    '# Introduction\nApollo replaces polling with one event stream per tab.\nPolling stays as the fallback.\n',
  );
await alice.getByTestId('section-save-me').click();
await alice.getByTestId('section-diff-body').waitFor();
await shot(alice, 'project', 'panel-project');
await shot(alice, 'quality-gate', 'panel-editor');
await shot(alice, 'sections-conflict', 'panel-sections');

// Seed 002: activity, grouped notifications, an urgent toast.
await bob.getByTestId('activity-post').click();
await bob.getByTestId('notify-to').selectOption('alice');
await bob.getByTestId('notify-kind').selectOption('task');
await bob.getByTestId('notify-send').click();
await bob.getByTestId('notify-kind').selectOption('urgent');
await bob.getByTestId('notify-send').click();
await alice.getByTestId('toast').waitFor();
await alice.getByTestId('panel-activity').scrollIntoViewIfNeeded();
await shot(alice, 'activity-notifications');

// Seed 004 and 001: a debate, chat with a reaction and typing.
await bob.getByTestId('debate-start').click();
await alice.getByTestId('debate-utterance').nth(1).waitFor({ timeout: 30_000 });
await bob.getByTestId('chat-input').fill('Gate passed, shipping the spec.');
await bob.getByTestId('chat-send').click();
const message = alice.getByTestId('chat-message').filter({ hasText: 'Gate passed' });
await message.waitFor();
await message.getByTestId('chat-reaction').first().click();
await bob.getByTestId('chat-input').pressSequentially('On it', { delay: 50 });
await alice.getByTestId('chat-typing').filter({ hasText: 'typing' }).waitFor();
await shot(alice, 'debate', 'panel-debate');
await shot(alice, 'chat', 'panel-chat');
await shot(alice, 'dashboard', 'panel-dashboard');
await shot(alice, 'inspector', 'panel-inspector');

// Degraded: streams cannot connect (network errors), so after three attempts the page polls.
await alice.route('**/api/v1/events**', (route) => route.abort('connectionrefused'));
await alice.getByTestId('fault-drop').click();
await alice.getByTestId('degraded-banner').waitFor({ timeout: 30_000 });
await alice.evaluate(() => window.scrollTo(0, 0));
await alice.getByTestId('connection-status').hover();
await shot(alice, 'degraded');
await alice.unroute('**/api/v1/events**');
await alice
  .getByTestId('connection-label')
  .filter({ hasText: 'Live' })
  .waitFor({ timeout: 40_000 });

// Phone width.
const phone = await open('carol', { width: 390, height: 844 });
await live(phone);
await shot(phone, 'phone');

await browser.close();
