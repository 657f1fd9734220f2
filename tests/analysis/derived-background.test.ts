// The derived tables built in the background (main/services/derived/service.ts) through a real Backend on a workspace
// file with the generated demo study imported through the API: after the import a job builds every table the default
// analyses read, with no analysis asked for; after a scenario assignment, analyses that arrive during the build wait
// for it and build nothing again; closing the workspace mid-build cancels the build, leaves nothing half-built, and
// the reopened workspace builds again.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import type { JobInfo } from '../../main/api/contract/index.js';
import { Backend } from '../../main/backend.js';
import { staleKeys } from '../../main/db/derived-table.js';
import { bumpDataVersion } from '../../main/services/analysis/cache.js';
import { DERIVED_TABLES_JOB, staleSteps } from '../../main/services/derived/service.js';
import { PAIRWISE_CODES } from '../../main/studydata/pairwise.js';
import { SCORE_PIVOT } from '../../main/studydata/score-pivot.js';
import { SHIFT_LABEL_CELLS } from '../../main/studydata/shift-cells.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-derived-background-');
const path = join(tmp.path, 'study.duckdb');
let b: Backend;

/** The derived-tables job started after `seen` jobs of that kind (the service starts it a few awaits after the news). */
async function nextBuild(seen: number): Promise<JobInfo> {
  for (;;) {
    const builds = b.jobs.list().filter((j) => j.kind === DERIVED_TABLES_JOB);
    if (builds.length > seen) return builds[0];
    await new Promise((r) => setTimeout(r, 10));
  }
}
const builds = () => b.jobs.list().filter((j) => j.kind === DERIVED_TABLES_JOB).length;
const db = () => b.workspace.db;

/** A promise with its resolver, to hold a build at a known point. */
function signal(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  return { promise: new Promise<void>((r) => (open = r)), open };
}

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { scale: 0.25 });
  b = new Backend({ home: join(tmp.path, 'home') });
  await b.open(path);
}, 120_000);
afterAll(() => {
  vi.restoreAllMocks();
  b?.close();
  tmp.cleanup();
});

describe('derived tables built in the background', () => {
  it('are built by a job after an import, with no analysis asked for', async () => {
    const { jobId } = await b.app.call('import-start', { path: join(tmp.path, 'demo'), format: 'study' });
    expect((await b.app.call('job-wait', { id: jobId })).state).toBe('done');
    const job = await nextBuild(0);
    const end = await b.app.call('job-wait', { id: job.id });
    expect(end.state).toBe('done');
    expect((end.result as { built: string[] }).built).toEqual(['score pivot', 'pairwise codes', 'pairwise judges', 'conversation codes', 'participant codes', 'self-report codes', 'shift cells']);
    expect(await staleSteps(db())).toEqual([]);
    const sets = (await db().all<{ id: string }>('SELECT score_set_id AS id FROM score_sets ORDER BY 1')).map((r) => r.id);
    expect(sets.length).toBeGreaterThan(0);
    expect(await db().all('SELECT table_name, build_key FROM derived_builds ORDER BY 1, 2')).toEqual([
      { table_name: 'conversation_codes', build_key: '' },
      { table_name: 'pairwise_codes', build_key: '' },
      { table_name: 'pairwise_judges', build_key: '' },
      { table_name: 'participant_codes', build_key: '' },
      ...sets.map((s) => ({ table_name: 'score_pivot', build_key: s })),
      { table_name: 'self_report_codes', build_key: '' },
      { table_name: 'shift_label_cells', build_key: 'ground-truth' },
    ]);
    expect(await db().value<number>('SELECT count(*) FROM analysis_cache')).toBe(0);
    expect(await db().value<number>('SELECT count(*) FROM shift_label_cells')).toBeGreaterThan(0);
    // Nothing stale: a refresh starts no job.
    expect(await b.derived.refresh()).toBeNull();
  }, 240_000);

  it('makes analyses that arrive during the build wait for it instead of building again', async () => {
    const pivot = vi.spyOn(SCORE_PIVOT, 'build');
    const codes = vi.spyOn(PAIRWISE_CODES, 'build');
    const reached = signal();
    const gate = signal();
    const original = SHIFT_LABEL_CELLS.build;
    const held = vi.spyOn(SHIFT_LABEL_CELLS, 'build').mockImplementation(async (d, stamp, keys) => {
      reached.open();
      await gate.promise;
      await original(d, stamp, keys);
    });
    // New data in place: one conversation given another scenario through the API (it announces study-changed).
    const moved = await db().one<{ id: string; to: string }>(
      `SELECT c.conversation_id AS id, (SELECT min(scenario) FROM conversations WHERE scenario <> c.scenario) AS to
       FROM conversations c WHERE c.scenario IS NOT NULL ORDER BY 1 LIMIT 1`);
    const seen = builds();
    expect((await b.app.call('study-assign-scenario', { scenario: moved!.to, conversationIds: [moved!.id] })).applied).toBe(true);
    const job = await nextBuild(seen);
    await reached.promise;
    // The job holds the shift cells' build open; the analyses ask now.
    const shifts = b.app.call('analysis-shifts', {});
    const elo = b.app.call('analysis-elo', {});
    const preference = b.app.call('analysis-preference', {});
    expect((await elo).judgments).toBeGreaterThan(0);
    await preference;
    gate.open();
    expect((await shifts).rows.length).toBeGreaterThan(0);
    expect((await b.app.call('job-wait', { id: job.id })).state).toBe('done');
    expect(pivot).toHaveBeenCalledTimes(1);
    expect(codes).toHaveBeenCalledTimes(1);
    expect(held).toHaveBeenCalledTimes(1);
    expect(held.mock.calls[0][2]).toEqual(['ground-truth']);
    vi.restoreAllMocks();
  }, 240_000);

  it('stops when the workspace closes mid-build, leaves nothing half-built, and builds again once reopened', async () => {
    let closing = false;
    const reached = signal();
    const original = SHIFT_LABEL_CELLS.build;
    vi.spyOn(SHIFT_LABEL_CELLS, 'build').mockImplementation(async (d, stamp, keys) => {
      await original(d, stamp, keys);
      reached.open();
      // Still in the build's transaction, with the rows inserted: busy until the close interrupts a statement (or,
      // should the interrupt land between two statements, until the test says it has closed).
      while (!closing) await d.run('SELECT sum(x) FROM range(20000000) t(x)');
      throw new Error('closed under the build');
    });
    await bumpDataVersion(db());
    const seen = builds();
    const started = await b.derived.refresh();
    expect(started).not.toBeNull();
    const job = await nextBuild(seen);
    await reached.promise;
    closing = true;
    b.close();
    expect((await b.jobs.wait(job.id)).state).toBe('cancelled');
    vi.restoreAllMocks();
    await b.open(path);
    // The pivot and the codes were committed before the cells; the cells' build rolled back whole.
    expect(await staleKeys(db(), SHIFT_LABEL_CELLS, ['ground-truth'])).toEqual(['ground-truth']);
    expect((await staleSteps(db())).map((s) => s.what)).toEqual(['shift cells']);
    const stamp = String(await db().value(SHIFT_LABEL_CELLS.stampSql));
    expect(await db().value<number>('SELECT count(*) FROM shift_label_cells WHERE built_for = ?', [stamp])).toBe(0);
    const again = await b.derived.refresh();
    expect((await b.jobs.wait(again!)).state).toBe('done');
    expect(await staleSteps(db())).toEqual([]);
    expect(await db().value<number>('SELECT count(*) FROM shift_label_cells WHERE built_for = ?', [stamp])).toBeGreaterThan(0);
  }, 240_000);
});
