// examples/react against a real hubd, as its users build it: React 19 in development (so
// StrictMode mounts every component twice) and in production, and React 18 in development.
import { exampleApp, exampleScenario } from './examples';
import { test } from './fixtures';

const builds = [
  {
    name: 'React 19, StrictMode (development build)',
    nodeEnv: 'development',
    version: /^React 19\./,
  },
  { name: 'React 19, production build', nodeEnv: 'production', version: /^React 19\./ },
  {
    name: 'React 18, StrictMode (development build)',
    nodeEnv: 'development',
    react18: true,
    version: /^React 18\./,
  },
] as const;

for (const b of builds) {
  test(`examples/react, ${b.name}: Live, events, snapshot reset, unmount closes the stream`, async ({
    page,
    context,
    ownHubd,
  }) => {
    test.setTimeout(120_000);
    const dist = await exampleApp({
      example: 'react',
      nodeEnv: b.nodeEnv,
      react18: 'react18' in b && b.react18,
    });
    await exampleScenario({ page, context }, ownHubd, dist, b.version);
  });
}
