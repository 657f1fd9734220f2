// Imports in progress, remembered outside the workspace. An import writes in one transaction, so one cut
// short by a crash or quit leaves no trace in the workspace itself; this journal (JSON in userData) is
// how the shell knows to offer it again when that workspace next opens.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface PendingImport {
  /** The workspace the import writes to (absolute). */
  workspace: string;
  jobId: string;
  /** The `import-start` arguments, to start it again. */
  request: unknown;
  startedAt: string;
}

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

/** Whether a job state ends the import (finished, failed or cancelled by the user: nothing to resume). */
export function isTerminal(state: string): boolean {
  return TERMINAL.has(state);
}

export function parseJournal(text: string | null): PendingImport[] {
  if (!text) return [];
  try {
    const j = JSON.parse(text) as unknown;
    return Array.isArray(j)
      ? j.filter((e): e is PendingImport => !!e && typeof e.workspace === 'string' && typeof e.jobId === 'string' && typeof e.startedAt === 'string' && 'request' in e)
      : [];
  } catch {
    return [];
  }
}

export class ImportJournal {
  private entries: PendingImport[];

  constructor(private readonly file: string) {
    this.entries = parseJournal(existsSync(file) ? readFileSync(file, 'utf8') : null);
  }

  record(workspace: string, jobId: string, request: unknown, now = new Date()): void {
    this.save([...this.entries.filter((e) => e.jobId !== jobId), { workspace: resolve(workspace), jobId, request, startedAt: now.toISOString() }]);
  }

  /** The job ended (any terminal state) or the user chose not to resume: forget it. */
  forget(jobId: string): void {
    if (this.entries.some((e) => e.jobId === jobId)) this.save(this.entries.filter((e) => e.jobId !== jobId));
  }

  pendingFor(workspace: string): PendingImport[] {
    const w = resolve(workspace);
    return this.entries.filter((e) => e.workspace === w);
  }

  has(jobId: string): boolean {
    return this.entries.some((e) => e.jobId === jobId);
  }

  private save(entries: PendingImport[]): void {
    this.entries = entries;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entries, null, 2));
    renameSync(tmp, this.file);
  }
}
