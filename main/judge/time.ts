// Judge tables keep UTC timestamps; the API shows them as ISO 8601 with a Z.

import { DuckDBTimestampValue } from '@duckdb/node-api';

/** SQL for the current UTC time as a TIMESTAMP (DuckDB's now() is a TIMESTAMPTZ in the session zone). */
export const nowSql = `CAST(timezone('UTC', now()) AS TIMESTAMP)`;

export function tsValue(ms: number): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(Math.round(ms)) * 1000n);
}

/** '2025-01-02 03:04:05.678' (a TIMESTAMP read back as text) → '2025-01-02T03:04:05.678Z'. */
export function isoOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(s);
  if (!m) return s;
  return `${m[1]}T${m[2]}${m[3] ? m[3].slice(0, 4) : '.000'}Z`;
}
