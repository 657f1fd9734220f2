// The editable price table (USD per million tokens) and cost arithmetic. The defaults are OpenAI's published
// standard-tier list prices as we knew them (mid 2025); they are only a starting point, kept in the workspace
// (judge_prices) and edited there. A model with no row (a local server) has no price, and the UI says so.

import type { Db } from '../db/workspace.js';
import type { JudgeCost, PriceRow } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { nowSql } from './time.js';

const NOTE = 'OpenAI list price, standard tier, mid 2025: check the provider and edit';

export const DEFAULT_PRICES: PriceRow[] = [
  { model: 'gpt-4o', inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, batchDiscount: 0.5, note: NOTE },
  { model: 'gpt-4o-mini', inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075, batchDiscount: 0.5, note: NOTE },
  { model: 'gpt-4.1', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, batchDiscount: 0.5, note: NOTE },
  { model: 'gpt-4.1-mini', inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1, batchDiscount: 0.5, note: NOTE },
  { model: 'gpt-4.1-nano', inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025, batchDiscount: 0.5, note: NOTE },
  { model: 'gpt-5', inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125, batchDiscount: 0.5, note: NOTE },
  { model: 'gpt-5-mini', inputPerMTok: 0.25, outputPerMTok: 2, cachedInputPerMTok: 0.025, batchDiscount: 0.5, note: NOTE },
  { model: 'gpt-5-nano', inputPerMTok: 0.05, outputPerMTok: 0.4, cachedInputPerMTok: 0.005, batchDiscount: 0.5, note: NOTE },
  { model: 'o4-mini', inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275, batchDiscount: 0.5, note: NOTE },
  { model: 'o3', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, batchDiscount: 0.5, note: NOTE },
];

interface PriceDbRow {
  model: string; input_per_mtok: number; output_per_mtok: number; cached_input_per_mtok: number | null; batch_discount: number; note: string | null;
}

export async function getPrices(db: Db): Promise<PriceRow[]> {
  const rows = await db.all<PriceDbRow>(`SELECT * EXCLUDE (updated_at) FROM judge_prices ORDER BY model`);
  return rows.map((r) => ({
    model: r.model, inputPerMTok: r.input_per_mtok, outputPerMTok: r.output_per_mtok,
    cachedInputPerMTok: r.cached_input_per_mtok, batchDiscount: r.batch_discount, note: r.note,
  }));
}

/** Replaces the whole table. */
export async function setPrices(db: Db, rows: PriceRow[]): Promise<PriceRow[]> {
  const seen = new Set<string>();
  for (const r of rows) {
    const m = r.model?.trim();
    if (!m) throw new UserError('Every price row needs a model name');
    if (seen.has(m)) throw new UserError(`Model "${m}" appears twice in the price table`);
    seen.add(m);
    for (const [k, v] of [['input', r.inputPerMTok], ['output', r.outputPerMTok]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UserError(`${m}: ${k} price must be a number ≥ 0`);
    }
    if (r.cachedInputPerMTok != null && !(r.cachedInputPerMTok >= 0)) throw new UserError(`${m}: cached input price must be ≥ 0`);
    if (!(r.batchDiscount >= 0 && r.batchDiscount <= 1)) throw new UserError(`${m}: batch discount must be between 0 and 1`);
  }
  await db.transaction(async () => {
    await db.run(`DELETE FROM judge_prices`);
    for (const r of rows) {
      await db.run(`INSERT INTO judge_prices VALUES (?, ?, ?, ?, ?, ?, ${nowSql})`,
        [r.model.trim(), r.inputPerMTok, r.outputPerMTok, r.cachedInputPerMTok ?? null, r.batchDiscount, r.note ?? null]);
    }
  });
  return getPrices(db);
}

/** Exact match, else the longest row that is a prefix of the model name ("gpt-4o-2024-08-06" → "gpt-4o"). */
export function priceFor(prices: PriceRow[], model: string): PriceRow | null {
  const exact = prices.find((p) => p.model === model);
  if (exact) return exact;
  let best: PriceRow | null = null;
  for (const p of prices) if (model.startsWith(p.model) && (!best || p.model.length > best.model.length)) best = p;
  return best;
}

export function cost(
  price: PriceRow | null,
  t: { inputTokens: number; outputTokens: number; cachedTokens?: number },
  batch: boolean,
): JudgeCost {
  if (!price) return { amount: null, currency: 'USD', priced: false, note: 'no price for this model in the price table' };
  const cached = Math.min(t.cachedTokens ?? 0, t.inputTokens);
  const cachedRate = price.cachedInputPerMTok ?? price.inputPerMTok;
  let amount = ((t.inputTokens - cached) * price.inputPerMTok + cached * cachedRate + t.outputTokens * price.outputPerMTok) / 1e6;
  if (batch) amount *= 1 - price.batchDiscount;
  return {
    amount: Math.round(amount * 1e6) / 1e6, currency: 'USD', priced: true,
    note: `${price.model}: $${price.inputPerMTok}/M input, $${price.outputPerMTok}/M output${batch ? `, batch −${Math.round(price.batchDiscount * 100)}%` : ''}`,
  };
}
