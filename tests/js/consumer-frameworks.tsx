// A consumer of sse-hub/react, sse-hub/vue and sse-hub/svelte, resolved through package.json
// `exports` as an app resolves them; type-checked by types.test.mjs (tsc --noEmit) against the
// frameworks' own types. Payload types come from the topic map, declared once.
import { useState } from 'react';
import { createHub, getHub, type Hub, type HubEvent, type HubHealth } from 'sse-hub';
import { HubProvider, useHub, useHubHealth, useTopic } from 'sse-hub/react';
import { topicStore } from 'sse-hub/svelte';
import * as vue from 'sse-hub/vue';
import { get, derived, type Readable as SvelteReadable } from 'svelte/store';
import { effectScope, ref, type Ref } from 'vue';

type Project = { name: string; state: 'active' | 'archived' };
type Topics = {
  'project.lifecycle': Project;
  'chat.message': { text: string; author: string };
  'chat.typing': { author: string };
  'dashboard.metrics.cpu': number;
};

const hub = getHub<Topics>('/api/v1/events', { enabled: true });
const created: Hub<Topics> = createHub<Topics>({ url: '/api/v1/events' });
// A typed hub is a Hub: code written for any hub takes it.
const plain: Hub = hub;
void [created, plain];

// hub.subscribe infers too; a wildcard's events are a union discriminated by topic.
hub.subscribe('project.lifecycle', (e) => {
  const state: 'active' | 'archived' = e.payload.state;
  void state;
});
hub.subscribe('chat.*', (e) => {
  if (e.topic === 'chat.message') {
    const text: string = e.payload.text;
    void text;
  } else {
    const topic: 'chat.typing' = e.topic;
    // @ts-expect-error typing events carry no text
    void e.payload.text;
    void topic;
  }
});
hub.subscribe('dashboard.*', (e) => e.payload.toFixed(1));
hub.subscribe('dashboard.metrics.*', (e) => e.payload.toFixed(1));
hub.subscribe('*', (e) => e.topic);
hub.subscribe('project.lifecycle', () => {}, {
  resourceId: 'p1',
  onSnapshot: (s) => s.items.map((i) => i.payload.name),
});
// @ts-expect-error not a topic of the map
hub.subscribe('project.deleted', () => {});
// @ts-expect-error no topic of the map starts with "nope."
hub.subscribe('nope.*', () => {});
// @ts-expect-error payloads are the map's
hub.subscribe('project.lifecycle', (e) => e.payload.missing);
// An explicit payload type still overrides (the untyped style).
hub.subscribe<{ other: number }>('chat.message', (e) => e.payload.other);
// A hub without a map takes any topic, payloads unknown.
getHub('/other').subscribe('anything.at.all', (e: HubEvent) => e.payload);

// React
export function Projects() {
  const health: HubHealth = useHubHealth(hub);
  const latest: Project | undefined = useTopic(hub, 'project.lifecycle', { resourceId: 'p1' });
  const [limit] = useState(10);
  const chat: string[] = useTopic(hub, 'chat.*', {
    initial: [] as string[],
    reduce: (log, e) => (e.topic === 'chat.message' ? [...log, e.payload.text].slice(-limit) : log),
  });
  // @ts-expect-error not a topic of the map
  useTopic(hub, 'project.deleted');
  // @ts-expect-error reduce returns the state's type
  useTopic(hub, 'chat.message', { initial: 0, reduce: (n, e) => e.payload.text });
  // @ts-expect-error the latest payload may be undefined
  const name: string = useTopic(hub, 'project.lifecycle').name;
  void name;
  return (
    <p title={health.explanation}>
      {health.label} {latest?.state} {chat.join(' ')}
    </p>
  );
}

function Count() {
  const fromContext = useHub<Topics>();
  const cpu: number = useTopic(fromContext, 'dashboard.metrics.cpu', {
    initial: 0,
    reduce: (max, e) => Math.max(max, e.payload),
  });
  return <b>{cpu}</b>;
}

export const app = (
  <HubProvider url="/api/v1/events" options={{ enabled: true }}>
    <Projects />
    <Count />
  </HubProvider>
);

// Vue
effectScope().run(() => {
  const provided = vue.provideHub<Topics>('/api/v1/events', { enabled: true });
  const injected: Hub<Topics> = vue.useHub<Topics>();
  const health: Ref<HubHealth> = vue.useHubHealth(provided);
  const latest = vue.useTopic(injected, 'project.lifecycle');
  const state: 'active' | 'archived' | undefined = latest.value?.state;
  const resource = ref('p1');
  const count = vue.useTopic(hub, 'chat.message', {
    resourceId: resource,
    initial: 0,
    reduce: (n) => n + 1,
  });
  const n: number = count.value;
  const topic = ref<'chat.message' | 'chat.typing'>('chat.message');
  const author = vue.useTopic(hub, topic, { initial: '', reduce: (_, e) => e.payload.author });
  const who: string = author.value;
  // @ts-expect-error the state is read-only: events change it
  count.value = 2;
  // @ts-expect-error not a topic of the map
  vue.useTopic(hub, 'project.deleted');
  void [health, state, n, who];
});

// Svelte: a store by Svelte's own types
const projects: SvelteReadable<Record<string, Project>> = topicStore(hub, 'project.lifecycle', {
  initial: {} as Record<string, Project>,
  reduce: (all, e) => ({ ...all, [e.resourceId]: e.payload }),
});
const names = derived(projects, (all) => Object.values(all).map((p) => p.name));
const listed: string[] = get(names);
const typing: { author: string } | undefined = get(topicStore(hub, 'chat.typing'));
const healthStore: SvelteReadable<HubHealth> = hub.health;
// @ts-expect-error not a topic of the map
topicStore(hub, 'project.deleted');
void [listed, typing, healthStore];
