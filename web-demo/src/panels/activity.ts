// Seed 002: the activity feed and the notification list (bell, toasts, grouping, sound).
import { field, h, panel, render, time } from '../dom';
import { userName, usersOf, type Session } from '../session';
import type { ActivityStore } from '../stores/activity';
import { groupNotifications, isUrgent, type NotificationsStore } from '../stores/notifications';
import { sourceBadge } from './projects';

export function mountActivity(
  activity: ActivityStore,
  notifications: NotificationsStore,
  session: Session,
  testMode: boolean,
): HTMLElement {
  // The feed.
  const feed = h('ol', {
    id: 'activity-feed',
    class: 'feed',
    tabindex: '-1',
    testid: 'activity-feed',
    'aria-label': 'Activity feed',
  });
  const feedMeta = h('p', { class: 'muted' });
  activity.state.subscribe((s) => {
    feedMeta.replaceChildren(
      `${s.items.length} activities `,
      sourceBadge(s.source, 'activity-source'),
    );
    render(
      feed,
      s.items.length
        ? s.items.map((a) =>
            h(
              'li',
              { testid: 'activity-item', 'data-id': a.id, 'data-type': a.type },
              h('span', { class: 'pill' }, a.type),
              ' ',
              h('b', null, userName(a.actor)),
              ' ',
              a.message,
              h('time', { class: 'muted' }, ' ', time(a.at)),
            ),
          )
        : h('li', { class: 'muted' }, s.error || (s.loaded ? 'No activity yet.' : 'Loading…')),
    );
  });
  feed.addEventListener('focus', () => activity.markSeen());
  const type = h('input', {
    id: 'activity-type',
    value: 'comment',
    size: '10',
    testid: 'activity-type',
  });
  const message = h('input', {
    id: 'activity-message',
    value: 'commented on Apollo',
    testid: 'activity-message',
  });
  const postMsg = h('span', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'row', testid: 'activity-form' },
    field('Type', type),
    field('Message', message),
    h('button', { type: 'submit', testid: 'activity-post' }, 'Post activity'),
    postMsg,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    postMsg.textContent = await activity.create(type.value, message.value);
  });

  // Notifications.
  const list = h('ul', {
    id: 'notification-list',
    class: 'notifications',
    tabindex: '-1',
    testid: 'notification-list',
    'aria-label': 'Notifications',
  });
  const error = h('p', { class: 'error', role: 'alert', testid: 'notification-error' });
  notifications.state.subscribe((s) => {
    error.textContent = s.error;
    render(
      list,
      s.items.length
        ? groupNotifications(s.items).map((g) => {
            const item = (n: (typeof g.items)[number]) =>
              h(
                'li',
                { class: `note-item ${n.read ? 'read' : 'unread'}` },
                h(
                  'button',
                  {
                    type: 'button',
                    testid: 'notification-item',
                    'data-id': n.id,
                    'data-read': String(n.read),
                    'aria-pressed': String(n.read),
                    'aria-label': `${n.title}${n.read ? ' (read)' : ' (unread): mark as read'}`,
                    onclick: () => notifications.markRead([n.id]),
                  },
                  h('span', { class: 'unread-mark', 'aria-hidden': 'true' }, n.read ? '○' : '●'),
                  ' ',
                  isUrgent(n) ? h('span', { class: 'pill urgent' }, 'urgent') : null,
                  ' ',
                  h('b', null, n.title),
                  n.body ? ` — ${n.body}` : '',
                  h('time', { class: 'muted' }, ' ', time(n.at)),
                ),
              );
            if (g.items.length === 1) return item(g.items[0]);
            return h(
              'li',
              {
                class: 'group',
                testid: 'notification-group',
                'data-group': g.key,
                'data-count': String(g.items.length),
              },
              h(
                'div',
                { class: 'row' },
                h('b', { testid: 'notification-group-label' }, g.label),
                g.unread ? h('span', { class: 'pill' }, `${g.unread} unread`) : null,
                g.unread
                  ? h(
                      'button',
                      {
                        type: 'button',
                        testid: 'notification-group-read',
                        onclick: () => notifications.markRead(g.items.map((n) => n.id)),
                      },
                      'Mark all read',
                    )
                  : null,
              ),
              h('ul', null, g.items.map(item)),
            );
          })
        : h('li', { class: 'muted' }, 'No notifications.'),
    );
  });

  const sound = h('input', { type: 'checkbox', id: 'sound-toggle', testid: 'sound-toggle' });
  sound.addEventListener('change', () => void notifications.sound.setEnabled(sound.checked));

  // A sender, so a person can make notifications arrive (as another user in test mode).
  const mates = usersOf(session.workspace);
  const to = h(
    'select',
    { id: 'notify-to', testid: 'notify-to' },
    mates.map((u) => h('option', { value: u.id, selected: u.id === session.user }, u.name)),
  );
  const kind = h(
    'select',
    { id: 'notify-kind', testid: 'notify-kind' },
    h('option', { value: 'task' }, 'Task assigned'),
    h('option', { value: 'mention' }, 'Mention'),
    h('option', { value: 'urgent' }, 'Urgent'),
  );
  const sendMsg = h('span', { class: 'error', role: 'alert' });
  const sender = h(
    'form',
    { class: 'row', testid: 'notify-form' },
    field('To', to),
    field('Kind', kind),
    h('button', { type: 'submit', testid: 'notify-send' }, 'Send notification'),
    sendMsg,
  );
  let n = 0;
  sender.addEventListener('submit', async (e) => {
    e.preventDefault();
    n++;
    const k = kind.value;
    const from = testMode ? mates.find((u) => u.id !== session.user)?.id : undefined;
    sendMsg.textContent = await notifications.create(
      {
        userId: to.value,
        type: k,
        title:
          k === 'task'
            ? `Task #${n} assigned to you`
            : k === 'mention'
              ? 'You were mentioned'
              : 'Urgent: build is broken',
        body:
          k === 'task'
            ? 'From the demo sender'
            : k === 'mention'
              ? `in comment #${n}`
              : 'main is red',
        urgent: k === 'urgent',
        groupKey: k === 'task' ? 'tasks' : k === 'mention' ? 'mentions' : undefined,
      },
      from,
    );
  });

  return panel(
    'activity',
    'Activity and notifications',
    'Seed 002: feed and badge, bell with count and red dot, urgent toasts (5 s), grouping, optimistic mark-as-read.',
    h(
      'div',
      { class: 'split' },
      h('div', null, h('h3', null, 'Activity'), feedMeta, feed, form),
      h(
        'div',
        null,
        h('h3', null, 'Notifications'),
        h('label', { class: 'check' }, sound, ' Play a sound for new notifications'),
        error,
        list,
        sender,
      ),
    ),
  );
}

/** The toast region: urgent notifications, each gone after five seconds. */
export function mountToasts(notifications: NotificationsStore): HTMLElement {
  const region = h('div', { class: 'toasts', 'aria-live': 'assertive', testid: 'toasts' });
  notifications.toasts.subscribe((toasts) => {
    render(
      region,
      toasts.map((t) =>
        h(
          'div',
          { class: 'toast', role: 'alert', testid: 'toast', 'data-id': t.id },
          h('strong', null, t.title),
          t.body ? h('p', null, t.body) : null,
          h(
            'button',
            {
              type: 'button',
              class: 'close',
              'aria-label': 'Dismiss',
              onclick: () => notifications.dismissToast(t.id),
            },
            '×',
          ),
        ),
      ),
    );
  });
  return region;
}
