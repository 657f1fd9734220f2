// Post-conversation self-assessment: four 1-5 items, generous (mostly 4-5) and driven by the person's
// own rating style, not by what the judge saw (the paper's "silent empathy" disconnect).

import type { Random } from './prng.js';

export const SELF_REPORT_ITEMS_GENERATED = ['empathized', 'showed_understanding', 'encouraged_elaboration', 'validated_feelings'] as const;

const ITEM_OFFSET: Record<(typeof SELF_REPORT_ITEMS_GENERATED)[number], number> = {
  empathized: 0.2,
  showed_understanding: 0.18,
  encouraged_elaboration: -0.17,
  validated_feelings: -0.05,
};

export function drawSelfReports(rng: Random, selfRating: number): number[] {
  const occasion = 0.3 * rng.normal();
  return SELF_REPORT_ITEMS_GENERATED.map((item) => {
    const v = 4.15 + ITEM_OFFSET[item] + 0.45 * selfRating + occasion + 0.5 * rng.normal();
    return Math.min(5, Math.max(1, Math.round(v)));
  });
}
