// The training form's state and the arguments it sends (themes-train). Its initial values are the paper's grid, which
// are also the backend's defaults (main/api/contract/themes.ts).
import type { ThemeScenarioType, ThemeTrainArgs } from '../../main/api/contract/index.js';

export interface TrainForm { embeddingSetId: string; latents: string; k: string; seed: string; scenarioTypes: ThemeScenarioType[]; maxEpochs: string }

export const INITIAL_TRAIN_FORM: TrainForm = { embeddingSetId: '', latents: '16,32,64,128,256', k: '2', seed: '1', scenarioTypes: ['all', 'personal', 'workplace'], maxEpochs: '' };

/** The latents field as numbers, or null while it is not a comma-separated list of whole numbers ≥ 2. */
export function parseLatents(s: string): number[] | null {
  const parts = s.split(/[\s,]+/).filter(Boolean);
  const xs = parts.map(Number);
  return xs.length > 0 && xs.every((x) => Number.isInteger(x) && x >= 2) ? xs : null;
}

export function toTrainArgs(f: TrainForm): ThemeTrainArgs | null {
  const latents = parseLatents(f.latents);
  const k = Number(f.k);
  const seed = Number(f.seed);
  if (!f.embeddingSetId || !latents || !Number.isInteger(k) || k < 1 || !Number.isInteger(seed) || f.scenarioTypes.length === 0) return null;
  return { embeddingSetId: f.embeddingSetId, latents, k, seed, scenarioTypes: f.scenarioTypes, maxEpochs: f.maxEpochs.trim() ? Number(f.maxEpochs) : undefined };
}
