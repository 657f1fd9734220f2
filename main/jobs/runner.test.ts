import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../api/contract/index.js';
import { JobRunner } from './runner.js';
import { setInternalErrorLog } from '../api/errors.js';
import { UserError } from '../domain/errors.js';
import { ImportError } from '../import/import-error.js';

describe('JobRunner', () => {
  it('reports progress and the result, and ends with a done event', async () => {
    const seen: JobInfo[] = [];
    const jobs = new JobRunner((i) => seen.push(i));
    const started = jobs.start('count', async (ctx) => {
      for (let i = 1; i <= 5; i++) ctx.progress(i, 5, `step ${i}`);
      return { sum: 15 };
    });
    expect(started.state).toBe('running');
    const done = await jobs.wait(started.id);
    expect(done).toMatchObject({ state: 'done', done: 5, total: 5, result: { sum: 15 }, error: null });
    expect(seen.at(-1)!.state).toBe('done');
    expect(seen.some((e) => e.message === 'step 5')).toBe(true);
  });

  it('cancels a running job between units of work', async () => {
    const jobs = new JobRunner(() => {});
    let units = 0;
    const j = jobs.start('slow', async (ctx) => {
      for (;;) {
        ctx.checkCancelled();
        units++;
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await new Promise((r) => setTimeout(r, 30));
    jobs.cancel(j.id);
    const end = await jobs.wait(j.id);
    expect(end.state).toBe('cancelled');
    const after = units;
    await new Promise((r) => setTimeout(r, 30));
    expect(units).toBe(after);
  });

  it('records a failure instead of throwing: a user error with its message, anything else by a log reference', async () => {
    const jobs = new JobRunner(() => {});
    const j = jobs.start('bad', async () => { throw new ImportError('broken', { file: 'x.csv', line: 3 }); });
    expect(await jobs.wait(j.id)).toMatchObject({ state: 'failed', error: 'x.csv, line 3: broken' });
    const logged: string[] = [];
    setInternalErrorLog((line) => logged.push(line));
    try {
      // Job errors reach every window through events: DuckDB's text (SQL, paths) must not.
      const k = jobs.start('bug', async () => { throw new Error('Binder Error: SELECT * FROM "/home/me/study.duckdb"'); });
      const info = await jobs.wait(k.id);
      expect(info.state).toBe('failed');
      expect(info.error).toMatch(/^Internal error \(reference [0-9a-f]{8}\)/);
      expect(info.error).not.toMatch(/SELECT|study\.duckdb/);
      expect(logged.join('\n')).toContain('study.duckdb');
    } finally {
      setInternalErrorLog((line) => process.stderr.write(line + '\n'));
    }
    expect(() => jobs.get('missing')).toThrow(/No job with id missing/);
    let missing: unknown;
    try { jobs.get('missing'); } catch (e) { missing = e; }
    expect(missing).toBeInstanceOf(UserError);
    expect((missing as UserError).code).toBe('not-found');
  });
});
