// What each figure needs from a study, so the list can grey out the ones the open study cannot support
// and say why before anyone clicks (a pilot without conditions or rounds supports only rater agreement).
import type { AnalysisOptions } from '../../main/api/contract/index.js';

type Need = (o: AnalysisOptions) => string | null;

const scores: Need = (o) => (o.scoreSets.length ? null : 'needs a score set');
const conditions: Need = (o) => (o.conditions.length >= 2 ? null : 'needs two or more conditions');
const rounds: Need = (o) => (o.rounds.length >= 2 ? null : 'needs two rounds (baseline and post)');
const labels: Need = (o) => (o.labellings.length ? null : 'needs sentence labels or a trained theme model');
const taxonomy: Need = (o) => (o.taxonomyLevels.some((l) => l !== 'category') ? null : 'needs a taxonomy');
const traits: Need = (o) => (o.traits.length ? null : 'needs participant traits');
const selfReports: Need = (o) => (o.selfReportItems.length ? null : 'needs self-reports');
const llmPairs: Need = (o) => (o.pairwiseJudges.some((j) => j.kind === 'llm') ? null : 'needs pairwise judgments by an LLM');
const humanPairs: Need = (o) => (o.pairwiseJudges.some((j) => j.kind === 'human') ? null : 'needs pairwise choices by people');
const twoScenarioTypes: Need = (o) => (o.scenarioTypes.length >= 2 ? null : 'needs conversations of two scenario types (e.g. workplace and personal)');
const twoSets: Need = (o) => (o.scoreSets.length >= 2 ? null : 'needs two score sets');

const NEEDS: Record<string, Need[]> = {
  effects: [scores, conditions, rounds],
  rci: [scores, conditions, rounds],
  trajectories: [scores, conditions, rounds],
  'change-distribution': [scores, conditions, rounds],
  'scenario-baseline': [scores, conditions, twoScenarioTypes],
  'scenario-trajectories': [scores, conditions, rounds, twoScenarioTypes],
  shifts: [labels, taxonomy, rounds],
  'theme-shifts': [labels, rounds],
  trait: [scores, traits],
  'self-report': [scores, selfReports],
  'elo-deciles': [scores, llmPairs],
  'preference-rates': [scores, humanPairs],
  'bradley-terry': [humanPairs],
  agreement: [twoSets],
};

/** Why the open study cannot draw this figure (the first missing piece), or null when it can. */
export function figureUnsupported(id: string, o: AnalysisOptions): string | null {
  for (const need of NEEDS[id] ?? []) {
    const why = need(o);
    if (why) return why;
  }
  return null;
}
