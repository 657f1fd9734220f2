// A training request expanded into the grid's models: one per scenario type × M, in training order (pooled,
// personal, workplace; M ascending), each with the trainer options it will use (defaults filled in, so a stored
// model says exactly how it was trained).
import { THEME_SCENARIO_TYPES, type ThemeScenarioType, type ThemeTrainArgs } from '../api/contract/index.js';
import { KsaeOptionError, resolveOptions } from '../../workers/ksae/options.js';
import { UserError } from '../domain/errors.js';
import type { NewModel } from './store.js';

export const GRID_DEFAULTS = {
  /** The paper's grid. */
  latents: [16, 32, 64, 128, 256],
  /** Personal and workplace apart, and pooled, as the paper did. */
  scenarioTypes: ['all', 'personal', 'workplace'] as ThemeScenarioType[],
};

export function expandGrid(args: ThemeTrainArgs, gridId: string): NewModel[] {
  const latents = [...new Set(args.latents ?? GRID_DEFAULTS.latents)].sort((a, b) => a - b);
  const wanted = new Set(args.scenarioTypes ?? GRID_DEFAULTS.scenarioTypes);
  const types = THEME_SCENARIO_TYPES.filter((t) => wanted.has(t));
  const out: NewModel[] = [];
  for (const scenarioType of types) for (const m of latents) {
    let params;
    try {
      params = resolveOptions({ latents: m, k: args.k, seed: args.seed, maxEpochs: args.maxEpochs });
    } catch (e) {
      if (e instanceof KsaeOptionError) throw new UserError(e.message, 'bad-request');
      throw e;
    }
    out.push({ embeddingSetId: args.embeddingSetId, gridId, latents: m, k: params.k, seed: params.seed, scenarioType, params: { ...params }, label: args.label ?? null });
  }
  return out;
}
