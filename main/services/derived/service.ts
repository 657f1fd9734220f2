// Builds the derived tables the default analyses read (main/db/derived-table.ts) as a background job after new data,
// the way the search service builds the word index after an import: at 100x the shift cells take about a minute and
// the score pivot seconds, which the first figure after an import would otherwise wait for. The job runs on a
// connection of its own, reports a step per table, and is cancelled (its transaction rolls back) when the workspace
// closes. An analysis that needs a table while the job builds it waits for that build instead of starting another.
import { freshDerived, staleKeys, type DerivedTable } from '../../db/derived-table.js';
import type { Db, Workspace } from '../../db/workspace.js';
import { BackgroundBuild, type BuildWork } from '../../jobs/background-build.js';
import type { JobRunner } from '../../jobs/runner.js';
import { CONVERSATION_CODES_TABLE, PARTICIPANT_CODES_TABLE, SELF_REPORT_CODES_TABLE } from '../../studydata/codes.js';
import { PAIRWISE_CODES, PAIRWISE_JUDGES } from '../../studydata/pairwise.js';
import { SCORE_PIVOT } from '../../studydata/score-pivot.js';
import { SHIFT_LABEL_CELLS } from '../../studydata/shift-cells.js';
import { labellings } from '../../studydata/shifts.js';
import { defaultLabelling } from '../analysis/shifts.js';

export interface DerivedTablesHost {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
}

/** The kind of the background job (Backend.open stops it rather than waiting for it). */
export const DERIVED_TABLES_JOB = 'derived-tables';

/** One table a default analysis reads, for the keys it reads (none: the whole table); freshDerived builds it. */
export interface DerivedStep {
  readonly what: string;
  readonly table: DerivedTable;
  readonly keys: string[];
}

/**
 * What the default analyses read: every score set's pivot (agreement compares any of them; trait, preference, Elo and
 * effects read the default set), the pairwise codes and judges (preference, Elo), the design's codes (codes.ts) and the default
 * labelling's shift cells.
 */
export async function defaultSteps(db: Db): Promise<DerivedStep[]> {
  const steps: DerivedStep[] = [];
  const sets = (await db.all<{ id: string }>('SELECT score_set_id AS id FROM score_sets ORDER BY 1')).map((r) => r.id);
  if (sets.length) steps.push({ what: 'score pivot', table: SCORE_PIVOT, keys: sets });
  if (await db.value<boolean>('SELECT EXISTS (SELECT 1 FROM pairwise)')) {
    steps.push({ what: 'pairwise codes', table: PAIRWISE_CODES, keys: [] });
    steps.push({ what: 'pairwise judges', table: PAIRWISE_JUDGES, keys: [] });
  }
  // The design's codes: trait, Elo, effects and the id look-ups of every analysis read them.
  steps.push({ what: 'conversation codes', table: CONVERSATION_CODES_TABLE, keys: [] });
  steps.push({ what: 'participant codes', table: PARTICIPANT_CODES_TABLE, keys: [] });
  if (await db.value<boolean>('SELECT EXISTS (SELECT 1 FROM self_reports)')) {
    steps.push({ what: 'self-report codes', table: SELF_REPORT_CODES_TABLE, keys: [] });
  }
  const all = await labellings(db);
  if (all.length) {
    const labelling = defaultLabelling(all);
    steps.push({ what: 'shift cells', table: SHIFT_LABEL_CELLS, keys: [labelling] });
  }
  return steps;
}

/** The steps whose table is not built for the current data. */
export async function staleSteps(db: Db): Promise<DerivedStep[]> {
  const out: DerivedStep[] = [];
  for (const s of await defaultSteps(db)) if ((await staleKeys(db, s.table, s.keys)).length) out.push(s);
  return out;
}

export class DerivedTablesService {
  private readonly build: BackgroundBuild;

  constructor(host: DerivedTablesHost) {
    this.build = new BackgroundBuild(host, DERIVED_TABLES_JOB, (start) => this.check(host.workspace, start));
  }

  /**
   * Starts a build of the stale tables the default analyses read, as a job. A build already running is followed by
   * one more check, so data that lands during a build is built for too. Returns the job id, or null when all are fresh.
   */
  refresh(): Promise<string | null> {
    return this.build.refresh();
  }

  private async check(ws: Workspace, start: <R>(message: string, work: BuildWork<R>) => string): Promise<string | null> {
    if ((await staleSteps(ws.db)).length === 0) return null;
    return start('Preparing the analyses’ tables for the new data', async (db, ctx) => {
      // Looked at again on this connection: an analysis may have built some since the check. Each table is built by
      // one or a few long statements: a cancel interrupts the one running and its build rolls back.
      const steps = await staleSteps(db);
      const built: string[] = [];
      for (const [i, step] of steps.entries()) {
        ctx.checkCancelled();
        ctx.progress(i, steps.length, `Building the ${step.what}`);
        await freshDerived(db, step.table, step.keys);
        built.push(step.what);
      }
      ctx.progress(steps.length, steps.length, built.length ? `Built the ${built.join(', ')}` : 'The analyses’ tables are up to date');
      return { built };
    });
  }

  /** Nothing of this service is reading the workspace: no staleness check and no job in flight. */
  get idle(): boolean {
    return this.build.idle;
  }

  /** Cancels a running build and waits for it to roll back, so its workspace can close under it. */
  stop(): Promise<void> {
    return this.build.stop();
  }
}
