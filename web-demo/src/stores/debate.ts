// Seed 004: a debate's live transcript with its current phase and speaker.
import { api, describeError, post } from '../api';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, type Context } from './context';

export interface Utterance {
  debateId: string;
  index: number;
  speaker: string;
  phase: string;
  text: string;
  at: string | number;
}

export interface Intervention {
  debateId: string;
  userId: string;
  text: string;
}

export interface Debate {
  id: string;
  topic: string;
  phase: string;
  speaker: string;
  utterances: Utterance[];
  interventions: Intervention[];
  complete: boolean;
}

export interface DebateState {
  debate: Debate | null;
  source: Source;
  error: string;
}

const blank = (id: string): Debate => ({
  id,
  topic: '',
  phase: '',
  speaker: '',
  utterances: [],
  interventions: [],
  complete: false,
});

export function createDebateStore(ctx: Context, initialId: string | null) {
  const state = writable<DebateState>({
    debate: initialId ? blank(initialId) : null,
    source: 'initial',
    error: '',
  });
  // Without a chosen debate, the page follows the one most recently heard of.
  let pinned = Boolean(initialId);

  function change(debateId: string, source: Source, fn: (d: Debate) => Debate): void {
    const current = state.get().debate;
    if (!current || current.id !== debateId) {
      if (pinned && current) return;
      watch(debateId, false);
    }
    state.update((s) =>
      s.debate?.id === debateId ? { ...s, debate: fn(s.debate), source, error: '' } : s,
    );
  }

  function utterance(u: Utterance, source: Source): void {
    change(u.debateId, source, (d) => merge(d, [u]));
  }

  async function load(source: Source, signal?: AbortSignal): Promise<void> {
    const id = state.get().debate?.id;
    if (!id) return;
    try {
      const d = await api<Omit<Debate, 'interventions'> & { interventions?: Intervention[] }>(
        `/api/debates/${encodeURIComponent(id)}`,
        { signal },
      );
      state.update((s) => {
        if (s.debate?.id !== d.id) return s;
        const merged = merge(s.debate, d.utterances ?? []);
        return {
          ...s,
          debate: {
            ...merged,
            topic: d.topic,
            phase: d.phase || merged.phase,
            speaker: d.speaker || merged.speaker,
            complete: d.complete || merged.complete,
            interventions: d.interventions ?? merged.interventions,
          },
          source,
          error: '',
        };
      });
    } catch (error) {
      if (!signal?.aborted) state.update((s) => ({ ...s, error: describeError(error) }));
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
    }
  }

  /** Follows `debateId`; `pin` keeps following it whatever else starts. */
  function watch(debateId: string, pin: boolean): void {
    pinned = pin || pinned;
    if (state.get().debate?.id === debateId) return;
    state.update((s) => ({ ...s, debate: blank(debateId) }));
    load('initial').catch(() => {});
  }

  /** Without a pinned debate: the newest one still running (else the newest), from the list. */
  async function discover(signal?: AbortSignal): Promise<void> {
    if (pinned) return;
    const { items } = await api<{ items: { id: string; complete: boolean }[] }>('/api/debates', {
      signal,
    });
    const newest = [...items].sort(
      (a, b) =>
        Number(a.complete) - Number(b.complete) ||
        b.id.localeCompare(a.id, undefined, { numeric: true }),
    );
    if (newest[0]) watch(newest[0].id, false);
  }

  ctx.hub.subscribe<Utterance>('debate.utterance', (e) => utterance(e.payload, 'stream'), {
    onSnapshot: (s) => s.items.forEach((e) => utterance(e.payload, 'snapshot')),
  });
  ctx.hub.subscribe<{ debateId: string; from: string; to: string }>(
    'debate.phase_transition',
    (e) =>
      change(e.payload.debateId ?? e.resourceId, 'stream', (d) => ({ ...d, phase: e.payload.to })),
  );
  ctx.hub.subscribe<Intervention>('debate.intervention', (e) =>
    change(e.payload.debateId ?? e.resourceId, 'stream', (d) => ({
      ...d,
      interventions: [...d.interventions, e.payload],
    })),
  );
  ctx.hub.subscribe<{ debateId: string }>('debate.complete', (e) =>
    change(e.payload.debateId ?? e.resourceId, 'stream', (d) => ({ ...d, complete: true })),
  );
  legacyPoll(ctx.hub, 'debate', 5000, async (signal) => {
    await discover(signal);
    await load('poll', signal);
  });
  if (initialId) load('initial').catch(() => {});
  else discover().catch(() => {});

  return {
    state,
    watch,
    async start(topic: string): Promise<string> {
      try {
        const { id } = await post<{ id: string }>('/api/debates', { topic });
        watch(id, false);
        return '';
      } catch (error) {
        return describeError(error);
      }
    },
    async intervene(text: string): Promise<string> {
      const id = state.get().debate?.id;
      if (!id) return 'No debate selected.';
      try {
        await post(`/api/debates/${encodeURIComponent(id)}/interventions`, { text });
        return '';
      } catch (error) {
        return describeError(error);
      }
    },
  };
}

/** Adds utterances by index (a replay or a poll may repeat some); the last one names the speaker. */
function merge(d: Debate, incoming: Utterance[]): Debate {
  if (!incoming.length) return d;
  const byIndex = new Map(d.utterances.map((x) => [x.index, x]));
  for (const u of incoming) byIndex.set(u.index, u);
  const utterances = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const last = utterances[utterances.length - 1];
  return { ...d, utterances, speaker: last.speaker || d.speaker, phase: last.phase || d.phase };
}

export type DebateStore = ReturnType<typeof createDebateStore>;
