// A frontend consumer of the published types; type-checked by types.test.mjs (tsc --noEmit).
import {
  createHub,
  getHub,
  init,
  createParser,
  type HubEvent,
  type HubHealth,
  type Readable,
  type Transport,
} from 'sse-hub';

// React's and Svelte's store signatures, declared here to keep the check dependency-free.
declare function useSyncExternalStore<T>(
  subscribe: (onStoreChange: () => void) => () => void,
  getSnapshot: () => T,
): T;
type SvelteReadable<T> = {
  subscribe(run: (value: T) => void): (() => void) | { unsubscribe(): void };
};

declare const importMetaEnv: { VITE_ENABLE_SSE_HUB?: string };

export async function main(): Promise<void> {
  await init();
  const hub = getHub('/api/v1/events', {
    enabled: importMetaEnv.VITE_ENABLE_SSE_HUB === 'true',
    scope: { projectId: 'p1', topics: ['project.lifecycle', 'chat.*'] },
    getToken: async () => 'jwt',
    retry: { initialMs: 500, jitter: 'full' },
    heartbeat: { intervalMs: 15000, events: ['ping'] },
  });
  const health: HubHealth = useSyncExternalStore(hub.health.subscribe, hub.health.get);
  const label: 'Live' | 'Connecting…' | 'Offline' = health.label;
  const svelte: SvelteReadable<HubHealth> = hub.health;
  const readable: Readable<HubHealth> = hub.health;
  (void label, svelte, readable);

  type Lifecycle = { state: 'active' | 'archived' };
  const off = hub.subscribe<Lifecycle>(
    'project.lifecycle',
    { resourceId: 'p1' },
    (event: HubEvent<Lifecycle>) => {
      const state: 'active' | 'archived' = event.payload.state;
      void state;
    },
    { onSnapshot: (snapshot) => snapshot.items.forEach((item) => item.payload.state) },
  );
  const off2 = hub.subscribe('chat.*', (event) => event.topic);
  const stopPolling = hub.fallback(
    async ({ signal }) => {
      await fetch('/api/legacy', { signal });
    },
    { intervalMs: 10_000 },
  );
  hub.onTelemetry((t) => console.log(t.code, t.reason, t.number, t.detail));
  const connects: number = hub.metrics().connects;
  void connects;
  off();
  off2();
  stopPolling();
  hub.close();

  const custom: Transport = { open: (_request, sink) => (sink.closed(true), { close() {} }) };
  createHub({ url: 'wss://x', transport: custom, enabled: true }).close();

  const parser = createParser({ onEvent: (e) => console.log(e.type, e.data, e.lastEventId) });
  parser.feed(new Uint8Array([100, 97, 116, 97, 58, 10, 10]));
  parser.end();
  // @ts-expect-error topic filters are strings
  hub.subscribe(42, () => {});
}
