// Fixed vocabulary of the Lend an Ear design. Other studies may use other labels; these are the defaults.

export const PRESCRIPTIVE = ['encouraging_elaboration', 'validating_emotions', 'demonstrating_understanding'] as const;
export const PROSCRIPTIVE = ['advice_giving', 'self_oriented', 'dismissing_emotions'] as const;
export const DIMENSIONS = [...PRESCRIPTIVE, ...PROSCRIPTIVE] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_LABELS: Record<Dimension, string> = {
  encouraging_elaboration: 'Encouraging elaboration',
  validating_emotions: 'Validating emotions',
  demonstrating_understanding: 'Demonstrating understanding',
  advice_giving: 'Advice giving',
  self_oriented: 'Self-oriented',
  dismissing_emotions: 'Dismissing emotions',
};

export const CONDITIONS = ['control', 'video', 'coach', 'combined'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const SCENARIOS = ['job_loss', 'passed_over_promotion', 'undervalued_at_work', 'parent_cancer', 'parent_death'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_TYPE: Record<Scenario, 'workplace' | 'personal'> = {
  job_loss: 'workplace',
  passed_over_promotion: 'workplace',
  undervalued_at_work: 'workplace',
  parent_cancer: 'personal',
  parent_death: 'personal',
};

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const SELF_REPORT_ITEMS = ['empathized', 'showed_understanding', 'encouraged_elaboration'] as const;

/** Overall empathic communication score: prescriptive minus proscriptive (range -12..12). */
export function overallScore(s: Partial<Record<Dimension, number | null>>): number | null {
  let total = 0;
  for (const d of PRESCRIPTIVE) { const v = s[d]; if (v == null) return null; total += v; }
  for (const d of PROSCRIPTIVE) { const v = s[d]; if (v == null) return null; total -= v; }
  return total;
}
