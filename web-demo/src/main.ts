// The demo page: resolve who is signed in, start the tab's one hub, build the stores on it,
// and mount the panels that read those stores.
import './styles.css';
import { h } from './dom';
import { startHub } from './hub';
import { detectTestMode, projectsOf, resolveSession } from './session';
import { mountActivity, mountToasts } from './panels/activity';
import { mountChat } from './panels/chat';
import { mountDashboard } from './panels/dashboard';
import { mountDebate } from './panels/debate';
import { mountHeader } from './panels/header';
import { mountInspector } from './panels/inspector';
import { mountProject, mountQualityGate, mountSections } from './panels/projects';
import { createActivityStore } from './stores/activity';
import { createChatStore } from './stores/chat';
import type { Context } from './stores/context';
import { createDashboardStore } from './stores/dashboard';
import { createDebateStore } from './stores/debate';
import { createInspectorStore } from './stores/inspector';
import { createNotificationsStore } from './stores/notifications';
import { createProjectStore } from './stores/project';
import { createQualityGateStore } from './stores/qualityGate';
import { createSectionsStore } from './stores/sections';

async function main(): Promise<void> {
  const app = document.getElementById('app')!;
  const [session, testMode] = await Promise.all([resolveSession(), detectTestMode()]);
  const hub = startHub(session);
  // For people poking at the page from the console (and tests that read counters).
  Object.assign(window, { hub });
  const inspector = createInspectorStore(hub);

  if (!session) {
    const { header, banners } = mountHeader(hub, null, null, null);
    app.replaceChildren(
      header,
      banners,
      h(
        'main',
        { id: 'main' },
        h(
          'p',
          { class: 'banner error', role: 'alert', testid: 'signed-out' },
          'Not signed in, and dev login is off (hubd --dev-login). Pick a user above once it is on.',
        ),
      ),
    );
    return;
  }

  const ctx: Context = { hub, session, testMode };
  const params = new URLSearchParams(location.search);
  const firstProject = projectsOf(session.workspace)[0];
  const project = createProjectStore(ctx, params.get('project') ?? firstProject?.id ?? '');
  const gate = createQualityGateStore(
    ctx,
    params.get('document') ?? firstProject?.documents[0]?.id ?? '',
  );
  const sections = createSectionsStore(ctx, '');
  const activity = createActivityStore(ctx);
  const notifications = createNotificationsStore(ctx);
  const dashboard = createDashboardStore(ctx);
  const debate = createDebateStore(ctx, params.get('debate'));
  const chat = createChatStore(ctx);

  const { header, banners } = mountHeader(hub, session, activity, notifications);
  const nav = h(
    'nav',
    { class: 'tabs', 'aria-label': 'Panels' },
    [
      ['project', 'Project'],
      ['editor', 'Quality gate'],
      ['sections', 'Sections'],
      ['activity', 'Activity'],
      ['dashboard', 'Dashboard'],
      ['debate', 'Debate'],
      ['chat', 'Chat'],
      ['inspector', 'Inspector'],
    ].map(([id, label]) => h('a', { href: `#${id}` }, label)),
  );
  app.replaceChildren(
    header,
    banners,
    nav,
    h(
      'main',
      { id: 'main', class: 'grid', 'data-workspace': session.workspace, 'data-user': session.user },
      mountProject(project, session, testMode),
      mountQualityGate(gate, session),
      mountSections(sections, session, testMode),
      mountActivity(activity, notifications, session, testMode),
      mountDashboard(dashboard, hub),
      mountDebate(debate),
      mountChat(chat, session),
      mountInspector(inspector, hub, testMode),
    ),
    mountToasts(notifications),
  );
  document.documentElement.dataset.ready = 'true';
}

main().catch((error) => {
  console.error(error);
  document
    .getElementById('app')!
    .replaceChildren(
      h(
        'p',
        { class: 'banner error', role: 'alert' },
        `The demo failed to start: ${String(error)}`,
      ),
    );
});
