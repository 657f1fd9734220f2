// Test helpers for the golden fixtures written by tests/golden/make_golden.py.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The shared folder (../shared from the repository root). */
export const SHARED = resolve(HERE, '..', '..', '..', 'shared');

/** Parsed JSON fixture from tests/golden. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
  return JSON.parse(readFileSync(join(HERE, name), 'utf8'));
}

/** Default tolerance: 6 significant digits, with an absolute floor for values that are (nearly) zero. */
export const REL = 1e-6;
export const ABS = 1e-12;

/** Asserts |actual - expected| <= rel |expected| + abs; a null/NaN expectation requires NaN. */
export function close(actual: number, expected: number | null, what = '', rel = REL, abs = ABS): void {
  if (expected === null || Number.isNaN(expected)) {
    expect(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`).toBe(true);
    return;
  }
  const err = Math.abs(actual - expected);
  const tol = rel * Math.abs(expected) + abs;
  expect(err <= tol, `${what}: ${actual} vs expected ${expected} (error ${err.toExponential(2)}, tolerance ${tol.toExponential(2)})`).toBe(true);
}

/** Element-wise close() over arrays (or nested arrays). */
export function closeAll(actual: ArrayLike<unknown>, expected: ArrayLike<unknown>, what = '', rel = REL, abs = ABS): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Array.isArray(e)) closeAll(a as ArrayLike<unknown>, e, `${what}[${i}]`, rel, abs);
    else close(a as number, e as number | null, `${what}[${i}]`, rel, abs);
  }
}

/** Minimal RFC 4180 CSV parser (quoted fields with commas, doubled quotes and newlines). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

/** Reads the Lend an Ear pilot ratings of one rater: conversation_id -> dimension -> score. */
export function pilotRatings(rater: string): Map<string, Record<string, number>> {
  const text = readFileSync(join(SHARED, 'corpora', 'lend-an-ear-pilot', 'ratings', `${rater}.csv`), 'utf8');
  const out = new Map<string, Record<string, number>>();
  for (const r of parseCsv(text)) {
    const scores: Record<string, number> = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'conversation_id' && k !== 'full_conversation' && k !== '') scores[k] = Number(v);
    out.set(r.conversation_id, scores);
  }
  return out;
}
