import type { App } from '../api/app.js';
import type { Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { previewImport, runImport } from '../import/run-import.js';
import type { JobRunner } from '../jobs/runner.js';
import { studyInfo } from '../study/info.js';

export function registerImportHandlers(
  app: App, host: { readonly workspace: Workspace; readonly jobs: JobRunner; readonly search?: { refresh(): Promise<unknown> } },
): void {
  let importing: string | null = null;
  app.method('import-preview', async (req) => {
    const db = await host.workspace.connect();
    try {
      return await previewImport(db, req);
    } finally {
      db.close();
    }
  });
  app.method('import-start', async (req) => {
    const ws = host.workspace;
    if (importing) throw new UserError(`An import is already running (job ${importing}); wait for it or cancel it`, 'busy');
    const job = host.jobs.start('import', async (ctx) => {
      const db = await ws.connect();
      try {
        const report = await runImport(db, req, ctx);
        app.emit('study-changed', await studyInfo(ws.db, ws.path));
        // The word index follows in the background; text search scans until it is ready.
        void host.search?.refresh().catch(() => {});
        return report;
      } finally {
        db.close();
        importing = null;
      }
    });
    importing = job.id;
    return { jobId: job.id };
  });
}
