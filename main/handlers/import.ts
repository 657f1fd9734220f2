import type { Backend } from '../backend.js';
import { UserError } from '../domain/errors.js';
import { ImportError } from '../import/import-error.js';
import { previewImport, runImport } from '../import/run-import.js';
import { studyInfo } from './study.js';

export function registerImportHandlers(b: Backend): void {
  let importing: string | null = null;
  b.app.method('import-preview', async (req) => {
    const db = await b.workspace.connect();
    try {
      return await previewImport(db, req);
    } catch (e) {
      throw e instanceof ImportError ? new UserError(e.message, 'import-error') : e;
    } finally {
      db.close();
    }
  });
  b.app.method('import-start', async (req) => {
    const ws = b.workspace;
    if (importing) throw new UserError(`An import is already running (job ${importing}); wait for it or cancel it`, 'busy');
    const job = b.jobs.start('import', async (ctx) => {
      const db = await ws.connect();
      try {
        const report = await runImport(db, req, ctx);
        b.app.emit('study-changed', await studyInfo(ws.db, ws.path));
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
