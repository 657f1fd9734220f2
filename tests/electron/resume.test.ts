// Interrupted work: which judge runs and imports to offer when a workspace opens, and the import journal
// that remembers imports the workspace itself cannot (they commit in one transaction or not at all).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ImportJournal, isTerminal, parseJournal, type PendingImport } from '../../main/electron/import-journal.js';
import { resumeOffer, type RunLike } from '../../main/electron/resume.js';

const run = (runId: string, state: string, extra: Partial<RunLike> = {}): RunLike =>
  ({ runId, state, label: null, mode: 'scores', answered: 10, total: 40, ...extra });
const pending = (jobId: string, path = '/data/pilot'): PendingImport =>
  ({ workspace: '/w/a.duckdb', jobId, request: { path, format: 'auto' }, startedAt: '2026-03-01T10:20:30.000Z' });

describe('resumeOffer', () => {
  it('offers nothing when no run is interrupted and no import is pending', () => {
    expect(resumeOffer([run('r1', 'done'), run('r2', 'paused'), run('r3', 'running'), run('r4', 'failed')], [])).toBeNull();
  });

  it("offers only 'interrupted' runs, with what each has done", () => {
    const o = resumeOffer([run('r1', 'done'), run('r2', 'interrupted', { label: 'GPT pilot', answered: 12, total: 50 })], [])!;
    expect(o.runs.map((r) => r.runId)).toEqual(['r2']);
    expect(o.message).toBe('1 judge run was interrupted. Resume?');
    expect(o.detail).toContain('Judge run GPT pilot (scores): 12 of 50 answered');
  });

  it('lists runs and imports together, in the plural', () => {
    const o = resumeOffer([run('r1', 'interrupted'), run('r2', 'interrupted')], [pending('job-1', '/data/lend-an-ear-pilot')])!;
    expect(o.message).toBe('2 judge runs and 1 import were interrupted. Resume?');
    expect(o.detail).toContain('Import of lend-an-ear-pilot, started 2026-03-01 10:20');
    expect(o.imports.map((i) => i.jobId)).toEqual(['job-1']);
  });

  it('does not offer again runs the user declined in this session', () => {
    expect(resumeOffer([run('r1', 'interrupted')], [], new Set(['r1']))).toBeNull();
  });
});

describe('ImportJournal', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  const file = () => { const d = mkdtempSync(join(tmpdir(), 'wb-journal-')); dirs.push(d); return join(d, 'pending-imports.json'); };

  it('remembers an import per workspace across restarts until it is forgotten', () => {
    const f = file();
    const j = new ImportJournal(f);
    j.record('/w/a.duckdb', 'job-1', { path: '/data/x', format: 'auto' }, new Date('2026-01-02T03:04:05Z'));
    j.record('/w/b.duckdb', 'job-2', { path: '/data/y', format: 'esconv' });
    const again = new ImportJournal(f);
    expect(again.pendingFor('/w/a.duckdb')).toEqual([{ workspace: resolve('/w/a.duckdb'), jobId: 'job-1', request: { path: '/data/x', format: 'auto' }, startedAt: '2026-01-02T03:04:05.000Z' }]);
    again.forget('job-1');
    expect(new ImportJournal(f).pendingFor('/w/a.duckdb')).toEqual([]);
    expect(new ImportJournal(f).has('job-2')).toBe(true);
    expect(parseJournal(readFileSync(f, 'utf8'))).toHaveLength(1);
  });

  it('a finished, failed or cancelled job ends the entry; queued or running does not', () => {
    expect(['done', 'failed', 'cancelled'].every(isTerminal)).toBe(true);
    expect(['queued', 'running'].some(isTerminal)).toBe(false);
  });

  it('reads a corrupt journal as empty', () => {
    expect(parseJournal('[{"jobId": 1}, 7, null')).toEqual([]);
    expect(parseJournal('[{"jobId": "j", "workspace": "/w", "startedAt": "t"}]')).toEqual([]); // no request: cannot resume
  });
});
