// study.json: marks the folder as simulated and records what generated it, including the effects the
// score model was calibrated to, so an analysis of the folder can be checked against its truth.

import type { Dimension } from '../main/domain/study.js';
import type { FileStats } from './csv.js';
import type { Term } from './scores-model.js';

export const GENERATOR_VERSION = 'empathy-workbench demo generator v7';
export const STUDY_NAME = 'Lend an Ear (simulated)';

export interface DemoCounts {
  participants: number;
  conversations: number;
  messages: number;
  supporter_messages: number;
  supporter_sentences: number;
  supporter_words: number;
  scores: number;
  self_reports: number;
  pairwise_llm: number;
  pairwise_human: number;
  human_raters: number;
  human_pool_conversations: number;
  taxonomy_categories: number;
}

export interface DemoManifest {
  name: string;
  simulated: true;
  seed: number;
  scale: number;
  generator: string;
  /** Extended Data Table 1 coefficients (SD units) the scores were calibrated to, by dimension and term. */
  generating_effects: Record<Dimension, Record<Term, number>>;
  effects_model: string;
  counts: DemoCounts;
  /** Everything else needed to regenerate or audit the simulation. */
  model: Record<string, unknown>;
  files: Record<string, FileStats>;
}

export const EFFECTS_MODEL =
  'OLS of score / sd(score) (sd over all conversations) on video, coach, combined, post (round >= 2) and condition:post; ' +
  'control and round 1 are the reference. Latent cell means are calibrated so the expected discretised scores give these coefficients exactly.';

export function manifestJson(m: DemoManifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}
