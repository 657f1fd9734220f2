// The UMAP worker only registers (style E1): any number of layouts, each over its own matrix.
import { exposeWorker } from './rpc.js';
import { umapApi } from './umap/remote.js';

export const api = umapApi();
export type UmapWorker = typeof api;
exposeWorker(api);
