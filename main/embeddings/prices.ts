// Embedding model prices (USD per million input tokens), used when the workspace's price table (judge_prices,
// edited in Settings) has no row for the model. OpenAI's published standard-tier list prices, mid 2025.
import type { PriceRow } from '../api/contract/judge.js';

const NOTE = 'OpenAI list price, standard tier, mid 2025: check the provider and edit';

export const EMBEDDING_PRICES: PriceRow[] = [
  { model: 'text-embedding-3-large', inputPerMTok: 0.13, outputPerMTok: 0, cachedInputPerMTok: null, batchDiscount: 0.5, note: NOTE },
  { model: 'text-embedding-3-small', inputPerMTok: 0.02, outputPerMTok: 0, cachedInputPerMTok: null, batchDiscount: 0.5, note: NOTE },
  { model: 'text-embedding-ada-002', inputPerMTok: 0.1, outputPerMTok: 0, cachedInputPerMTok: null, batchDiscount: 0.5, note: NOTE },
];
