// Public API of the statistics engine: pure functions over plain arrays, checked against statsmodels / scipy /
// sklearn golden fixtures in tests/golden (see tests/golden/make_golden.py).

export * from './errors.js';
export * from './distributions.js';
export * from './linalg.js';
export * from './descriptive.js';
export * from './random.js';
export * from './ols.js';
export * from './ols-cells.js';
export * from './effects.js';
export * from './contrasts.js';
export * from './multiple.js';
export * from './mixedlm.js';
export * from './rci.js';
export * from './trait.js';
export * from './proportions.js';
export * from './incidence.js';
export * from './logit.js';
export * from './preference-logit.js';
export * from './correlation.js';
export * from './bradleyTerry.js';
export * from './elo.js';
export * from './krippendorff.js';
export * from './agreement.js';
export * from './nominal-agreement.js';
export * from './silhouette.js';
export * from './clustering-agreement.js';
export * from './kmeans.js';
export * from './scenario-profiles.js';
