// Seed 001: channel messages, reactions, typing and presence.
import { api, describeError, post } from '../api';
import { usersOf } from '../session';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, rebinder, type Context } from './context';

export interface Message {
  id: string;
  channelId: string;
  userId: string;
  text: string;
  reactions: Record<string, string[]>;
  at: string | number;
  editedAt?: string | number | null;
}

export interface ChatState {
  channels: { id: string; name: string }[];
  channelId: string;
  messages: Message[];
  /** userId → when their typing indicator expires. */
  typing: Record<string, number>;
  /** userId → online, as last heard. */
  presence: Record<string, boolean>;
  source: Source;
  error: string;
}

export const TYPING_MS = 3000;

export function createChatStore(ctx: Context) {
  const me = ctx.session.user;
  const state = writable<ChatState>({
    channels: [],
    channelId: '',
    messages: [],
    typing: {},
    presence: {},
    source: 'initial',
    error: '',
  });
  const bind = rebinder();
  let lastTypingSent = 0;

  const fail = (error: unknown) => state.update((s) => ({ ...s, error: describeError(error) }));

  function message(action: string, m: Message, source: Source): void {
    state.update((s) => {
      if (m.channelId !== s.channelId) return s;
      const others = s.messages.filter((x) => x.id !== m.id);
      const messages =
        action === 'deleted' ? others : [...others, m].sort((a, b) => stamp(a.at) - stamp(b.at));
      // A message ends its author's typing indicator.
      const typing = { ...s.typing };
      delete typing[m.userId];
      return { ...s, messages, typing, source };
    });
  }

  function reaction(r: { messageId: string; emoji: string; userId: string; added: boolean }): void {
    state.update((s) => ({
      ...s,
      source: 'stream',
      messages: s.messages.map((m) => {
        if (m.id !== r.messageId) return m;
        const users = new Set(m.reactions?.[r.emoji] ?? []);
        if (r.added) users.add(r.userId);
        else users.delete(r.userId);
        const reactions = { ...m.reactions, [r.emoji]: [...users] };
        if (!users.size) delete reactions[r.emoji];
        return { ...m, reactions };
      }),
    }));
  }

  function typing(t: { userId: string; channelId: string }): void {
    if (t.userId === me) return;
    state.update((s) =>
      t.channelId !== s.channelId
        ? s
        : { ...s, typing: { ...s.typing, [t.userId]: Date.now() + TYPING_MS } },
    );
    setTimeout(() => state.update((s) => ({ ...s })), TYPING_MS + 50); // re-render to expire it
  }

  async function load(source: Source, signal?: AbortSignal): Promise<void> {
    const id = state.get().channelId;
    if (!id) return;
    try {
      const { items } = await api<{ items: Message[] }>(
        `/api/chat/channels/${encodeURIComponent(id)}/messages`,
        { signal },
      );
      state.update((s) => (s.channelId !== id ? s : { ...s, messages: items, source, error: '' }));
    } catch (error) {
      if (!signal?.aborted) fail(error);
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
    }
  }

  function select(channelId: string): void {
    state.update((s) => ({ ...s, channelId, messages: [], typing: {} }));
    bind([legacyPoll(ctx.hub, 'chat', 5000, (signal) => load('poll', signal))]);
    load('initial').catch(() => {});
  }

  ctx.hub.subscribe<{ action: string; message: Message }>('chat.message', (e) =>
    message(e.payload.action, e.payload.message, 'stream'),
  );
  ctx.hub.subscribe('chat.reaction', (e) => reaction(e.payload as Parameters<typeof reaction>[0]));
  ctx.hub.subscribe('chat.typing', (e) =>
    typing(e.payload as { userId: string; channelId: string }),
  );
  ctx.hub.subscribe<{ userId: string; online: boolean }>('chat.presence', (e) =>
    state.update((s) => ({
      ...s,
      presence: { ...s.presence, [e.payload.userId]: e.payload.online },
    })),
  );
  // My own stream is open whenever the hub is Live.
  ctx.hub.health.subscribe((h) =>
    state.update((s) => ({ ...s, presence: { ...s.presence, [me]: h.state === 'healthy' } })),
  );

  // Who was online before this page opened (hubd's GET /api/chat/presence).
  void api<{ online: string[] }>('/api/chat/presence')
    .then(({ online }) =>
      state.update((s) => ({
        ...s,
        presence: {
          ...Object.fromEntries(
            usersOf(ctx.session.workspace).map((u) => [u.id, online.includes(u.id)]),
          ),
          ...s.presence,
        },
      })),
    )
    .catch(() => {});

  void api<{ items: { id: string; name: string }[] }>('/api/chat/channels')
    .then(({ items }) => {
      state.update((s) => ({ ...s, channels: items }));
      if (items.length) select(items[0].id);
    })
    .catch(fail);

  const channel = () => encodeURIComponent(state.get().channelId);
  return {
    state,
    select,
    async send(text: string): Promise<boolean> {
      try {
        await post(`/api/chat/channels/${channel()}/messages`, { text });
        // The message ended my typing indicator on other screens: the next keystroke says so again.
        lastTypingSent = 0;
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    react: (messageId: string, emoji: string) =>
      post(`/api/chat/messages/${encodeURIComponent(messageId)}/reactions`, { emoji }).catch(fail),
    remove: (messageId: string) =>
      api(`/api/chat/messages/${encodeURIComponent(messageId)}`, { method: 'DELETE' }).catch(fail),
    /** Tells the channel I am typing, at most every two seconds. */
    typing(): void {
      if (Date.now() - lastTypingSent < 2000 || !state.get().channelId) return;
      lastTypingSent = Date.now();
      void post(`/api/chat/channels/${channel()}/typing`).catch(() => {});
    },
  };
}

function stamp(at: string | number): number {
  return typeof at === 'number' ? at : Date.parse(at) || 0;
}

export type ChatStore = ReturnType<typeof createChatStore>;
