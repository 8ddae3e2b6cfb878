// The legacy polling loops a page registers with `hub.fallback()`: they run while the core
// says to poll (degraded or disabled) and stop, aborting a poll in flight, when it says not.
import type { FallbackOptions, PollFunction } from './types.js';

interface Poller {
  readonly poll: PollFunction;
  readonly intervalMs: number;
  readonly immediate: boolean;
  readonly onError?: (error: unknown) => void;
  timer?: ReturnType<typeof setTimeout>;
  abort?: AbortController;
  active: boolean;
}

export class Pollers {
  private readonly all = new Set<Poller>();
  private on = false;

  /** Whether pollers run now. */
  get polling(): boolean {
    return this.on;
  }

  add(poll: PollFunction, options: FallbackOptions = {}): () => void {
    const poller: Poller = {
      poll,
      intervalMs: Math.max(1, options.intervalMs ?? 30_000),
      immediate: options.immediate ?? true,
      onError: options.onError,
      active: false,
    };
    this.all.add(poller);
    if (this.on) start(poller);
    return () => {
      stop(poller);
      this.all.delete(poller);
    };
  }

  set(on: boolean): void {
    if (this.on === on) return;
    this.on = on;
    for (const poller of this.all) (on ? start : stop)(poller);
  }

  /** Stops and forgets every poller. */
  clear(): void {
    this.set(false);
    this.all.clear();
  }
}

function start(poller: Poller): void {
  if (poller.active) return;
  poller.active = true;
  const tick = async () => {
    poller.timer = undefined;
    if (!poller.active) return;
    const abort = new AbortController();
    poller.abort = abort;
    try {
      await poller.poll({ signal: abort.signal });
    } catch (error) {
      if (!abort.signal.aborted) poller.onError?.(error);
    }
    if (poller.active && poller.abort === abort) {
      poller.timer = setTimeout(tick, poller.intervalMs);
    }
  };
  poller.timer = setTimeout(tick, poller.immediate ? 0 : poller.intervalMs);
}

function stop(poller: Poller): void {
  poller.active = false;
  clearTimeout(poller.timer);
  poller.timer = undefined;
  poller.abort?.abort();
  poller.abort = undefined;
}
