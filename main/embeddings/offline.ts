// The built-in offline embedder: TF-IDF (sublinear tf, smoothed idf, L2 rows) fitted on the study's sentences,
// truncated SVD to `dimensions`, rows unit-normalised. A LEXICAL STAND-IN for a semantic model: sentences are
// near when they share words, not meaning. It needs no weights, so the whole themes pipeline runs offline.
import { fitTfidf, TFIDF_DEFAULTS, type TfidfOptions } from './tfidf.js';
import { randomizedSvd, SVD_DEFAULTS, type SvdOptions } from './randomized-svd.js';

export const OFFLINE_PROVIDER = 'offline';
/** Shown wherever an offline set is listed, so nobody mistakes it for a semantic model. */
export const OFFLINE_LABEL = 'lexical stand-in';
export const OFFLINE_DEFAULTS = { dimensions: 256, ...TFIDF_DEFAULTS, ...SVD_DEFAULTS };
export type OfflineOptions = { dimensions?: number } & TfidfOptions & SvdOptions;

export function offlineModelName(dimensions: number): string {
  return `tfidf-svd-${dimensions}`;
}

export interface OfflineEmbedding {
  /** Actual dimensions: the requested number, or fewer when the vocabulary or corpus is smaller. */
  dimensions: number;
  /** rows × dimensions, row-major, unit rows (zero rows for sentences without a vocabulary word). */
  data: Float32Array;
  vocabularySize: number;
  emptyRows: number;
  singularValues: Float64Array;
}

export function embedOffline(texts: readonly string[], opts: OfflineOptions = {}, onStep?: (step: number, steps: number) => void): OfflineEmbedding {
  const o = { ...OFFLINE_DEFAULTS, ...opts };
  const { matrix } = fitTfidf(texts, { minDf: o.minDf, maxFeatures: o.maxFeatures });
  const svd = randomizedSvd(matrix, o.dimensions, { oversamples: o.oversamples, powerIterations: o.powerIterations, seed: o.seed }, onStep);
  const d = svd.k;
  const data = new Float32Array(matrix.rows * d);
  const row = new Float64Array(d);
  let emptyRows = 0;
  for (let r = 0; r < matrix.rows; r++) {
    row.fill(0);
    for (let p = matrix.indptr[r]; p < matrix.indptr[r + 1]; p++) {
      const b = matrix.indices[p] * d, x = matrix.values[p];
      for (let j = 0; j < d; j++) row[j] += x * svd.components[b + j];
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += row[j] * row[j];
    if (norm === 0) {
      emptyRows++;
      continue;
    }
    const s = 1 / Math.sqrt(norm);
    for (let j = 0; j < d; j++) data[r * d + j] = row[j] * s;
  }
  return { dimensions: d, data, vocabularySize: matrix.cols, emptyRows, singularValues: svd.singularValues };
}
