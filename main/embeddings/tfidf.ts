// TF-IDF the way sklearn's TfidfVectorizer(sublinear_tf=True, min_df, max_features) computes it, so the golden
// test can compare against it term by term. Pure: no I/O.

/** Defaults of the offline embedder's lexical step, documented once here. */
export const TFIDF_DEFAULTS = {
  /** A term must occur in at least this many sentences (sklearn min_df); 2 drops hapaxes (typos, names). */
  minDf: 2,
  /** Keep at most this many terms, the most frequent over the corpus (sklearn max_features). */
  maxFeatures: 20_000,
};
export type TfidfOptions = Partial<typeof TFIDF_DEFAULTS>;

/** A sparse matrix in compressed sparse row form; column indices ascend within a row. */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export interface Tfidf {
  matrix: Csr;
  /** Column j's term; sorted by code point like sklearn's vocabulary. */
  vocabulary: string[];
  idf: Float64Array;
}

// sklearn's token_pattern (?u)\b\w\w+\b: maximal runs of at least two word characters (letters, digits, '_').
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function fitTfidf(texts: readonly string[], opts: TfidfOptions = {}): Tfidf {
  const { minDf, maxFeatures } = { ...TFIDF_DEFAULTS, ...opts };
  const n = texts.length;
  // Pass 1: each distinct term gets a provisional id; document frequency and corpus count per id.
  const ids = new Map<string, number>();
  const df: number[] = [];
  const total: number[] = [];
  const docs: Int32Array[] = [];
  for (const text of texts) {
    const toks = tokenize(text);
    const row = new Int32Array(toks.length);
    for (let i = 0; i < toks.length; i++) {
      let id = ids.get(toks[i]);
      if (id === undefined) {
        id = ids.size;
        ids.set(toks[i], id);
        df.push(0);
        total.push(0);
      }
      row[i] = id;
      total[id]++;
    }
    row.sort();
    for (let i = 0; i < row.length; i++) if (i === 0 || row[i] !== row[i - 1]) df[row[i]]++;
    docs.push(row);
  }
  // Vocabulary: df >= minDf, then the maxFeatures most frequent (ties: alphabetical, as sklearn's stable sort).
  let kept = [...ids.entries()].filter(([, id]) => df[id] >= minDf).sort((a, b) => byCodePoint(a[0], b[0]));
  if (kept.length > maxFeatures) {
    kept = kept.map((e, i) => ({ e, i })).sort((a, b) => total[b.e[1]] - total[a.e[1]] || a.i - b.i).slice(0, maxFeatures).map((x) => x.e);
    kept.sort((a, b) => byCodePoint(a[0], b[0]));
  }
  const column = new Int32Array(ids.size).fill(-1);
  const idf = new Float64Array(kept.length);
  kept.forEach(([, id], j) => {
    column[id] = j;
    idf[j] = Math.log((1 + n) / (1 + df[id])) + 1; // smooth_idf
  });
  // Pass 2: rows of (1 + ln tf) · idf, L2-normalised.
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const cols: number[] = [];
  for (let r = 0; r < n; r++) {
    cols.length = 0;
    for (const id of docs[r]) if (column[id] >= 0) cols.push(column[id]);
    cols.sort((a, b) => a - b);
    const start = indices.length;
    let norm = 0;
    for (let i = 0; i < cols.length; ) {
      let j = i;
      while (j < cols.length && cols[j] === cols[i]) j++;
      const v = (1 + Math.log(j - i)) * idf[cols[i]];
      indices.push(cols[i]);
      values.push(v);
      norm += v * v;
      i = j;
    }
    if (norm > 0) {
      const s = 1 / Math.sqrt(norm);
      for (let k = start; k < values.length; k++) values[k] *= s;
    }
    indptr[r + 1] = indices.length;
  }
  return {
    matrix: { rows: n, cols: kept.length, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) },
    vocabulary: kept.map(([t]) => t),
    idf,
  };
}
