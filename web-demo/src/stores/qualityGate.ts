// Seed 000 US2: a document's quality gate run, stage by stage, then the summary.
import { ApiError, api, describeError, post } from '../api';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, rebinder, type Context } from './context';

export interface Progress {
  runId: string;
  documentId: string;
  stage: string;
  stageIndex: number;
  stageCount: number;
  status: 'running' | 'passed' | 'failed' | string;
  percent: number;
}

export interface Summary {
  runId: string;
  documentId: string;
  passed: boolean;
  blockers: { stage: string; message: string }[];
}

export interface GateState {
  documentId: string;
  runId: string;
  stages: Progress[];
  summary: Summary | null;
  source: Source;
  error: string;
  starting: boolean;
}

const empty = (documentId: string): GateState => ({
  documentId,
  runId: '',
  stages: [],
  summary: null,
  source: 'initial',
  error: '',
  starting: false,
});

export function createQualityGateStore(ctx: Context, initialDocument: string) {
  const state = writable<GateState>(empty(initialDocument));
  const bind = rebinder();

  function progress(p: Progress, source: Source): void {
    state.update((s) => {
      if (p.documentId && p.documentId !== s.documentId) return s;
      // A new run replaces the old one's stages.
      const fresh = p.runId !== s.runId;
      const stages = fresh ? [] : [...s.stages];
      stages[p.stageIndex] = p;
      return {
        ...s,
        runId: p.runId,
        stages,
        summary: fresh ? null : s.summary,
        source,
        error: '',
      };
    });
  }

  function summary(sum: Summary, source: Source): void {
    state.update((s) => {
      if (sum.documentId && sum.documentId !== s.documentId) return s;
      const fresh = sum.runId !== s.runId;
      return { ...s, runId: sum.runId, stages: fresh ? [] : s.stages, summary: sum, source };
    });
  }

  async function load(source: Source, signal?: AbortSignal): Promise<void> {
    const id = encodeURIComponent(state.get().documentId);
    try {
      const latest = await api<{ runId: string; stages: Progress[]; summary: Summary | null }>(
        `/api/documents/${id}/quality-gate/latest`,
        { signal },
      );
      latest.stages.forEach((p) => p && progress({ ...p, runId: latest.runId }, source));
      if (latest.summary) summary(latest.summary, source);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return; // no run yet
      if (!signal?.aborted) state.update((s) => ({ ...s, error: describeError(error) }));
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
    }
  }

  function select(documentId: string): void {
    state.set(empty(documentId));
    bind([
      ctx.hub.subscribe<Progress>('quality-gate.progress', (e) => progress(e.payload, 'stream'), {
        resourceId: documentId,
        onSnapshot: (s) => s.items.forEach((e) => progress(e.payload, 'snapshot')),
      }),
      ctx.hub.subscribe<Summary>('quality-gate.summary', (e) => summary(e.payload, 'stream'), {
        resourceId: documentId,
        onSnapshot: (s) => s.items.forEach((e) => summary(e.payload, 'snapshot')),
      }),
      // The editor's legacy cadence was 200 ms; a second is plenty for a fallback.
      legacyPoll(ctx.hub, 'quality-gate', 1000, (signal) => load('poll', signal)),
    ]);
    load('initial').catch(() => {});
  }

  async function start(): Promise<void> {
    const id = encodeURIComponent(state.get().documentId);
    state.update((s) => ({ ...s, starting: true, error: '' }));
    try {
      const { runId } = await post<{ runId: string }>(`/api/documents/${id}/quality-gate`);
      state.update((s) =>
        s.runId === runId
          ? { ...s, starting: false }
          : { ...s, runId, stages: [], summary: null, starting: false },
      );
    } catch (error) {
      state.update((s) => ({ ...s, starting: false, error: describeError(error) }));
    }
  }

  select(initialDocument);
  return { state, select, start };
}

export type QualityGateStore = ReturnType<typeof createQualityGateStore>;
