// Seed 004: a debate's live transcript, its phase and the current speaker.
import { field, h, panel, render, time } from '../dom';
import type { DebateStore } from '../stores/debate';
import { sourceBadge } from './projects';

export function mountDebate(store: DebateStore): HTMLElement {
  const topic = h('input', {
    id: 'debate-topic',
    testid: 'debate-topic',
    value: 'Should cities ban cars downtown?',
  });
  const startMsg = h('span', { class: 'error', role: 'alert', testid: 'debate-error' });
  const start = h(
    'form',
    { class: 'row', testid: 'debate-form' },
    field('Topic', topic),
    h('button', { type: 'submit', class: 'primary', testid: 'debate-start' }, 'Start debate'),
    startMsg,
  );
  start.addEventListener('submit', async (e) => {
    e.preventDefault();
    startMsg.textContent = await store.start(topic.value);
  });

  const watchId = h('input', { id: 'debate-id', testid: 'debate-id', size: '14' });
  const watch = h(
    'form',
    { class: 'row' },
    field('Debate id', watchId),
    h('button', { type: 'submit', testid: 'debate-watch' }, 'Watch'),
  );
  watch.addEventListener('submit', (e) => {
    e.preventDefault();
    if (watchId.value.trim()) store.watch(watchId.value.trim(), true);
  });

  const head = h('div', { class: 'debate-head', 'aria-live': 'polite' });
  const transcript = h('ol', {
    class: 'transcript',
    testid: 'debate-transcript',
    'aria-label': 'Transcript',
  });
  const intervention = h('input', {
    id: 'debate-intervention',
    testid: 'debate-intervention',
    value: 'What about delivery vans?',
  });
  const intervene = h(
    'form',
    { class: 'row' },
    field('Your question', intervention),
    h('button', { type: 'submit', testid: 'debate-intervene' }, 'Intervene'),
  );
  intervene.addEventListener('submit', async (e) => {
    e.preventDefault();
    startMsg.textContent = await store.intervene(intervention.value);
  });

  store.state.subscribe((s) => {
    const d = s.debate;
    if (d && document.activeElement !== watchId) watchId.value = d.id;
    render(
      head,
      d
        ? h(
            'dl',
            { class: 'facts' },
            h('dt', null, 'Debate'),
            h('dd', { testid: 'debate-current', 'data-id': d.id }, d.topic || d.id),
            h('dt', null, 'Phase'),
            h('dd', null, h('span', { class: 'pill', testid: 'debate-phase' }, d.phase || '—')),
            h('dt', null, 'Speaker'),
            h('dd', null, h('b', { testid: 'debate-speaker' }, d.speaker || '—')),
            h('dt', null, 'State'),
            h(
              'dd',
              { testid: 'debate-complete', 'data-complete': String(d.complete) },
              d.complete ? 'Complete' : 'In progress',
              ' ',
              sourceBadge(s.source, 'debate-source'),
            ),
          )
        : h(
            'p',
            { class: 'muted' },
            'No debate yet: start one, or open this page with ?debate=<id>.',
          ),
    );
    render(
      transcript,
      (d?.utterances ?? []).map((u) =>
        h(
          'li',
          {
            testid: 'debate-utterance',
            'data-index': String(u.index),
            'data-speaker': u.speaker,
            'data-phase': u.phase,
          },
          h('b', null, u.speaker),
          h('span', { class: 'muted' }, ` · ${u.phase} · ${time(u.at)}`),
          h('p', null, u.text),
        ),
      ),
      (d?.interventions ?? []).map((i) =>
        h(
          'li',
          { class: 'intervention', testid: 'debate-intervention-item' },
          h('b', null, `${i.userId} asks`),
          h('p', null, i.text),
        ),
      ),
    );
    if (s.error) startMsg.textContent = s.error;
  });

  return panel(
    'debate',
    'Debate',
    'Seed 004: utterances in order, the current phase and speaker, on every tab watching.',
    start,
    watch,
    head,
    transcript,
    intervene,
  );
}
