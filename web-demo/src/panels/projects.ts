// Seed 000: the Project page (US1), the editor's quality gate (US2) and section conflicts (US3).
import { field, h, panel, render, time } from '../dom';
import { projectsOf, userName, usersOf, type Session } from '../session';
import type { ProjectStore } from '../stores/project';
import type { QualityGateStore } from '../stores/qualityGate';
import type { SectionsStore } from '../stores/sections';

const sourceText: Record<string, string> = {
  initial: 'first load',
  stream: 'live event',
  snapshot: 'hub snapshot',
  poll: 'polling',
  action: 'own request',
};

export function sourceBadge(source: string, testid: string): HTMLElement {
  return h(
    'span',
    { class: `source src-${source}`, testid, 'data-source': source },
    `via ${sourceText[source] ?? source}`,
  );
}

function actorSelect(
  session: Session,
  id: string,
  testid: string,
  prefer: string[],
): HTMLSelectElement {
  const mates = usersOf(session.workspace);
  const pick =
    prefer.find((u) => u !== session.user && mates.some((m) => m.id === u)) ??
    mates.find((m) => m.id !== session.user)?.id ??
    session.user;
  return h(
    'select',
    { id, testid },
    mates.map((u) =>
      h(
        'option',
        { value: u.id, selected: u.id === pick },
        u.id === session.user ? `${u.name} (me)` : u.name,
      ),
    ),
  );
}

export function mountProject(
  store: ProjectStore,
  session: Session,
  testMode: boolean,
): HTMLElement {
  const projects = projectsOf(session.workspace);
  const picker = h(
    'select',
    { id: 'project-select', testid: 'project-select' },
    projects.map((p) =>
      h('option', { value: p.id, selected: p.id === store.state.get().projectId }, p.name),
    ),
  );
  picker.addEventListener('change', () => store.select(picker.value));

  const actor = actorSelect(session, 'project-actor', 'project-actor', ['bob', 'alice']);
  if (!testMode) actor.disabled = true;
  const status = h('input', {
    id: 'project-status-input',
    testid: 'project-status-input',
    value: 'on-track',
    size: '12',
  });
  const as = () => (testMode && actor.value !== session.user ? actor.value : undefined);
  const buttons = h(
    'div',
    { class: 'row' },
    h(
      'button',
      { type: 'button', testid: 'project-archive', onclick: () => store.act('archive', as()) },
      'Archive',
    ),
    h(
      'button',
      { type: 'button', testid: 'project-restore', onclick: () => store.act('restore', as()) },
      'Restore',
    ),
    field('Status', status),
    h(
      'button',
      {
        type: 'button',
        testid: 'project-set-status',
        onclick: () => store.act('status', as(), status.value),
      },
      'Set status',
    ),
  );

  const view = h('div', { class: 'project-view', 'aria-live': 'polite' });
  store.state.subscribe((s) => {
    const p = s.project;
    view.dataset.state = p?.state ?? '';
    render(
      view,
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Project'),
        h('dd', { testid: 'project-name' }, p?.name ?? s.projectId),
        h('dt', null, 'State'),
        h(
          'dd',
          null,
          h(
            'span',
            { class: `pill state-${p?.state ?? 'unknown'}`, testid: 'project-state' },
            p?.state ?? '…',
          ),
        ),
        h('dt', null, 'Status'),
        h('dd', { testid: 'project-status' }, p?.status ?? '…'),
        h('dt', null, 'Version'),
        h('dd', { testid: 'project-version' }, p?.version ?? '…'),
        h('dt', null, 'Changed by'),
        h(
          'dd',
          { testid: 'project-updated-by' },
          p ? `${userName(p.updatedBy)} at ${time(p.updatedAt)}` : '…',
        ),
        h('dt', null, 'Last update'),
        h('dd', null, sourceBadge(s.source, 'project-source'), ' ', time(s.receivedAt)),
      ),
      s.error ? h('p', { class: 'error', role: 'alert', testid: 'project-error' }, s.error) : null,
    );
  });

  return panel(
    'project',
    'Project',
    'Seed 000 US1: lifecycle changes by anyone reach this page within 2 s, without polling while Live.',
    h('div', { class: 'row' }, field('Project', picker)),
    view,
    h(
      'fieldset',
      null,
      h('legend', null, 'Act as another user'),
      h('div', { class: 'row' }, field('Acting user', actor)),
      testMode
        ? null
        : h(
            'p',
            { class: 'muted' },
            'Acting as someone else needs hubd --test-mode (tokens); actions run as you.',
          ),
      buttons,
    ),
  );
}

export function mountQualityGate(store: QualityGateStore, session: Session): HTMLElement {
  const docs = projectsOf(session.workspace).flatMap((p) =>
    p.documents.map((d) => ({ ...d, project: p.name })),
  );
  const picker = h(
    'select',
    { id: 'qg-document', testid: 'qg-document' },
    docs.map((d) =>
      h(
        'option',
        { value: d.id, selected: d.id === store.state.get().documentId },
        `${d.project}: ${d.name}`,
      ),
    ),
  );
  picker.addEventListener('change', () => store.select(picker.value));
  const start = h(
    'button',
    { type: 'button', class: 'primary', testid: 'qg-start', onclick: () => store.start() },
    'Run quality gate',
  );

  const view = h('div', { class: 'qg-view' });
  store.state.subscribe((s) => {
    start.disabled = s.starting;
    const done = Boolean(s.summary);
    const status = done ? (s.summary!.passed ? 'passed' : 'failed') : s.runId ? 'running' : 'idle';
    render(
      view,
      h(
        'p',
        null,
        'Run ',
        h('code', { testid: 'qg-run' }, s.runId || '—'),
        ': ',
        h(
          'span',
          { class: `pill qg-${status}`, testid: 'qg-status', 'data-status': status },
          status,
        ),
        ' ',
        s.runId ? sourceBadge(s.source, 'qg-source') : null,
      ),
      s.runId
        ? h(
            'p',
            { class: 'overall' },
            h('label', { for: 'qg-progress' }, 'Overall '),
            h('progress', {
              id: 'qg-progress',
              testid: 'qg-progress',
              max: '100',
              value: String(overall(s)),
            }),
            ` ${overall(s)}%`,
          )
        : null,
      h(
        'ol',
        { class: 'stages', testid: 'qg-stages' },
        s.stages.filter(Boolean).map((p) =>
          h(
            'li',
            { testid: 'qg-stage', 'data-stage': p.stage, 'data-status': p.status },
            h('span', { class: 'stage-name' }, p.stage),
            // A finished stage is full; a running one has no known fraction of its own.
            p.status === 'running'
              ? h('progress', { max: '100', 'aria-label': `${p.stage} running` })
              : h('progress', { max: '100', value: '100', 'aria-label': `${p.stage} ${p.status}` }),
            h('span', { class: `pill qg-${p.status}` }, p.status),
          ),
        ),
      ),
      s.summary
        ? h(
            'div',
            {
              class: `summary ${s.summary.passed ? 'ok' : 'bad'}`,
              testid: 'qg-summary',
              role: 'status',
              'data-passed': String(s.summary.passed),
            },
            h('strong', null, s.summary.passed ? 'Quality gate passed' : 'Quality gate failed'),
            s.summary.blockers.length
              ? h(
                  'ul',
                  null,
                  s.summary.blockers.map((b) =>
                    h('li', { testid: 'qg-blocker' }, h('b', null, b.stage), ': ', b.message),
                  ),
                )
              : h('p', null, 'No blockers.'),
          )
        : null,
      s.error ? h('p', { class: 'error', role: 'alert', testid: 'qg-error' }, s.error) : null,
    );
  });

  return panel(
    'editor',
    'Editor: quality gate',
    'Seed 000 US2: progress per stage and the final summary, pushed by the hub.',
    h('div', { class: 'row' }, field('Document', picker), start),
    view,
  );
}

/** The run's overall percent: the furthest stage's, or 100 once summarized. */
function overall(s: { stages: { percent: number }[]; summary: unknown }): number {
  if (s.summary) return 100;
  return Math.max(0, ...s.stages.filter(Boolean).map((p) => Number(p.percent) || 0));
}

export function mountSections(
  store: SectionsStore,
  session: Session,
  testMode: boolean,
): HTMLElement {
  const sections = projectsOf(session.workspace).flatMap((p) =>
    p.documents.flatMap((d) => d.sections.map((s) => ({ id: s.id, label: `${d.name} › ${s.id}` }))),
  );
  const first = sections[0]?.id ?? '';
  const picker = h(
    'select',
    { id: 'section-select', testid: 'section-select' },
    sections.map((s) => h('option', { value: s.id }, s.label)),
  );
  const peer = actorSelect(session, 'section-peer', 'section-peer', ['carol', 'bob', 'alice']);
  if (!testMode) peer.disabled = true;
  const reselect = () => store.select(picker.value, testMode ? peer.value : session.user);
  picker.addEventListener('change', reselect);
  peer.addEventListener('change', reselect);

  const editor = (who: 'me' | 'peer', title: string) => {
    const text = h('textarea', {
      id: `section-text-${who}`,
      testid: `section-text-${who}`,
      rows: '5',
    });
    text.addEventListener('input', () => store.edit(who, text.value));
    const meta = h('p', { class: 'muted', testid: `section-base-${who}` });
    const msg = h('p', { class: 'note', role: 'status', testid: `section-message-${who}` });
    const save = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        testid: `section-save-${who}`,
        onclick: () => store.save(who),
      },
      'Save',
    );
    store.drafts.subscribe((d) => {
      const draft = d[who];
      if (text.value !== draft.content) text.value = draft.content;
      meta.textContent = `${userName(draft.user)} · editing from version ${draft.baseVersion}`;
      msg.textContent = draft.message;
      save.disabled = draft.saving;
    });
    return h(
      'div',
      { class: 'editor' },
      h('h3', null, h('label', { for: `section-text-${who}` }, title)),
      meta,
      text,
      h(
        'div',
        { class: 'row' },
        save,
        h(
          'button',
          { type: 'button', testid: `section-reload-${who}`, onclick: () => store.reload(who) },
          'Reload',
        ),
      ),
      msg,
    );
  };

  const current = h('p', { class: 'muted', testid: 'section-current' });
  const warning = h('div', { class: 'conflict-slot' });
  store.state.subscribe((s) => {
    current.textContent = s.section
      ? `Saved: version ${s.section.version} by ${userName(s.section.updatedBy)} at ${time(s.section.updatedAt)}`
      : s.error || 'Loading…';
    const c = s.conflict;
    if (!c) return render(warning);
    const mine = c.attemptedBy === session.user;
    render(
      warning,
      h(
        'div',
        {
          class: 'conflict',
          role: 'alert',
          testid: 'section-conflict',
          'data-section': c.sectionId,
        },
        h('strong', null, '⚠ Edit conflict'),
        h(
          'p',
          null,
          mine ? 'Your save' : `${userName(c.attemptedBy ?? 'someone')}’s save`,
          ` of ${c.sectionId} from version ${c.baseVersion} conflicts with version ${c.latestVersion}`,
          c.latestBy ? ` by ${userName(c.latestBy)}` : '',
          '. ',
          sourceBadge(c.source, 'section-conflict-source'),
        ),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            { type: 'button', testid: 'section-take-latest', onclick: () => store.takeLatest() },
            'Use latest in my editor',
          ),
          h(
            'button',
            { type: 'button', testid: 'section-dismiss', onclick: () => store.dismiss() },
            'Dismiss',
          ),
        ),
      ),
      h(
        'details',
        { class: 'diff', open: true, testid: 'section-diff' },
        h('summary', null, `Diff viewer: version ${c.baseVersion} → ${c.latestVersion}`),
        c.diff !== undefined
          ? h(
              'pre',
              { class: 'diff-body', testid: 'section-diff-body' },
              c.diff.split('\n').map((line) =>
                h(
                  'span',
                  {
                    class: line.startsWith('+')
                      ? 'add'
                      : line.startsWith('-')
                        ? 'del'
                        : line.startsWith('@')
                          ? 'hunk'
                          : '',
                  },
                  line + '\n',
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'Waiting for the diff…'),
        h('h4', null, 'Latest content'),
        h('pre', { class: 'latest', testid: 'section-latest' }, c.latestContent ?? '…'),
      ),
    );
  });

  store.select(first, testMode ? peer.value : session.user);
  return panel(
    'sections',
    'Sections: two collaborators',
    'Seed 000 US3: a save from a stale version warns every collaborator within 2 s and opens the diff.',
    h('div', { class: 'row' }, field('Section', picker), field('Collaborator', peer)),
    current,
    h(
      'div',
      { class: 'editors' },
      editor('me', 'My draft'),
      editor('peer', 'Collaborator’s draft'),
    ),
    h(
      'p',
      { class: 'muted' },
      'Try it: change both drafts, save the collaborator’s, then save yours.',
    ),
    warning,
  );
}
