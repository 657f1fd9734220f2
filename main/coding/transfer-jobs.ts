// Coding imports and exports as jobs (REFI-QDA .qdpx/.qdc, codebook tables, coded segments CSV): progress, cancel,
// and for imports all or nothing. An import is one coding event; the job checks for a cancel between rows and once
// more inside the event's transaction just before it commits, so a cancelled or failed import leaves no code,
// assignment or event behind. An export checks before it writes, so a cancelled one writes no file.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { CheckedArgs, JobInfo } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import type { JobRunner } from '../jobs/runner.js';
import type { CodingService } from './service.js';

/** The file's text (a BOM dropped); a read failure names the file, never its folder. */
export function readImportFile(path: string): string {
  try {
    return readFileSync(resolve(path), 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new UserError(`Cannot read ${basename(path)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'bad-request');
  }
}

export function startExportJob(c: CodingService, jobs: JobRunner, a: CheckedArgs<'coding-export-start'>): JobInfo {
  return jobs.start('coding-export', async (ctx) => {
    if (a.what === 'segments-csv') return c.exportSegments({ path: a.path, coders: a.coders }, ctx);
    return c.exportCodebook({ format: a.what, path: a.path }, ctx);
  });
}

export function startImportJob(c: CodingService, jobs: JobRunner, a: CheckedArgs<'coding-import-start'>): JobInfo {
  if ((a.path === undefined) === (a.content === undefined)) throw new UserError('Give the file to import as path or as content (one of them)', 'invalid-args');
  const source = a.source ?? (a.path ? basename(a.path) : undefined);
  return jobs.start('coding-import', async (ctx) => {
    const content = a.content ?? readImportFile(a.path!);
    ctx.checkCancelled();
    if (a.what === 'segments-csv') return c.importSegments({ coder: a.coder, csv: content, ...(source ? { source } : {}) }, ctx);
    return c.importCodebook({ coder: a.coder, format: a.what, content }, ctx);
  });
}
