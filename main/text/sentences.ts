// Sentence units for theme analysis (methods §8): supporter messages split with Intl.Segmenter,
// units shorter than 2 characters dropped. Generator ground truth and kSAE units both rely on this.

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

export const MIN_UNIT_LENGTH = 2;

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const unit = segment.trim();
    if (unit.length >= MIN_UNIT_LENGTH) out.push(unit);
  }
  return out;
}
