// Reading a trained model's themes for the theme browser: all shaped in DuckDB SQL (browse-sql.ts); shifts come from
// the Fig. 2B/2C engine (browse-shifts.ts).
import type {
  ThemeCompareArgs, ThemeDetail, ThemeGetArgs, ThemeListArgs, ThemeListResult, ThemeModelSummary, ThemeRow, ThemeShift, ThemeSort,
} from '../api/contract/index.js';
import type { Db, Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import {
  activationSample, cofiring, descriptions, incidence, latentCounts, loadModels, matchingLatents, topSentences, topSentencesPerLatent,
} from './browse-sql.js';
import { latentLabel, modelShifts } from './browse-shifts.js';

export interface ThemeBrowserDeps {
  workspace: () => Workspace;
}

/** Every option's default, stated once (the contract's comments repeat them for callers). */
export const BROWSE_DEFAULTS = { sort: 'latent' as ThemeSort, listTopSentences: 3, limit: 25, offset: 0, sampleSize: 20, seed: 1 };

const share = (n: number, units: number) => (units > 0 ? n / units : 0);
const minQ = (shifts: ThemeShift[]) => shifts.reduce((m, s) => Math.min(m, s.q), Infinity);

const SORTERS: Record<ThemeSort, (a: ThemeRow, b: ThemeRow) => number> = {
  latent: (a, b) => a.latent - b.latent,
  share: (a, b) => b.shareTop1 - a.shareTop1 || b.shareAny - a.shareAny || a.latent - b.latent,
  shift: (a, b) => minQ(a.shifts) - minQ(b.shifts) || a.latent - b.latent,
  description: (a, b) => (a.description ?? '\uffff').localeCompare(b.description ?? '\uffff') || a.latent - b.latent,
};

export class ThemeBrowser {
  constructor(readonly deps: ThemeBrowserDeps) {}

  private get db(): Db {
    return this.deps.workspace().db;
  }

  private async model(modelId: string): Promise<ThemeModelSummary> {
    const [m] = await loadModels(this.db, [modelId]);
    if (!m) throw new UserError(`No theme model "${modelId}"`, 'not-found');
    return m;
  }

  /** Every latent of a model as a theme row: description, shares, top sentences and shift; optionally searched and sorted. */
  async themes(args: ThemeListArgs): Promise<ThemeListResult> {
    const db = this.db;
    const model = await this.model(args.modelId);
    const { units, rows } = await latentCounts(db, model.modelId, model.latents);
    const described = await descriptions(db, model.modelId);
    const top = await topSentencesPerLatent(db, model.modelId, BROWSE_DEFAULTS.listTopSentences);
    const shifts = await modelShifts(db, model.modelId, model.k);
    const needle = args.search?.trim();
    const keep = needle ? await matchingLatents(db, model.modelId, needle) : null;
    const themes = rows
      .filter((r) => !keep || keep.has(r.latent))
      .map((r): ThemeRow => {
        const d = described.get(r.latent);
        return {
          latent: r.latent, label: latentLabel(r.latent),
          description: d?.description ?? null, descriptionSource: d?.source ?? null,
          countTop1: r.countTop1, shareTop1: share(r.countTop1, units), countAny: r.countAny, shareAny: share(r.countAny, units),
          topSentences: top.get(r.latent) ?? [],
          shifts: shifts.byLatent.get(r.latent) ?? [],
        };
      })
      .sort(SORTERS[args.sort ?? BROWSE_DEFAULTS.sort]);
    return { model, units, themes, shiftsNote: shifts.note };
  }

  /** One theme in depth: a page of top sentences, a stratified sample, incidence by condition × round, shift, co-firing. */
  async theme(args: ThemeGetArgs): Promise<ThemeDetail> {
    const db = this.db;
    const model = await this.model(args.modelId);
    const { latent } = args;
    if (latent >= model.latents) throw new UserError(`Model "${model.modelId}" has latents 0..${model.latents - 1}, not ${latent}`, 'not-found');
    const offset = args.offset ?? BROWSE_DEFAULTS.offset;
    const limit = args.limit ?? BROWSE_DEFAULTS.limit;
    const { units, rows } = await latentCounts(db, model.modelId, model.latents);
    const counts = rows[latent];
    const described = await descriptions(db, model.modelId);
    const shifts = await modelShifts(db, model.modelId, model.k);
    const d = described.get(latent);
    const co = await cofiring(db, model.modelId, latent, units);
    return {
      model, units, latent, label: latentLabel(latent),
      description: d?.description ?? null, descriptionSource: d?.source ?? null,
      countTop1: counts.countTop1, shareTop1: share(counts.countTop1, units), countAny: counts.countAny, shareAny: share(counts.countAny, units),
      top: await topSentences(db, model.modelId, latent, offset, limit),
      topTotal: counts.countAny, offset, limit,
      sample: await activationSample(db, model.modelId, latent, args.sampleSize ?? BROWSE_DEFAULTS.sampleSize, args.seed ?? BROWSE_DEFAULTS.seed),
      incidence: await incidence(db, model.modelId, latent),
      shifts: shifts.byLatent.get(latent) ?? [],
      shiftsNote: shifts.note,
      cofiring: co.map((c) => ({ ...c, label: latentLabel(c.latent), description: described.get(c.latent)?.description ?? null })),
    };
  }

  /** Grid models side by side; every stored model when none is named. Unknown ids are a not-found error. */
  async compare(args: ThemeCompareArgs | null | undefined): Promise<ThemeModelSummary[]> {
    const ids = args?.modelIds ?? null;
    const models = await loadModels(this.db, ids);
    if (ids) {
      const missing = ids.filter((id) => !models.some((m) => m.modelId === id));
      if (missing.length) throw new UserError(`No theme model ${missing.map((m) => `"${m}"`).join(', ')}`, 'not-found');
    }
    return models;
  }
}
