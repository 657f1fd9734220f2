import type { App } from '../api/app.js';
import type { Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import type { JobRunner } from '../jobs/runner.js';
import { studyInfo, studyOverview } from '../study/info.js';
import { openDemoStudy, type DemoHost } from '../study/demo.js';
import { assignScenario } from '../study/scenario-assign.js';
import { clearRecent, recentView, removeRecent, type RecentStore } from '../study/recent.js';

/** What the study handlers need of the backend. */
export interface StudyHost extends DemoHost {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
  readonly recent: RecentStore;
}


export function registerStudyHandlers(app: App, host: StudyHost): void {
  const info = async () => studyInfo(host.workspace.db, host.workspace.path);
  app.method('study-info', info);
  app.method('study-overview', async () => studyOverview(host.workspace.db));
  app.method('study-open', async ({ path }) => {
    await host.open(path);
    const i = await info();
    app.emit('study-changed', i);
    return i;
  });
  app.method('study-recent', async () => recentView(host.recent.get()));
  app.method('study-recent-forget', async ({ path }) => recentView(host.recent.update((s) => (path === null ? clearRecent(s) : removeRecent(s, path)))));
  app.method('study-assign-scenario', async (args) => {
    const result = await assignScenario(host.workspace.db, args);
    if (result.applied) app.emit('study-changed', await info());
    return result;
  });
  app.method('study-open-demo', async () => {
    // A job, so that first-run generation shows progress (and can be watched) like any long operation.
    const job = host.jobs.start('open-demo', (ctx) => openDemoStudy(host, ctx));
    const end = await host.jobs.wait(job.id);
    if (end.state !== 'done') throw new UserError(end.error ?? `Opening the simulated study was ${end.state}`, 'demo-failed');
    const i = await info();
    app.emit('study-changed', i);
    return i;
  });
}
