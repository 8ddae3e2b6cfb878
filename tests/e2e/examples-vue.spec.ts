// examples/vue against a real hubd, as its users build it (production).
import { exampleApp, exampleScenario } from './examples';
import { test } from './fixtures';

test('examples/vue: Live, events, snapshot reset, unmount closes the stream', async ({
  page,
  context,
  ownHubd,
}) => {
  test.setTimeout(120_000);
  const dist = await exampleApp({ example: 'vue', nodeEnv: 'production' });
  await exampleScenario({ page, context }, ownHubd, dist, /^Vue 3\./);
});
