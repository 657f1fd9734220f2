// The kSAE worker only registers (style E1): one embedding matrix, any number of trainers over it.
import { exposeWorker } from './rpc.js';
import { kSaeApi } from './ksae/remote.js';

export const api = kSaeApi();
export type KsaeWorker = typeof api;
exposeWorker(api);
