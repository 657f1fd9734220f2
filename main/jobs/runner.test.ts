import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../api/contract/index.js';
import { JobRunner } from './runner.js';

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

  it('records a failure with its message instead of throwing', async () => {
    const jobs = new JobRunner(() => {});
    const j = jobs.start('bad', async () => { throw new Error('file x.csv, line 3: broken'); });
    expect(await jobs.wait(j.id)).toMatchObject({ state: 'failed', error: 'file x.csv, line 3: broken' });
    expect(() => jobs.get('missing')).toThrow(/No job with id missing/);
  });
});
