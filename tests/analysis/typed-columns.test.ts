// typedColumns (main/studydata/common.ts) copies each numeric vector of a chunk as one block into the typed column;
// a NULL still reads as 0, as writing null into a typed array gave. Checked against columns() (values one by one) over
// several chunks (DuckDB's 2,048 rows), with NULLs in some 64-row words of the validity mask, none in others, and a
// column whose type differs from the array's (INTEGER into Float64Array).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { columns, typedColumns } from '../../main/studydata/common.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open(':memory:');
});
afterAll(() => ws.close());

describe('typedColumns', () => {
  it('equals the values read one by one, NULL as 0, across chunks', async () => {
    const sql = `SELECT CAST(CASE WHEN i % 97 = 5 OR (i >= 4100 AND i < 4164) THEN NULL ELSE i * 3 - 7000 END AS INTEGER) AS a,
        CASE WHEN i % 13 = 0 THEN NULL ELSE i / 8.0 END AS x, CAST(i AS INTEGER) AS k
      FROM range(5000) t(i) ORDER BY i`;
    const typed = await typedColumns(ws.db, sql, [], { a: Int32Array, x: Float64Array, k: Float64Array });
    const plain = await columns<{ a: (number | null)[]; x: (number | null)[]; k: number[] }>(ws.db, sql);
    expect(typed.length).toBe(5000);
    expect(Array.from(typed.a)).toEqual(plain.a.map((v) => v ?? 0));
    expect(Array.from(typed.x)).toEqual(plain.x.map((v) => v ?? 0));
    expect(Array.from(typed.k)).toEqual(plain.k);
    expect(plain.a.filter((v) => v === null).length).toBeGreaterThan(100);
  });
});
