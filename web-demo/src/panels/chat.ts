// Seed 001: chat messages, reactions, typing and presence.
import { field, h, panel, render, time } from '../dom';
import { userName, usersOf, type Session } from '../session';
import type { ChatStore } from '../stores/chat';

// Plain symbols: they render in every font (headless Chromium has no colour emoji).
const EMOJI = ['+1', '♥', '★'];

export function mountChat(store: ChatStore, session: Session): HTMLElement {
  const channel = h('select', { id: 'chat-channel', testid: 'chat-channel' });
  channel.addEventListener('change', () => store.select(channel.value));
  const presence = h('ul', {
    class: 'presence',
    testid: 'chat-presence',
    'aria-label': 'Who is online',
  });
  const messages = h('ol', {
    class: 'messages',
    testid: 'chat-messages',
    'aria-live': 'polite',
    'aria-label': 'Messages',
  });
  const typing = h('p', { class: 'muted typing', testid: 'chat-typing', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert', testid: 'chat-error' });
  const input = h('input', {
    id: 'chat-input',
    testid: 'chat-input',
    autocomplete: 'off',
    placeholder: 'Write a message',
  });
  input.addEventListener('input', () => store.typing());
  const form = h(
    'form',
    { class: 'row' },
    field('Message', input),
    h('button', { type: 'submit', class: 'primary', testid: 'chat-send' }, 'Send'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    if (await store.send(input.value)) input.value = '';
  });

  let channelsShown = '';
  store.state.subscribe((s) => {
    const ids = s.channels.map((c) => c.id).join();
    if (ids !== channelsShown) {
      channelsShown = ids;
      render(
        channel,
        s.channels.map((c) => h('option', { value: c.id }, `#${c.name}`)),
      );
    }
    channel.value = s.channelId;
    error.textContent = s.error;
    render(
      presence,
      usersOf(session.workspace).map((u) => {
        const online = s.presence[u.id];
        const word = online === undefined ? 'unknown' : online ? 'online' : 'offline';
        return h(
          'li',
          { testid: 'chat-presence-user', 'data-user': u.id, 'data-online': String(online ?? '') },
          h('span', { class: `presence-dot ${word}`, 'aria-hidden': 'true' }),
          `${u.name} `,
          h('span', { class: 'muted' }, `(${word})`),
        );
      }),
    );
    render(
      messages,
      s.messages.length
        ? s.messages.map((m) =>
            h(
              'li',
              { testid: 'chat-message', 'data-id': m.id, 'data-user': m.userId },
              h('b', null, userName(m.userId)),
              h('time', { class: 'muted' }, ` ${time(m.at)}`),
              m.editedAt ? h('span', { class: 'muted' }, ' (edited)') : null,
              h('p', { testid: 'chat-message-text' }, m.text),
              h(
                'div',
                { class: 'reactions' },
                EMOJI.map((emoji) => {
                  const who = m.reactions?.[emoji] ?? [];
                  return h(
                    'button',
                    {
                      type: 'button',
                      class: `reaction ${who.includes(session.user) ? 'mine' : ''}`,
                      testid: 'chat-reaction',
                      'data-emoji': emoji,
                      'data-count': String(who.length),
                      'aria-pressed': String(who.includes(session.user)),
                      'aria-label': `React ${emoji}, ${who.length} so far`,
                      onclick: () => store.react(m.id, emoji),
                    },
                    `${emoji} ${who.length || ''}`,
                  );
                }),
                m.userId === session.user
                  ? h(
                      'button',
                      {
                        type: 'button',
                        class: 'link',
                        testid: 'chat-delete',
                        onclick: () => store.remove(m.id),
                      },
                      'Delete',
                    )
                  : null,
              ),
            ),
          )
        : h('li', { class: 'muted' }, 'No messages yet.'),
    );
    const now = Date.now();
    const typers = Object.entries(s.typing)
      .filter(([, until]) => until > now)
      .map(([u]) => userName(u));
    typing.textContent = typers.length
      ? `${typers.join(', ')} ${typers.length > 1 ? 'are' : 'is'} typing…`
      : '';
  });

  return panel(
    'chat',
    'Chat',
    'Seed 001: messages, reactions, typing and presence over the same stream.',
    h(
      'div',
      { class: 'split chat' },
      h(
        'div',
        null,
        h('div', { class: 'row' }, field('Channel', channel)),
        messages,
        typing,
        form,
        error,
      ),
      h('div', null, h('h3', null, 'Presence'), presence),
    ),
  );
}
