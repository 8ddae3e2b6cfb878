import { useState, version } from 'react';
import { HubProvider, useHub, useHubHealth, useTopic } from 'sse-hub/react';
import { hubOptions, hubUrl, type Topics } from './topics';

// The stream is open while <HubProvider> is mounted: "Disconnect" unmounts it.
export function App() {
  const [connected, setConnected] = useState(true);
  return (
    <main>
      <h1>sse-hub in React</h1>
      <button id="toggle" onClick={() => setConnected(!connected)}>
        {connected ? 'Disconnect' : 'Connect'}
      </button>
      {connected && (
        <HubProvider url={hubUrl} options={hubOptions}>
          <Health />
          <Headline />
          <Activity />
        </HubProvider>
      )}
      <footer>React {version}</footer>
    </main>
  );
}

function Health() {
  const health = useHubHealth(useHub<Topics>());
  return (
    <p id="health" data-state={health.state} title={health.explanation}>
      {health.label}
    </p>
  );
}

function Headline() {
  const item = useTopic(useHub<Topics>(), 'dashboard.new_item');
  return <p id="headline">{item ? item.title : 'No news yet'}</p>;
}

// Recent project updates; after a gap the server could not replay, its snapshot (each
// project's latest state) replaces the list.
function Activity() {
  const updates = useTopic(useHub<Topics>(), 'project.lifecycle', {
    initial: [] as string[],
    reduce: (list, e) =>
      [...list, `${e.payload.id} ${e.payload.state} v${e.payload.version}`].slice(-10),
  });
  return (
    <ul id="activity">
      {updates.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
