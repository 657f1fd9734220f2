// The analysis worker only registers (style E1): each call is one analysis' fits over the typed arrays it was given.
import { exposeWorker } from './rpc.js';
import { analysisApi } from './analysis/remote.js';

export const api = analysisApi();
export type AnalysisWorker = typeof api;
exposeWorker(api);
