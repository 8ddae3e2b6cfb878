// The header: connection indicator with its tooltip, the degraded banner, refusals in plain
// words, the activity badge, the notification bell and the sign-in switcher.
import type { Hub, HubHealth } from 'sse-hub';
import { describeError } from '../api';
import { h, time } from '../dom';
import { HUB_ENABLED } from '../hub';
import { signIn, users, type Session } from '../session';
import type { ActivityStore } from '../stores/activity';
import { unreadCount, type NotificationsStore } from '../stores/notifications';

export function mountHeader(
  hub: Hub,
  session: Session | null,
  activity: ActivityStore | null,
  notifications: NotificationsStore | null,
): { header: HTMLElement; banners: HTMLElement } {
  const label = h('span', { testid: 'connection-label' });
  const tooltip = h('span', {
    id: 'connection-tooltip',
    role: 'tooltip',
    class: 'tooltip',
    testid: 'connection-tooltip',
  });
  const indicator = h(
    'div',
    {
      class: 'indicator',
      tabindex: '0',
      testid: 'connection-status',
      'aria-describedby': 'connection-tooltip',
    },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', { class: 'sr-only' }, 'Connection: '),
    label,
    tooltip,
  );
  // The label is announced when it changes; the tooltip is read on focus.
  const live = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });

  const degraded = h(
    'div',
    { class: 'banner warn', role: 'alert', testid: 'degraded-banner', hidden: true },
    'Real-time updates unavailable, using polling',
  );
  const disabled = h(
    'div',
    { class: 'banner info', testid: 'disabled-banner', hidden: true },
    'Real-time hub is off (VITE_ENABLE_SSE_HUB=false): every panel refreshes by polling.',
  );
  const refusal = h('div', {
    class: 'banner error',
    role: 'alert',
    testid: 'stream-error',
    hidden: true,
  });

  // A server restart with a new session key, or an expired cookie: sign in as the same user.
  const signInAgain = h(
    'button',
    { type: 'button', testid: 'sign-in-again' },
    `Sign in again as ${session?.user}`,
  );
  signInAgain.addEventListener('click', async () => {
    await signIn(session!.user).catch(() => {});
    location.reload();
  });

  const update = (health: HubHealth) => {
    indicator.dataset.state = health.state;
    indicator.dataset.label = health.label;
    indicator.className = `indicator ${labelClass(health.label)}`;
    label.textContent = health.label;
    const text = explain(health);
    tooltip.textContent = text;
    indicator.title = text;
    if (live.textContent !== health.label) live.textContent = health.label;
    degraded.hidden = health.state !== 'degraded';
    disabled.hidden = health.state !== 'disabled';
    const refused = refusalText(health);
    refusal.hidden = !refused;
    if (refusal.dataset.text !== refused) {
      refusal.dataset.text = refused;
      refusal.replaceChildren(refused);
      if (health.httpStatus === 401 && session) refusal.append(' ', signInAgain);
    }
    refusal.dataset.status = String(health.httpStatus ?? '');
    document.documentElement.dataset.polling = String(hub.isPolling);
  };
  hub.health.subscribe(update);
  // The countdown to the next retry moves every second.
  setInterval(() => update(hub.health.get()), 1000);

  const badge = h('button', {
    type: 'button',
    class: 'badge',
    testid: 'activity-badge',
    hidden: true,
  });
  activity?.state.subscribe((s) => {
    badge.hidden = s.unseen === 0;
    badge.textContent = `${s.unseen} new ${s.unseen === 1 ? 'activity' : 'activities'}`;
    badge.dataset.count = String(s.unseen);
  });
  badge.addEventListener('click', () => {
    activity?.markSeen();
    const feed = document.getElementById('activity-feed');
    feed?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    feed?.focus({ preventScroll: true });
  });

  const count = h('span', { class: 'count', testid: 'notification-count' });
  const dot = h('span', {
    class: 'red-dot',
    testid: 'notification-dot',
    'aria-hidden': 'true',
    hidden: true,
  });
  const bell = h(
    'button',
    { type: 'button', class: 'bell', testid: 'notification-bell' },
    bellIcon(),
    count,
    dot,
  );
  notifications?.state.subscribe((s) => {
    const unread = unreadCount(s.items);
    count.textContent = String(unread);
    dot.hidden = unread === 0;
    bell.dataset.unread = String(unread);
    bell.setAttribute('aria-label', `Notifications: ${unread} unread`);
  });
  bell.addEventListener('click', () => {
    const list = document.getElementById('notification-list');
    list?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    list?.focus({ preventScroll: true });
  });

  const select = h(
    'select',
    { testid: 'user-select', id: 'user-select' },
    users.map((u) =>
      h(
        'option',
        { value: u.id, selected: u.id === session?.user },
        `${u.name} (${u.role}, ${u.workspace})`,
      ),
    ),
  );
  const signInError = h('span', { class: 'error', role: 'alert', testid: 'login-error' });
  select.addEventListener('change', async () => {
    try {
      await signIn(select.value);
      // A new identity is a new page: one hub per tab, opened with the new session.
      location.reload();
    } catch (error) {
      signInError.textContent = describeError(error);
    }
  });

  const header = h(
    'header',
    { class: 'topbar' },
    h('h1', null, 'sse-hub demo'),
    h(
      'div',
      { class: 'topbar-status' },
      indicator,
      live,
      h(
        'span',
        { class: 'mode', testid: 'hub-mode', 'data-enabled': String(HUB_ENABLED) },
        HUB_ENABLED ? 'hub on' : 'polling only',
      ),
    ),
    h(
      'div',
      { class: 'topbar-actions' },
      badge,
      bell,
      h('label', { class: 'who', for: 'user-select' }, 'Signed in as'),
      select,
      h('span', { class: 'sr-only', testid: 'current-user' }, session?.user ?? ''),
      signInError,
    ),
  );
  const banners = h('div', { class: 'banners' }, degraded, disabled, refusal);
  // The tooltip opens below the banners that are showing, so both can be read.
  const place = () => {
    const showing = [...banners.children].some((b) => !(b as HTMLElement).hidden);
    const from = indicator.getBoundingClientRect().top;
    const to = showing
      ? banners.getBoundingClientRect().bottom
      : indicator.getBoundingClientRect().bottom;
    tooltip.style.top = `${to - from + 6}px`;
  };
  indicator.addEventListener('mouseenter', place);
  indicator.addEventListener('focus', place);
  return { header, banners };
}

function bellIcon(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML =
    '<path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"/>';
  return svg;
}

function labelClass(label: string): string {
  return label === 'Live' ? 'live' : label === 'Offline' ? 'offline' : 'connecting';
}

/** The tooltip: the hub's own sentence plus attempt, next retry and since when. */
export function explain(health: HubHealth): string {
  const parts = [health.explanation];
  if (health.attempt > 0) parts.push(`Attempt ${health.attempt}.`);
  if (health.nextRetryAt) {
    const secs = Math.max(0, Math.ceil((health.nextRetryAt - Date.now()) / 1000));
    parts.push(`Next retry at ${time(health.nextRetryAt)} (in ${secs} s).`);
  }
  if (health.httpStatus && health.httpStatus >= 400)
    parts.push(`Last refusal: HTTP ${health.httpStatus}.`);
  parts.push(`${stateName(health.state)} since ${time(health.since)}.`);
  if (health.lastEventAt) parts.push(`Last data ${time(health.lastEventAt)}.`);
  return parts.join(' ');
}

function stateName(state: string): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

/** A refusal the person should know about, in words; '' when there is none. */
export function refusalText(health: HubHealth): string {
  if (health.state === 'healthy' || health.state === 'disabled') return '';
  switch (health.httpStatus) {
    case 401:
      return 'Live updates: the sign-in was refused (401). Sign in again.';
    case 403:
      return 'Live updates refused: you are not authorized for this scope (403). No partial stream was opened; using polling.';
    case 404:
      return 'Live updates: no such resource or stream endpoint (404); using polling.';
    case 429:
      return 'Live updates refused: too many connections for this user (429). The hub retries after the server’s delay.';
    case 503:
      return 'Live updates: the server is busy or restarting (503). The hub retries after the server’s delay.';
    default:
      return '';
  }
}
