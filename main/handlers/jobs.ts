import type { App } from '../api/app.js';
import type { JobRunner } from '../jobs/runner.js';

export function registerJobHandlers(app: App, jobs: JobRunner): void {
  app.method('jobs-list', async () => jobs.list());
  app.method('job-get', async ({ id }) => jobs.get(id));
  app.method('job-cancel', async ({ id }) => jobs.cancel(id));
  app.method('job-wait', async ({ id }) => jobs.wait(id));
}
