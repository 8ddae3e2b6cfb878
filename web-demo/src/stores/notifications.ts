// Seed 002: the signed-in user's notifications: bell count, urgent toasts, grouping, an
// optional sound, and mark-as-read that shows at once and reverts if the server refuses.
import { api, describeError, post } from '../api';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, type Context } from './context';

export interface Notification {
  id: string;
  userId: string;
  type: string;
  title: string;
  body?: string;
  urgent?: boolean;
  groupKey?: string;
  read: boolean;
  at: string | number;
}

export interface NotificationGroup {
  key: string;
  label: string;
  items: Notification[];
  unread: number;
}

export interface NotificationsState {
  items: Notification[];
  /** Marked read here, not yet confirmed by the server. */
  pending: string[];
  error: string;
  source: Source;
}

export interface Toast {
  id: string;
  title: string;
  body: string;
}

export const TOAST_MS = 5000;

export function createNotificationsStore(ctx: Context) {
  const me = ctx.session.user;
  const state = writable<NotificationsState>({
    items: [],
    pending: [],
    error: '',
    source: 'initial',
  });
  const toasts = writable<Toast[]>([]);
  const sound = createSound();

  function upsert(incoming: Notification[], source: Source, announce: boolean): void {
    const mine = incoming.filter((n) => n && (!n.userId || n.userId === me));
    if (!mine.length) return;
    state.update((s) => {
      const byId = new Map(s.items.map((n) => [n.id, n]));
      for (const n of mine) {
        const isNew = !byId.has(n.id);
        // An optimistic read stays read until the server answers.
        const read = s.pending.includes(n.id) ? true : n.read;
        byId.set(n.id, { ...byId.get(n.id), ...n, read });
        if (isNew && announce) arrived(n);
      }
      const items = [...byId.values()].sort((a, b) => stamp(b.at) - stamp(a.at));
      return { ...s, items, source };
    });
  }

  function arrived(n: Notification): void {
    if (n.read) return;
    if (isUrgent(n)) showToast(n);
    sound.play();
  }

  function showToast(n: Notification): void {
    toasts.update((t) => [
      ...t.filter((x) => x.id !== n.id),
      { id: n.id, title: n.title, body: n.body ?? '' },
    ]);
    setTimeout(() => dismissToast(n.id), TOAST_MS);
  }

  function dismissToast(id: string): void {
    toasts.update((t) => t.filter((x) => x.id !== id));
  }

  function setRead(ids: string[], read: boolean): void {
    state.update((s) => ({
      ...s,
      items: s.items.map((n) => (ids.includes(n.id) ? { ...n, read } : n)),
    }));
  }

  async function load(source: Source, signal?: AbortSignal): Promise<void> {
    try {
      const { items } = await api<{ items: Notification[] }>('/api/notifications', { signal });
      upsert(items, source, source === 'poll');
    } catch (error) {
      if (!signal?.aborted) state.update((s) => ({ ...s, error: describeError(error) }));
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
    }
  }

  async function markRead(ids: string[]): Promise<void> {
    const targets = ids.filter((id) => state.get().items.some((n) => n.id === id && !n.read));
    if (!targets.length) return;
    state.update((s) => ({ ...s, pending: [...s.pending, ...targets], error: '' }));
    setRead(targets, true);
    const failed: string[] = [];
    let message = '';
    await Promise.all(
      targets.map(async (id) => {
        try {
          await post(`/api/notifications/${encodeURIComponent(id)}/read`);
        } catch (error) {
          failed.push(id);
          message = describeError(error);
        }
      }),
    );
    state.update((s) => ({ ...s, pending: s.pending.filter((id) => !targets.includes(id)) }));
    if (failed.length) {
      setRead(failed, false);
      state.update((s) => ({ ...s, error: `Could not mark as read (${message}); restored.` }));
    }
  }

  ctx.hub.subscribe<Notification>(
    'notification.created',
    (e) => upsert([e.payload], 'stream', true),
    {
      onSnapshot: (s) =>
        upsert(
          s.items.map((e) => e.payload),
          'snapshot',
          false,
        ),
    },
  );
  ctx.hub.subscribe<{ id: string; userId: string }>('notification.read', (e) => {
    if (e.payload.userId && e.payload.userId !== me) return;
    setRead([e.payload.id], true);
  });
  legacyPoll(ctx.hub, 'notifications', 5000, (signal) => load('poll', signal));
  load('initial').catch(() => {});

  return {
    state,
    toasts,
    sound,
    markRead,
    dismissToast,
    async create(n: Partial<Notification>, as?: string): Promise<string> {
      try {
        await post('/api/notifications', n, as);
        return '';
      } catch (error) {
        return describeError(error);
      }
    },
  };
}

export function isUrgent(n: Notification): boolean {
  return n.urgent === true || n.type === 'urgent';
}

export function unreadCount(items: readonly Notification[]): number {
  return items.filter((n) => !n.read).length;
}

/** Similar notifications (same groupKey, else same type) become one row with a count. */
export function groupNotifications(items: readonly Notification[]): NotificationGroup[] {
  const groups = new Map<string, Notification[]>();
  for (const n of items) {
    const key = n.groupKey || `${n.type}:${n.id}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups.entries()].map(([key, list]) => ({
    key,
    items: list,
    unread: unreadCount(list),
    label: list.length > 1 ? groupLabel(list) : list[0].title,
  }));
}

function groupLabel(list: Notification[]): string {
  const n = list.length;
  const kind = `${list[0].type} ${list[0].groupKey ?? ''} ${list[0].title}`.toLowerCase();
  if (/task|assign/.test(kind)) return `${n} tasks assigned to you`;
  if (/mention/.test(kind)) return `${n} mentions of you`;
  if (/comment/.test(kind)) return `${n} new comments`;
  if (/review/.test(kind)) return `${n} reviews requested`;
  return `${n} × ${list[0].title}`;
}

function stamp(at: string | number): number {
  return typeof at === 'number' ? at : Date.parse(at) || 0;
}

/**
 * A short beep through Web Audio. Browsers only let audio start after a user gesture, so the
 * context is created when the person turns sound on (a click), and never before.
 */
function createSound() {
  let context: AudioContext | null = null;
  const enabled = writable(false);
  return {
    enabled,
    async setEnabled(on: boolean): Promise<void> {
      if (on && !context) context = new AudioContext();
      if (on) await context!.resume().catch(() => {});
      enabled.set(on);
    },
    play(): void {
      if (!enabled.get() || !context || context.state !== 'running') return;
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, context.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + 0.25);
      osc.connect(gain).connect(context.destination);
      osc.start();
      osc.stop(context.currentTime + 0.25);
    },
  };
}

export type NotificationsStore = ReturnType<typeof createNotificationsStore>;
