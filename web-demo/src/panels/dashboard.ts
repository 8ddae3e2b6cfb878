// Seed 003: live metrics and new items; a configuration's own stream of items.
import type { Hub } from 'sse-hub';
import { field, h, panel, render, time } from '../dom';
import { total, type DashboardStore, type Item } from '../stores/dashboard';
import { sourceBadge } from './projects';

export function mountDashboard(store: DashboardStore, hub: Hub): HTMLElement {
  const connection = h('span', { class: 'pill', testid: 'dashboard-connection' });
  hub.health.subscribe((health) => {
    const connected = health.state === 'healthy';
    connection.textContent = connected
      ? 'Connected'
      : health.state === 'disabled'
        ? 'Polling'
        : 'Disconnected';
    connection.className = `pill ${connected ? 'ok' : 'bad'}`;
  });

  const metrics = h('div', { class: 'metrics' });
  const items = h('ol', { class: 'feed', testid: 'dashboard-items' });
  const configId = h('input', {
    id: 'config-id',
    testid: 'config-id',
    list: 'config-options',
    size: '12',
  });
  const options = h('datalist', { id: 'config-options' });
  const configItems = h('ol', { class: 'feed', testid: 'config-items' });
  const renderConfig = () => {
    const mine = store.state.get().items.filter((i) => String(i.configId ?? '') === configId.value);
    render(
      configItems,
      mine.length
        ? mine.map(itemRow('config-item'))
        : h('li', { class: 'muted' }, `No items for ${configId.value || '—'} yet.`),
    );
  };
  configId.addEventListener('input', renderConfig);
  store.configurations.subscribe((list) => {
    render(
      options,
      list.map((c) => h('option', { value: c.id }, c.name)),
    );
    if (!configId.value && list[0]) {
      configId.value = list[0].id;
      renderConfig();
    }
  });

  store.state.subscribe((s) => {
    const m = s.metrics;
    render(
      metrics,
      h(
        'div',
        { class: 'metric' },
        h('span', null, 'Total'),
        h('strong', { testid: 'metric-total' }, total(m)),
      ),
      ...(['positive', 'neutral', 'negative'] as const).map((k) =>
        h(
          'div',
          { class: `metric ${k}` },
          h('span', null, k),
          h('strong', { testid: `metric-${k}` }, m?.sentiment?.[k] ?? '—'),
        ),
      ),
      h(
        'div',
        { class: 'metric wide' },
        h('span', null, 'Tags'),
        h(
          'span',
          { testid: 'metric-tags' },
          m
            ? Object.entries(m.tags ?? {})
                .map(([t, c]) => `${t} ${c}`)
                .join(' · ') || '—'
            : '—',
        ),
      ),
      h(
        'p',
        { class: 'muted' },
        'Metrics updated ',
        h('span', { testid: 'metrics-updated' }, time(s.metricsAt)),
        ` (${s.metricsUpdates} updates) `,
        sourceBadge(s.source, 'dashboard-source'),
      ),
    );
    render(
      items,
      s.items.length
        ? s.items.map(itemRow('dashboard-item'))
        : h('li', { class: 'muted' }, s.error || 'No items yet.'),
    );
    renderConfig();
  });

  const title = h('input', {
    id: 'item-title',
    testid: 'item-title',
    value: 'Customer praised onboarding',
  });
  const sentiment = h(
    'select',
    { id: 'item-sentiment', testid: 'item-sentiment' },
    ['positive', 'neutral', 'negative'].map((v) => h('option', { value: v }, v)),
  );
  const addMsg = h('span', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'row', testid: 'item-form' },
    field('Title', title),
    field('Sentiment', sentiment),
    h('button', { type: 'submit', testid: 'item-add' }, 'Add item'),
    addMsg,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    addMsg.textContent = await store.add({
      title: title.value,
      sentiment: sentiment.value,
      tags: ['demo'],
      configId: configId.value,
    });
  });

  return panel(
    'dashboard',
    'Dashboard',
    'Seed 003: metrics and new items as they are analyzed; one configuration’s items.',
    h('p', null, 'Status: ', connection),
    metrics,
    h(
      'div',
      { class: 'split' },
      h('div', null, h('h3', null, 'New items'), items),
      h(
        'div',
        null,
        h('h3', null, 'Configuration stream'),
        h('div', { class: 'row' }, field('Configuration', configId), options),
        configItems,
      ),
    ),
    form,
  );
}

const itemRow = (testid: string) => (i: Item) =>
  h(
    'li',
    { testid, 'data-id': String(i.id) },
    h('span', { class: `pill ${i.sentiment}` }, i.sentiment),
    ' ',
    i.title,
    ' ',
    h(
      'span',
      { class: 'muted' },
      (i.tags ?? []).map((t) => `#${t}`).join(' '),
      i.configId ? ` · ${i.configId}` : '',
    ),
  );
