// Page lifecycle → core inputs. Listeners hold the hub weakly, so a forgotten hub can
// still be collected; the returned function removes them.
export interface PageInputs {
  visibility(hidden: boolean): void;
  frozen(frozen: boolean): void;
  network(online: boolean): void;
}

export function watchPage(ref: WeakRef<PageInputs>): () => void {
  const doc = (globalThis as { document?: Document }).document;
  const win = (globalThis as { window?: Window }).window;
  const removers: (() => void)[] = [];
  const remove = () => {
    for (const r of removers.splice(0)) r();
  };
  const on = (target: EventTarget | undefined, type: string, handler: (event: Event) => void) => {
    if (!target) return;
    const listener = (event: Event) => {
      const hub = ref.deref();
      if (hub) handler.call(null, event);
      else remove();
    };
    target.addEventListener(type, listener);
    removers.push(() => target.removeEventListener(type, listener));
  };
  const hub = () => ref.deref();
  on(doc, 'visibilitychange', () => hub()?.visibility(doc!.visibilityState === 'hidden'));
  on(doc, 'freeze', () => hub()?.frozen(true));
  on(doc, 'resume', () => hub()?.frozen(false));
  on(win, 'online', () => hub()?.network(true));
  on(win, 'offline', () => hub()?.network(false));
  // Back/forward cache: the page was suspended with its streams closed.
  on(win, 'pagehide', (e) => (e as PageTransitionEvent).persisted && hub()?.frozen(true));
  on(win, 'pageshow', (e) => (e as PageTransitionEvent).persisted && hub()?.frozen(false));
  return remove;
}

/** The page's state now, to tell a freshly started core. */
export function pageState(): { hidden: boolean; online: boolean } {
  const doc = (globalThis as { document?: Document }).document;
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return {
    hidden: doc?.visibilityState === 'hidden',
    online: typeof nav?.onLine === 'boolean' ? nav.onLine : true,
  };
}
