// A few lines of DOM building: h('button', { testid: 'x', onclick }, 'Label').
type Child = Node | string | number | null | undefined | false | Child[];
type Props = Record<string, unknown> & { testid?: string; class?: string };

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'testid') el.dataset.testid = String(value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === 'value' && 'value' in el) {
      (el as HTMLInputElement).value = String(value);
    } else if (key === 'checked' || key === 'disabled' || key === 'selected') {
      (el as unknown as Record<string, boolean>)[key] = Boolean(value);
    } else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces `el`'s children (the panels re-render small regions, never their inputs). */
export function render(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export function time(ms: number | string | null | undefined): string {
  if (ms === null || ms === undefined || ms === '') return '—';
  const d = new Date(typeof ms === 'number' ? ms : Date.parse(ms) || Number(ms));
  return Number.isNaN(d.getTime()) ? String(ms) : d.toLocaleTimeString();
}

/** A labelled form control. */
export function field(label: string, control: HTMLElement): HTMLLabelElement {
  return h('label', { class: 'field' }, h('span', null, label), control);
}

/** A panel: a landmark section with a heading and a body. */
export function panel(id: string, title: string, subtitle: string, ...body: Child[]): HTMLElement {
  return h(
    'section',
    { id, class: 'panel', 'aria-labelledby': `${id}-title`, testid: `panel-${id}` },
    h(
      'header',
      { class: 'panel-head' },
      h('h2', { id: `${id}-title` }, title),
      h('p', { class: 'muted' }, subtitle),
    ),
    ...body,
  );
}
