import type { Backend } from '../backend.js';

export function registerJobHandlers(b: Backend): void {
  b.app.method('jobs-list', async () => b.jobs.list());
  b.app.method('job-get', async ({ id }) => b.jobs.get(id));
  b.app.method('job-cancel', async ({ id }) => b.jobs.cancel(id));
  b.app.method('job-wait', async ({ id }) => b.jobs.wait(id));
}
