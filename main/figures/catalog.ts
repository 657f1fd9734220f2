// Node-side: every figure of the paper from one workspace, with the analyses' defaults (or the given arguments).
// Used by `workbench figures`, `workbench report` and the bench. A figure whose analysis cannot run on this study
// (a missing table, one score set only) is listed with the reason instead.

import type { Db } from '../db/workspace.js';
import {
  computeAgreementMatrix, computeContrasts, computeEffects, computeElo, computePreference, computeRci, computeScenarioTypes, computeShifts, computeTrait,
} from '../services/analysis/index.js';
import { agreementMatrixFigure } from './agreement.js';
import { effectsFigure } from './effects.js';
import { bradleyTerryFigure, eloDecilesFigure, preferenceRatesFigure } from './preference.js';
import { changeDistributionFigure, rciFigure, trajectoriesFigure } from './rci.js';
import { scenarioBaselineFigure, scenarioTrajectoriesFigure } from './scenario-types.js';
import { shiftsFigure, themeShiftsFigure } from './shifts.js';
import { selfReportFigure, traitFigure } from './trait.js';
import type { FigureSpec } from './types.js';

export interface CatalogOptions {
  scoreSetId?: string;
  reference?: string;
  /** Per-figure-group arguments are the analyses' own; these cover what the CLI exposes. */
  labelling?: string;
}

export interface CatalogEntry { id: string; paperRef: string; figure: FigureSpec | null; skipped: string | null; ms: number }

export async function buildCatalog(db: Db, opts: CatalogOptions = {}): Promise<CatalogEntry[]> {
  const out: CatalogEntry[] = [];
  const group = async (ids: [string, string][], make: () => Promise<FigureSpec[]>) => {
    const t0 = performance.now();
    try {
      const figs = await make();
      const ms = (performance.now() - t0) / Math.max(1, figs.length);
      for (const f of figs) out.push({ id: f.id, paperRef: f.paperRef, figure: f, skipped: null, ms });
    } catch (e) {
      for (const [id, paperRef] of ids) out.push({ id, paperRef, figure: null, skipped: (e as Error).message, ms: performance.now() - t0 });
    }
  };
  const s = { scoreSetId: opts.scoreSetId };
  await group([['effects', 'Fig. 3B']], async () => {
    const e = await computeEffects(db, { ...s, reference: opts.reference, includeOverall: true });
    const c = await computeContrasts(db, { ...s, reference: opts.reference });
    return [effectsFigure(e, c)];
  });
  await group([['rci', 'Fig. 3A'], ['trajectories', 'Extended Data Fig. 2'], ['change-distribution', 'Extended Data Fig. 1']], async () => {
    const r = await computeRci(db, { ...s, control: opts.reference });
    return [rciFigure(r), trajectoriesFigure(r), changeDistributionFigure(r)];
  });
  await group([['scenario-baseline', 'Extended Data Fig. 3'], ['scenario-trajectories', 'Extended Data Fig. 4']], async () => {
    const r = await computeScenarioTypes(db, s);
    return [scenarioBaselineFigure(r), scenarioTrajectoriesFigure(r)];
  });
  await group([['trait', 'Fig. 5A'], ['self-report', 'Fig. 5B']], async () => {
    const r = await computeTrait(db, s);
    return [traitFigure(r), selfReportFigure(r)];
  });
  await group([['shifts-level2', 'Fig. 2B']], async () => [shiftsFigure(await computeShifts(db, { labelling: opts.labelling, level: 'level2' }))]);
  await group([['theme-shifts-category', 'Fig. 2C']], async () => [themeShiftsFigure(await computeShifts(db, { labelling: opts.labelling, level: 'category' }))]);
  await group([['elo-deciles', 'Fig. 6A']], async () => [eloDecilesFigure(await computeElo(db, s))]);
  await group([['preference-rates', 'Fig. 6B'], ['bradley-terry', 'Fig. 6C']], async () => {
    const r = await computePreference(db, s);
    return [preferenceRatesFigure(r), bradleyTerryFigure(r)];
  });
  await group([['agreement-matrix', 'Rater agreement']], async () => [agreementMatrixFigure(await computeAgreementMatrix(db))]);
  return out;
}
