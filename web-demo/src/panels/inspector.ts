// The inspector: last events, health timeline, hub counters, polls, and (test mode) faults.
import type { Hub } from 'sse-hub';
import { describeError, post } from '../api';
import { field, h, panel, render, time } from '../dom';
import { outage } from '../hub';
import { explain } from './header';
import { pollLog } from '../stores/context';
import type { InspectorStore } from '../stores/inspector';

export function mountInspector(store: InspectorStore, hub: Hub, testMode: boolean): HTMLElement {
  const events = h('tbody', { testid: 'inspector-events' });
  store.events.subscribe((list) =>
    render(
      events,
      list.length
        ? list.map((e) =>
            h(
              'tr',
              {
                testid: 'inspector-event',
                'data-topic': e.topic,
                'data-sequence': String(e.sequence),
                'data-kind': e.kind,
              },
              h(
                'td',
                null,
                e.kind === 'snapshot' ? h('span', { class: 'pill' }, 'snapshot ') : null,
                e.topic,
              ),
              h('td', null, e.resourceId || e.detail || '—'),
              h('td', { class: 'num' }, e.sequence || e.id || '—'),
              h(
                'td',
                null,
                time(e.arrivedAt),
                e.emittedAt
                  ? h(
                      'span',
                      { class: 'muted' },
                      ` (+${Math.max(0, e.arrivedAt - e.emittedAt)} ms)`,
                    )
                  : null,
              ),
            ),
          )
        : h('tr', null, h('td', { colspan: '4', class: 'muted' }, 'No events yet.')),
    ),
  );

  const timeline = h('ol', { class: 'timeline', testid: 'health-timeline' });
  store.timeline.subscribe((list) =>
    render(
      timeline,
      list.map((health) =>
        h(
          'li',
          { testid: 'health-entry', 'data-state': health.state, title: explain(health) },
          h('time', null, time(health.since)),
          ' ',
          h('span', { class: `pill st-${health.state}` }, health.state),
          health.reason && health.reason !== 'none' ? ` ${health.reason}` : '',
          health.attempt ? ` · attempt ${health.attempt}` : '',
          health.httpStatus && health.httpStatus >= 400 ? ` · HTTP ${health.httpStatus}` : '',
        ),
      ),
    ),
  );

  const counters = h('dl', { class: 'counters', testid: 'hub-metrics' });
  store.metrics.subscribe((m) =>
    render(
      counters,
      // Every counter hub.metrics() has, in its order: no second list to keep in step.
      Object.entries(m)
        .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
        .map(([k, v]) => [
          h('dt', null, k),
          h('dd', { testid: `hub-metric-${k}`, 'data-metric': k }, String(v)),
        ]),
    ),
  );

  const polls = h('p', { testid: 'poll-log' });
  const pollState = h('span', { class: 'pill', testid: 'polling-state' });
  pollLog.subscribe((log) => {
    polls.dataset.total = String(log.total);
    polls.replaceChildren(
      `Legacy polls so far: `,
      h('b', { testid: 'poll-count' }, String(log.total)),
      log.total
        ? ` (${Object.entries(log.byStore)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}; last: ${log.last})`
        : '',
    );
  });
  const showPolling = () => {
    pollState.textContent = hub.isPolling ? 'polling on' : 'polling off';
    pollState.dataset.polling = String(hub.isPolling);
  };
  hub.health.subscribe(() => queueMicrotask(showPolling));
  setInterval(showPolling, 1000);

  const telemetry = h('ol', { class: 'telemetry', testid: 'telemetry' });
  store.telemetry.subscribe((list) =>
    render(
      telemetry,
      list
        .slice(0, 12)
        .map((t) =>
          h(
            'li',
            null,
            h('time', null, time(t.at)),
            ` ${t.code}`,
            t.reason && t.reason !== 'none' ? ` (${t.reason})` : '',
            t.detail ? h('span', { class: 'muted' }, ` ${t.detail}`) : '',
          ),
        ),
    ),
  );

  const outageToggle = h('input', {
    type: 'checkbox',
    id: 'outage-toggle',
    testid: 'outage-toggle',
  });
  outageToggle.addEventListener('change', () => outage.set(outageToggle.checked));
  outage.subscribe((on) => (outageToggle.checked = on));

  return panel(
    'inspector',
    'Inspector',
    'What the hub is doing: events as they arrive, health changes, counters, polls.',
    h(
      'p',
      null,
      h(
        'label',
        { class: 'check' },
        outageToggle,
        ' Simulate a network outage in this tab (connects fail: watch it retry, fall back to polling, and recover when unchecked)',
      ),
    ),
    testMode
      ? mountFaults()
      : h(
          'p',
          { class: 'muted', testid: 'faults-unavailable' },
          'Server fault buttons appear when hubd runs with --test-mode.',
        ),
    h(
      'div',
      { class: 'split' },
      h(
        'div',
        null,
        h('h3', null, 'Last events'),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            null,
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, 'Topic'),
                h('th', { scope: 'col' }, 'Resource'),
                h('th', { scope: 'col' }, 'Sequence'),
                h('th', { scope: 'col' }, 'Arrived'),
              ),
            ),
            events,
          ),
        ),
      ),
      h(
        'div',
        null,
        h('h3', null, 'Health timeline'),
        timeline,
        h('h3', null, 'Fallback'),
        h('p', null, pollState),
        polls,
        h('h3', null, 'hub.metrics()'),
        counters,
        h('h3', null, 'Telemetry'),
        telemetry,
      ),
    ),
  );
}

/** hubd's test-mode faults, so a person can watch the hub degrade, poll and recover. */
function mountFaults(): HTMLElement {
  const result = h('span', { class: 'note', role: 'status', testid: 'fault-result' });
  const fault = async (body: Record<string, unknown>, what: string) => {
    try {
      const r = await post<{ streamsAffected?: number }>('/api/v1/test/faults', body);
      result.textContent = `${what}${r?.streamsAffected ? ` (${r.streamsAffected} streams)` : ''} at ${time(Date.now())}`;
    } catch (error) {
      result.textContent = `${what} failed: ${describeError(error)}`;
    }
  };
  const seconds = h('input', {
    id: 'fault-seconds',
    testid: 'fault-refuse-seconds',
    type: 'number',
    min: '1',
    max: '3600',
    value: '20',
    size: '4',
  });
  const status = h(
    'select',
    { id: 'fault-status', testid: 'fault-refuse-status' },
    ['503', '500', '429', '401', '403'].map((s) => h('option', { value: s }, s)),
  );
  const failMutations = h('input', {
    type: 'checkbox',
    id: 'fault-fail-mutations',
    testid: 'fault-fail-mutations',
  });
  failMutations.addEventListener(
    'change',
    () =>
      void fault(
        { failMutations: failMutations.checked },
        failMutations.checked ? 'Mutations now fail' : 'Mutations work again',
      ),
  );
  const btn = (testid: string, label: string, body: () => Record<string, unknown>, what: string) =>
    h('button', { type: 'button', testid, onclick: () => fault(body(), what) }, label);
  return h(
    'fieldset',
    { class: 'faults', testid: 'faults' },
    h('legend', null, 'Faults (hubd test mode)'),
    h(
      'div',
      { class: 'row' },
      btn('fault-drop', 'Drop streams', () => ({ dropStreams: true }), 'Streams dropped'),
      btn(
        'fault-stop-heartbeats',
        'Stop heartbeats',
        () => ({ stopHeartbeats: true }),
        'Heartbeats stopped',
      ),
      btn(
        'fault-resume-heartbeats',
        'Resume heartbeats',
        () => ({ stopHeartbeats: false }),
        'Heartbeats resumed',
      ),
      btn('fault-reset', 'Reset all', () => ({ reset: true }), 'Faults and data reset'),
    ),
    h(
      'div',
      { class: 'row' },
      field('Refuse with', status),
      field('for seconds', seconds),
      btn(
        'fault-refuse',
        'Drop and refuse connects',
        () => ({
          dropStreams: true,
          refuseStatus: Number(status.value),
          refuseSeconds: Number(seconds.value) || 20,
        }),
        'Connects refused',
      ),
      h('label', { class: 'check' }, failMutations, ' Fail mutations (mark-as-read reverts)'),
    ),
    result,
  );
}
