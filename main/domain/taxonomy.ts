// Names from the Lend an Ear sentence taxonomy that analyses and figures show (no I/O: plain data).

/** Display names of the Lend an Ear taxonomy's level-2 codes (Fig. 2A); other codes show as they are. */
export const LEVEL2_NAMES: Record<string, string> = {
  'Affective/DA': 'Demonstrating availability',
  'Affective/ES': 'Expressing sympathy',
  'Affective/VE': 'Validating emotions',
  'Cognitive/DU': 'Demonstrating understanding',
  'Cognitive/EE': 'Encouraging elaboration',
  'Motivational/A': 'Affirming',
  'Motivational/PR': 'Providing reassurance',
  'Misattuned/AG': 'Advice giving',
  'Misattuned/DE': 'Dismissing emotions',
  'Misattuned/SO': 'Self-oriented',
};
