// What the analysis worker serves: the model fits of the analyses, on typed arrays moved to it. A data error (the
// engine's AnalysisDataError: singular design, no pairs…) comes back as a value, since only a message crosses the
// thread boundary and the caller must still tell the user's problem from a bug.

import { AnalysisDataError, reliableChangeColumns } from '../../main/analysis/index.js';
import { agreementRows, agreementTableRows } from './agreement.js';
import { fitEffectsOutcomes } from './effects.js';
import { eloFit } from './elo.js';
import { preferenceHigherModels, preferenceLlmModels, scenarioStrengths, strengthItems } from './preference.js';
import { scenarioTypesFit } from './scenario-types.js';
import { shiftsFit } from './shifts.js';
import { traitFit } from './trait.js';

export type Guarded<T> = { value: T } | { dataError: string };

function guarded<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => Guarded<T> {
  return (...args) => {
    try {
      return { value: fn(...args) };
    } catch (e) {
      if (e instanceof AnalysisDataError) return { dataError: e.message };
      throw e;
    }
  };
}

export function analysisApi() {
  return {
    effects: guarded(fitEffectsOutcomes),
    agreement: guarded(agreementRows),
    agreementTable: guarded(agreementTableRows),
    rci: guarded(reliableChangeColumns),
    elo: guarded(eloFit),
    preferenceHigherModels: guarded(preferenceHigherModels),
    preferenceLlmModels: guarded(preferenceLlmModels),
    preferenceScenarioStrengths: guarded(scenarioStrengths),
    preferenceStrengthItems: guarded(strengthItems),
    trait: guarded(traitFit),
    shifts: guarded(shiftsFit),
    scenarioTypes: guarded(scenarioTypesFit),
  };
}
