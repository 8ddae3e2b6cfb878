// Seed 003: live metrics (totals, sentiment, tags) and new items, and a configuration's own
// stream of items.
import { api, describeError, post } from '../api';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, type Context } from './context';

export interface Metrics {
  totals: number | Record<string, number>;
  sentiment: { positive: number; neutral: number; negative: number };
  tags: Record<string, number>;
}

export interface Item {
  id: string;
  title: string;
  sentiment: string;
  tags: string[];
  configId?: string;
}

export interface DashboardState {
  metrics: Metrics | null;
  metricsAt: number | null;
  metricsUpdates: number;
  items: Item[];
  source: Source;
  error: string;
}

const LIMIT = 20;

export function createDashboardStore(ctx: Context) {
  const state = writable<DashboardState>({
    metrics: null,
    metricsAt: null,
    metricsUpdates: 0,
    items: [],
    source: 'initial',
    error: '',
  });

  function metrics(m: Metrics, source: Source): void {
    state.update((s) => ({
      ...s,
      metrics: m,
      metricsAt: Date.now(),
      metricsUpdates: s.metricsUpdates + 1,
      source,
    }));
  }

  function items(incoming: Item[], source: Source): void {
    state.update((s) => {
      const known = new Set(s.items.map((i) => i.id));
      const fresh = incoming.filter((i) => i && !known.has(String(i.id)));
      if (!fresh.length) return s;
      return { ...s, items: [...fresh, ...s.items].slice(0, LIMIT), source };
    });
  }

  async function load(source: Source, signal?: AbortSignal): Promise<void> {
    try {
      const [m, list] = await Promise.all([
        api<Metrics>('/api/v2/metrics', { signal }),
        api<{ items: Item[] } | Item[]>(`/api/v2/items?limit=${LIMIT}`, { signal }),
      ]);
      metrics(m, source);
      const arr = Array.isArray(list) ? list : list.items;
      // The read is newest first; prepend oldest first so the order holds.
      items([...arr].reverse(), source);
    } catch (error) {
      if (!signal?.aborted) state.update((s) => ({ ...s, error: describeError(error) }));
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
    }
  }

  // The workspace's configurations (hubd's GET /api/v2/configurations), for the picker.
  const configurations = writable<{ id: string; name: string }[]>([]);
  void api<{ items: { id: string; name: string }[] }>('/api/v2/configurations')
    .then(({ items }) => configurations.set(items))
    .catch(() => {});

  ctx.hub.subscribe<Metrics>('dashboard.metrics', (e) => metrics(e.payload, 'stream'), {
    onSnapshot: (s) => s.items.forEach((e) => metrics(e.payload, 'snapshot')),
  });
  ctx.hub.subscribe<Item>('dashboard.new_item', (e) => items([e.payload], 'stream'), {
    onSnapshot: (s) =>
      items(
        s.items.map((e) => e.payload),
        'snapshot',
      ),
  });
  legacyPoll(ctx.hub, 'dashboard', 5000, (signal) => load('poll', signal));
  load('initial').catch(() => {});

  return {
    state,
    configurations,
    async add(item: Omit<Item, 'id'>): Promise<string> {
      try {
        await post('/api/v2/items', item);
        return '';
      } catch (error) {
        return describeError(error);
      }
    },
  };
}

export function total(m: Metrics | null): number | string {
  if (!m) return '—';
  if (typeof m.totals === 'number') return m.totals;
  if (m.totals && typeof m.totals === 'object') {
    const t = m.totals as Record<string, number>;
    return t.items ?? t.total ?? Object.values(t).reduce((a, b) => a + (Number(b) || 0), 0);
  }
  return '—';
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
