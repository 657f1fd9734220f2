// How a console result becomes JSON: DuckDB's own JSON conversion (lists → arrays, structs → objects,
// dates and decimals → text), except that whole numbers wider than 32 bits become numbers when they are
// exactly representable (counts and sums are BIGINT/HUGEINT, and a table of "1234" strings reads badly).
import { DuckDBTypeId, JsonDuckDBValueConverter, type DuckDBDataChunk, type DuckDBResult } from '@duckdb/node-api';
import type { SqlColumn } from '../api/contract/sql.js';

const WIDE_INTEGERS = new Set<number>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/** Column names (deduplicated the way DuckDB does: a, a_1) and their SQL types. */
export function resultColumns(result: DuckDBResult): SqlColumn[] {
  const names = result.deduplicatedColumnNames();
  return names.map((name, i) => ({ name, type: result.columnType(i).toString() }));
}

/** A chunk's rows as JSON arrays in column order. */
export function chunkRows(result: DuckDBResult, chunk: DuckDBDataChunk): unknown[][] {
  const rows = chunk.convertRows(JsonDuckDBValueConverter) as unknown[][];
  for (let j = 0; j < result.columnCount; j++) {
    if (!WIDE_INTEGERS.has(result.columnTypeId(j))) continue;
    for (const row of rows) {
      const v = row[j];
      if (typeof v === 'string') {
        const n = Number(v);
        if (Number.isSafeInteger(n)) row[j] = n;
      }
    }
  }
  return rows;
}
