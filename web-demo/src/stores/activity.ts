// Seed 002: the workspace's activity feed with its "N new activities" badge.
import { api, describeError, post } from '../api';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, type Context } from './context';

export interface Activity {
  id: string;
  type: string;
  actor: string;
  message: string;
  at: string | number;
}

export interface ActivityState {
  items: Activity[];
  /** Arrived since the person last looked at the feed. */
  unseen: number;
  source: Source;
  error: string;
  loaded: boolean;
}

const LIMIT = 50;

export function createActivityStore(ctx: Context) {
  const state = writable<ActivityState>({
    items: [],
    unseen: 0,
    source: 'initial',
    error: '',
    loaded: false,
  });

  function add(incoming: Activity[], source: Source): void {
    state.update((s) => {
      const known = new Set(s.items.map((a) => a.id));
      const fresh = incoming.filter((a) => a && !known.has(a.id));
      if (!fresh.length) return s.loaded ? s : { ...s, loaded: source !== 'stream' || s.loaded };
      const items = [...fresh, ...s.items]
        .sort((a, b) => stamp(b.at) - stamp(a.at))
        .slice(0, LIMIT);
      // The first load is what was there already, not news.
      const unseen = s.loaded ? s.unseen + fresh.length : s.unseen;
      return { ...s, items, unseen, source, error: '', loaded: s.loaded || source !== 'stream' };
    });
  }

  async function load(source: Source, signal?: AbortSignal): Promise<void> {
    try {
      const { items } = await api<{ items: Activity[] }>(`/api/activity?limit=${LIMIT}`, {
        signal,
      });
      add(items, source);
    } catch (error) {
      if (!signal?.aborted)
        state.update((s) => ({ ...s, error: describeError(error), loaded: true }));
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
    }
  }

  ctx.hub.subscribe<Activity>('activity.created', (e) => add([e.payload], 'stream'), {
    onSnapshot: (s) =>
      add(
        s.items.map((e) => e.payload),
        'snapshot',
      ),
  });
  legacyPoll(ctx.hub, 'activity', 5000, (signal) => load('poll', signal));
  load('initial').catch(() => {});

  return {
    state,
    markSeen: () => state.update((s) => (s.unseen ? { ...s, unseen: 0 } : s)),
    async create(type: string, message: string, as?: string): Promise<string> {
      try {
        await post('/api/activity', { type, message }, as);
        return '';
      } catch (error) {
        return describeError(error);
      }
    },
  };
}

function stamp(at: string | number): number {
  return typeof at === 'number' ? at : Date.parse(at) || 0;
}

export type ActivityStore = ReturnType<typeof createActivityStore>;
