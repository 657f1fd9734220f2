import { embedOffline, type OfflineOptions } from '../main/embeddings/offline.js';
import { exposeWorker, transfer } from './rpc.js';

/** The offline embedder over all sentence texts; the vectors come back as a transferred buffer. */
function offline(texts: string[], opts: OfflineOptions) {
  const e = embedOffline(texts, opts);
  return transfer({ dimensions: e.dimensions, data: e.data, vocabularySize: e.vocabularySize, emptyRows: e.emptyRows, singularValues: Array.from(e.singularValues) }, [e.data.buffer as ArrayBuffer]);
}

export const api = { offline };
export type EmbeddingsWorker = typeof api;
exposeWorker(api);
