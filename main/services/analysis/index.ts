// The analysis services (issue 2): each compute* function reads the arrays it needs through main/studydata (SQL,
// parameters only), hands them to the statistics engine (main/analysis, pure functions) and returns plain JSON with
// its provenance. AnalysisService wraps them for the Backend; the CLI, the figures catalog and the bench call the
// functions directly.

export { computeAgreement, computeAgreementMatrix, parseRaterSpec } from './agreement.js';
export { computeContrasts, computeEffects } from './effects.js';
export { computeElo } from './elo.js';
export { analysisOptions } from './options.js';
export { computePreference } from './preference.js';
export { APP_VERSION } from './provenance.js';
export { computeRci } from './rci.js';
export { computeScenarioTypes } from './scenario-types.js';
export { computeShifts } from './shifts.js';
export { computeTrait, SELF_REPORT_OUTCOME } from './trait.js';
export { AnalysisService, type AnalysisServiceDeps, userFacing } from './service.js';
