// The engine's error classes. A data error means the numbers handed in cannot support the analysis (too few
// rows, no variation, one cluster, separation, a singular design): its message is written for the user, and the
// analysis service shows it as such. A plain Error from this folder means the caller broke a function's contract
// (arrays of different lengths, a bad option value computed in code): that is a bug and must not be dressed up
// as a problem with the user's study.

/** The data cannot support the requested computation; the message says why, in words the user can act on. */
export class AnalysisDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisDataError';
  }
}
