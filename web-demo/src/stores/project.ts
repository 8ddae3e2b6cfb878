// Seed 000 US1: a project's lifecycle (archive, restore, status), pushed as project.lifecycle.
import { api, describeError, post } from '../api';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, rebinder, type Context } from './context';

export interface Project {
  id: string;
  name: string;
  state: 'active' | 'archived' | string;
  status: string;
  version: number;
  updatedAt: string | number;
  updatedBy: string;
}

export interface ProjectState {
  projectId: string;
  project: Project | null;
  source: Source;
  receivedAt: number | null;
  error: string;
}

export function createProjectStore(ctx: Context, initialId: string) {
  const state = writable<ProjectState>({
    projectId: initialId,
    project: null,
    source: 'initial',
    receivedAt: null,
    error: '',
  });
  const bind = rebinder();

  function apply(project: Project, source: Source): void {
    const current = state.get();
    if (project.id !== current.projectId) return;
    // A read that raced with a newer event must not take the page back in time.
    const older = current.project && project.version < current.project.version;
    if (older && (source === 'poll' || source === 'initial')) return;
    state.set({ ...current, project, source, receivedAt: Date.now(), error: '' });
  }

  async function load(source: Source, signal?: AbortSignal): Promise<void> {
    const id = state.get().projectId;
    try {
      apply(await api<Project>(`/api/projects/${encodeURIComponent(id)}`, { signal }), source);
    } catch (error) {
      if (!signal?.aborted) state.update((s) => ({ ...s, error: describeError(error) }));
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
    }
  }

  function select(projectId: string): void {
    state.set({ projectId, project: null, source: 'initial', receivedAt: null, error: '' });
    bind([
      ctx.hub.subscribe<Project>('project.lifecycle', (e) => apply(e.payload, 'stream'), {
        resourceId: projectId,
        onSnapshot: (s) => s.items.forEach((e) => apply(e.payload, 'snapshot')),
      }),
      legacyPoll(ctx.hub, 'project', 5000, (signal) => load('poll', signal)),
    ]);
    load('initial').catch(() => {});
  }

  /** A lifecycle action, performed as `as` (another user) or as the signed-in user. */
  async function act(action: 'archive' | 'restore' | 'status', as?: string, status?: string) {
    const id = encodeURIComponent(state.get().projectId);
    try {
      const body = action === 'status' ? { status } : {};
      await post(`/api/projects/${id}/${action}`, body, as);
      state.update((s) => ({ ...s, error: '' }));
    } catch (error) {
      state.update((s) => ({ ...s, error: describeError(error) }));
    }
  }

  select(initialId);
  return { state, select, act };
}

export type ProjectStore = ReturnType<typeof createProjectStore>;
