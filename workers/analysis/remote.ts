// What the analysis worker serves: the model fits of the analyses, on typed arrays moved to it.

import { fitEffectsOutcomes } from './effects.js';

export function analysisApi() {
  return { effects: fitEffectsOutcomes };
}
