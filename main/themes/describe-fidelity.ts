// Fidelity of a description (HypotheSAEs' _compute_metrics): a labeller says Yes/No for held-out sentences, the
// latent says fires (top-activating) or not (zero activation); precision, recall and F1 of the Yes answers.
import type { ThemeDescriptionCandidate, ThemeFidelity } from '../api/contract/index.js';

/** `labels[i]` for a sentence with `fires[i]`; null labels (unreadable answers) are counted apart, not guessed. */
export function fidelityOf(fires: readonly boolean[], labels: readonly (boolean | null)[]): ThemeFidelity {
  let tp = 0, fp = 0, fn = 0, tn = 0, unreadable = 0;
  for (let i = 0; i < fires.length; i++) {
    const y = labels[i];
    if (y === null || y === undefined) unreadable++;
    else if (y && fires[i]) tp++;
    else if (y) fp++;
    else if (fires[i]) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, fp, fn, tn, unreadable };
}

/** The candidate to keep: the highest F1 (the first on ties), or the first when none was checked. */
export function bestCandidate(candidates: readonly ThemeDescriptionCandidate[]): number {
  let best = 0;
  for (let i = 1; i < candidates.length; i++) {
    if ((candidates[i].fidelity?.f1 ?? -1) > (candidates[best].fidelity?.f1 ?? -1)) best = i;
  }
  return best;
}
