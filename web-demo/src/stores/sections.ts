// Seed 000 US3: two collaborators on one section. A save from a stale base is refused (409)
// and the hub tells every collaborator at once: section.conflict, then section.diff.
import { ApiError, api, describeError } from '../api';
import { lineDiff } from '../diff';
import { writable, type Source } from '../store';
import { forbidden, legacyPoll, rebinder, type Context } from './context';

export interface Section {
  id: string;
  documentId: string;
  content: string;
  version: number;
  updatedAt: string | number;
  updatedBy: string;
}

export interface ConflictPayload {
  sectionId: string;
  attemptedBy: string;
  baseVersion: number;
  latestVersion: number;
  latestBy: string;
}

export interface DiffPayload {
  sectionId: string;
  baseVersion: number;
  latestVersion: number;
  diff: string;
  latestContent: string;
}

/** One conflict as the UI shows it: the warning and, once it arrives, the diff. */
export interface Conflict extends Partial<DiffPayload> {
  key: string;
  sectionId: string;
  attemptedBy?: string;
  baseVersion: number;
  latestVersion: number;
  latestBy?: string;
  receivedAt: number;
  source: Source;
}

/** One collaborator's editor: the text being edited and the version it started from. */
export interface Draft {
  user: string;
  content: string;
  baseVersion: number;
  saving: boolean;
  message: string;
}

export interface SectionsState {
  sectionId: string;
  section: Section | null;
  source: Source;
  conflict: Conflict | null;
  error: string;
}

const keyOf = (p: { sectionId: string; baseVersion: number; latestVersion: number }) =>
  `${p.sectionId}@${p.baseVersion}->${p.latestVersion}`;

export function createSectionsStore(ctx: Context, initialSection: string) {
  const state = writable<SectionsState>({
    sectionId: initialSection,
    section: null,
    source: 'initial',
    conflict: null,
    error: '',
  });
  const drafts = writable<Record<'me' | 'peer', Draft>>({
    me: { user: ctx.session.user, content: '', baseVersion: 0, saving: false, message: '' },
    peer: { user: '', content: '', baseVersion: 0, saving: false, message: '' },
  });
  const bind = rebinder();

  function conflict(
    part: ConflictPayload | DiffPayload | (ConflictPayload & Partial<DiffPayload>),
    source: Source,
  ): void {
    const key = keyOf(part);
    state.update((s) => {
      const same = s.conflict?.key === key ? s.conflict : null;
      const merged: Conflict = {
        ...(same ?? { receivedAt: Date.now(), source }),
        ...part,
        key,
      } as Conflict;
      return { ...s, conflict: merged };
    });
  }

  function applySection(section: Section, source: Source): void {
    state.update((s) => {
      if (section.id !== s.sectionId) return s;
      if (s.section && section.version < s.section.version) return s;
      return { ...s, section, source, error: '' };
    });
  }

  async function load(source: Source, signal?: AbortSignal): Promise<Section | null> {
    try {
      const section = await api<Section>(
        `/api/sections/${encodeURIComponent(state.get().sectionId)}`,
        { signal },
      );
      applySection(section, source);
      return section;
    } catch (error) {
      if (!signal?.aborted) state.update((s) => ({ ...s, error: describeError(error) }));
      if (forbidden(error)) throw error; // the fallback stops polling what it may not read
      return null;
    }
  }

  /** (Re)loads a collaborator's editor from the section as it is now. */
  async function reload(who: 'me' | 'peer'): Promise<void> {
    const section = await load('action').catch(() => null);
    if (!section) return;
    drafts.update((d) => ({
      ...d,
      [who]: { ...d[who], content: section.content, baseVersion: section.version, message: '' },
    }));
  }

  function edit(who: 'me' | 'peer', content: string): void {
    drafts.update((d) => ({ ...d, [who]: { ...d[who], content } }));
  }

  async function save(who: 'me' | 'peer'): Promise<void> {
    const draft = drafts.get()[who];
    const set = (patch: Partial<Draft>) =>
      drafts.update((d) => ({ ...d, [who]: { ...d[who], ...patch } }));
    set({ saving: true, message: '' });
    try {
      const { version } = await api<{ version: number }>(
        `/api/sections/${encodeURIComponent(state.get().sectionId)}`,
        {
          method: 'PUT',
          body: { content: draft.content, baseVersion: draft.baseVersion },
          as: who === 'peer' ? draft.user : undefined,
        },
      );
      set({ saving: false, baseVersion: version, message: `Saved as version ${version}.` });
      load('action').catch(() => {});
    } catch (error) {
      // The warning itself comes through the hub (every collaborator gets it); the 409 body
      // only tells this editor what the latest version is.
      const latest =
        error instanceof ApiError && error.status === 409
          ? (error.body as { latest?: Section }).latest
          : undefined;
      if (latest) applySection(latest, 'action');
      set({
        saving: false,
        message: latest
          ? `Conflict: version ${latest.version} by ${latest.updatedBy} is newer.`
          : describeError(error),
      });
      // Without the stream nobody pushes the warning: show it from the response instead.
      if (latest && ctx.hub.isPolling) {
        conflict(
          {
            sectionId: latest.id,
            attemptedBy: draft.user,
            baseVersion: draft.baseVersion,
            latestVersion: latest.version,
            latestBy: latest.updatedBy,
            latestContent: latest.content,
            diff: lineDiff(
              latest.content,
              draft.content,
              `${latest.id}@v${latest.version} (latest)`,
              `${latest.id}@v${draft.baseVersion}+${draft.user} (attempted)`,
            ),
          },
          'action',
        );
      }
    }
  }

  /** Takes the latest content into my editor (after reading the diff). */
  function takeLatest(): void {
    const c = state.get().conflict;
    if (!c || c.latestContent === undefined) return void reload('me');
    drafts.update((d) => ({
      ...d,
      me: {
        ...d.me,
        content: c.latestContent!,
        baseVersion: c.latestVersion,
        message: 'Took the latest version.',
      },
    }));
  }

  function dismiss(): void {
    state.update((s) => ({ ...s, conflict: null }));
  }

  function select(sectionId: string, peer: string): void {
    state.set({ sectionId, section: null, source: 'initial', conflict: null, error: '' });
    drafts.update((d) => ({
      me: { ...d.me, message: '' },
      peer: { ...d.peer, user: peer, message: '' },
    }));
    bind([
      // Conflicts on any section reach every collaborator of the workspace.
      ctx.hub.subscribe<ConflictPayload>('section.conflict', (e) => conflict(e.payload, 'stream')),
      ctx.hub.subscribe<DiffPayload>('section.diff', (e) => conflict(e.payload, 'stream')),
      legacyPoll(ctx.hub, 'section', 5000, (signal) => load('poll', signal)),
    ]);
    void Promise.all([reload('me'), reload('peer')]);
  }

  return { state, drafts, select, reload, edit, save, takeLatest, dismiss };
}

export type SectionsStore = ReturnType<typeof createSectionsStore>;
