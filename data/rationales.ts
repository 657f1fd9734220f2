// The simulated judge's one-sentence rationale for a score, with the transcript evidence counted:
// how many supporter sentences fell in the categories that drive that dimension.

import type { Dimension } from '../main/domain/study.js';
import type { Random } from './prng.js';

const BANDS: Record<Dimension, readonly [string, string, string, string, string]> = {
  encouraging_elaboration: [
    'The supporter asked nothing that invited the seeker to say more',
    'Only one or two closed or factual questions, leaving little room to elaborate',
    'Some open questions, though the supporter often moved on before the seeker could expand',
    'Several open questions invited the seeker to share more of the story and the feelings',
    'Consistently curious, open questions kept inviting the seeker to elaborate',
  ],
  validating_emotions: [
    "The seeker's feelings were not acknowledged",
    'Feelings were acknowledged only in passing',
    'Some validation of the feelings, mixed with attempts to move past them',
    'The supporter clearly named and normalised the feelings',
    "Warm, explicit validation of the seeker's feelings throughout",
  ],
  demonstrating_understanding: [
    'No sign that the supporter took in what the seeker said',
    'Generic statements of understanding without reflecting the situation',
    'Occasional reflection of the situation, mostly in general terms',
    "The supporter paraphrased the seeker's situation and perspective",
    "Accurate, specific reflections showed the supporter understood the seeker's perspective",
  ],
  advice_giving: [
    'No advice was offered',
    'A single mild suggestion',
    'Some unsolicited suggestions alongside listening',
    'Frequent unsolicited advice about what the seeker should do',
    'The conversation was dominated by unsolicited advice and fixes',
  ],
  self_oriented: [
    'The focus stayed on the seeker',
    "One brief reference to the supporter's own experience",
    'The supporter shifted to their own experience at times',
    "Repeated turns toward the supporter's own story",
    "The supporter's own experiences took over the conversation",
  ],
  dismissing_emotions: [
    'No dismissive responses',
    'A mild platitude or two',
    'Some reassurance that skipped past the feelings',
    'Frequent minimising or reassurance that brushed the feelings aside',
    "The seeker's feelings were repeatedly minimised or brushed aside",
  ],
};

const EVIDENCE: Record<Dimension, string> = {
  encouraging_elaboration: 'question',
  validating_emotions: 'validating sentence',
  demonstrating_understanding: 'reflecting sentence',
  advice_giving: 'advising sentence',
  self_oriented: 'self-focused sentence',
  dismissing_emotions: 'dismissive sentence',
};

export function rationale(rng: Random, dimension: Dimension, score: number, evidence: number): string {
  const band = BANDS[dimension][score - 1]!;
  if (evidence === 0 || rng.bernoulli(0.3)) return `${band}.`;
  return `${band} (${evidence} ${EVIDENCE[dimension]}${evidence === 1 ? '' : 's'}).`;
}
