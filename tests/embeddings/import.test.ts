// Import of precomputed vectors: CSV (v0..v{d-1} or a `vector` list), Parquet (written by DuckDB), .npy (float32
// and float64) with a key list; bad rows are named by file, line or row, and column, and leave nothing behind.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMatrix } from '../../main/embeddings/load-matrix.js';
import { sentenceUnits } from '../../main/embeddings/store.js';
import { finish, tinyBackend } from './helpers.js';

let h: Awaited<ReturnType<typeof tinyBackend>>;
let units: Awaited<ReturnType<typeof sentenceUnits>>;
const D = 4;
/** Row i's made-up vector. */
const vec = (i: number) => Array.from({ length: D }, (_, j) => Math.fround((i + 1) * 0.5 - j * 0.25));

beforeAll(async () => {
  h = await tinyBackend('workbench-embeddings-import-');
  units = await sentenceUnits(h.b.workspace.db);
}, 60_000);
afterAll(() => h?.close());

const file = (name: string, text: string | Uint8Array) => {
  const p = join(h.tmp.path, name);
  writeFileSync(p, text);
  return p;
};
const keyCells = (i: number) => `${units.conversationIds[i]},${units.turns[i]},${units.sentenceIndex[i]}`;
/** CSV rows in reverse key order, so the import must sort them. */
const order = () => units.conversationIds.map((_, i) => i).reverse();

async function expectImported(id: string) {
  const m = await loadMatrix(h.b.workspace.db, id);
  expect([m.n, m.d]).toEqual([units.texts.length, D]);
  for (let i = 0; i < m.n; i++) expect(Array.from(m.data.subarray(i * D, i * D + D))).toEqual(vec(i));
}

async function run(spec: { file: string; keys?: string }) {
  const started = await h.b.app.call('embeddings-create', { provider: 'import', ...spec });
  const job = await finish(h.b, started);
  return { id: started.embeddingSetId, job };
}

function npy(rows: number[][], dtype: 'f4' | 'f8'): Uint8Array {
  let header = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': (${rows.length}, ${rows[0].length}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n'; // pad to a multiple of 64, as numpy does
  const data = dtype === 'f4' ? new Float32Array(rows.flat()) : new Float64Array(rows.flat());
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0, header.length & 255, header.length >> 8]);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(data.buffer), 10 + header.length);
  return out;
}

describe('importing vectors', () => {
  it('reads CSV with v0..v{d-1} columns', async () => {
    const csv = ['conversation_id,turn,sentence_index,' + vec(0).map((_, j) => `v${j}`).join(','), ...order().map((i) => `${keyCells(i)},${vec(i).join(',')}`)].join('\n');
    const est = await h.b.app.call('embeddings-estimate', { provider: 'import', file: file('cols.csv', csv) });
    expect(est.sentences).toBe(units.texts.length);
    const { id, job } = await run({ file: join(h.tmp.path, 'cols.csv') });
    expect(job.state).toBe('done');
    await expectImported(id);
    const set = (await h.b.app.call('embeddings-list', undefined)).find((s) => s.id === id)!;
    expect(set).toMatchObject({ provider: 'import', model: 'cols.csv', kind: 'imported vectors', dimensions: D });
  }, 60_000);

  it('reads CSV with a vector list column', async () => {
    const csv = ['conversation_id,turn,sentence_index,vector', ...order().map((i) => `${keyCells(i)},"[${vec(i).join(', ')}]"`)].join('\n');
    const { id, job } = await run({ file: file('list.csv', csv) });
    expect(job.state).toBe('done');
    await expectImported(id);
  }, 60_000);

  it('reads Parquet written by DuckDB', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const values = order().map((i) => `('${units.conversationIds[i]}', ${units.turns[i]}, ${units.sentenceIndex[i]}, [${vec(i).join(', ')}]::FLOAT[])`).join(', ');
    const p = join(h.tmp.path, 'vectors.parquet');
    await conn.run(`COPY (SELECT * FROM (VALUES ${values}) t(conversation_id, turn, sentence_index, vector)) TO '${p}' (FORMAT parquet)`);
    conn.closeSync();
    inst.closeSync();
    const { id, job } = await run({ file: p });
    expect(job.state).toBe('done');
    await expectImported(id);
  }, 60_000);

  for (const dtype of ['f4', 'f8'] as const) {
    it(`reads .npy (${dtype}) with a key list`, async () => {
      const rows = order();
      const m = file(`m-${dtype}.npy`, npy(rows.map(vec), dtype));
      const keys = file(`keys-${dtype}.csv`, ['conversation_id,turn,sentence_index', ...rows.map(keyCells)].join('\n'));
      const est = await h.b.app.call('embeddings-estimate', { provider: 'import', file: m, keys });
      expect([est.sentences, est.dimensions]).toEqual([rows.length, D]);
      const { id, job } = await run({ file: m, keys });
      expect(job.state).toBe('done');
      await expectImported(id);
    }, 60_000);
  }
});

describe('bad input names the file, the line or row, and the column, and writes nothing', () => {
  const header = 'conversation_id,turn,sentence_index,v0,v1,v2,v3';
  const good = (i: number) => `${keyCells(i)},${vec(i).join(',')}`;
  const cases: [string, () => string, RegExp][] = [
    ['a key that is not a sentence unit', () => [header, good(0), `${units.conversationIds[0]},0,0,1,2,3,4`].join('\n'), /bad-key\.csv, line 3, column conversation_id: .* is not a supporter sentence unit/],
    ['a turn that is not an integer', () => [header, good(0), `${units.conversationIds[1]},two,0,1,2,3,4`].join('\n'), /bad-turn\.csv, line 3, column turn: "two" is not an integer/],
    ['a NaN', () => [header, good(0), good(1).replace(/,[^,]*$/, ',nan')].join('\n'), /bad-nan\.csv, line 3, column v3: not a finite number/],
    ['a duplicate key', () => [header, good(0), good(1), good(0)].join('\n'), /bad-dup\.csv, line 4, column conversation_id: .* appears a second time/],
  ];
  const names = ['bad-key.csv', 'bad-turn.csv', 'bad-nan.csv', 'bad-dup.csv'];
  cases.forEach(([what, text, message], k) => {
    it(what, async () => {
      const before = await h.b.workspace.db.value<bigint>(`SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'embeddings_%'`);
      const { id, job } = await run({ file: file(names[k], text()) });
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(message);
      expect(await h.b.workspace.db.value<bigint>(`SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'embeddings_%'`)).toBe(before);
      expect((await h.b.app.call('embeddings-list', undefined)).find((s) => s.id === id)?.state).toBe('failed');
    });
  });

  it('a vector list of the wrong length', async () => {
    const csv = ['conversation_id,turn,sentence_index,vector', `${keyCells(0)},"[1, 2, 3, 4]"`, `${keyCells(1)},"[1, 2, 3]"`].join('\n');
    const { job } = await run({ file: file('bad-dim.csv', csv) });
    expect(job.error).toMatch(/bad-dim\.csv, line 3, column vector: 3 values, but the first row has 4/);
  });

  it('a .npy with NaN, and one whose key list has the wrong length', async () => {
    const rows = [vec(0), [1, NaN, 3, 4]];
    const keys = file('k2.csv', ['conversation_id,turn,sentence_index', keyCells(0), keyCells(1)].join('\n'));
    let r = await run({ file: file('nan.npy', npy(rows, 'f8')), keys });
    expect(r.job.error).toMatch(/nan\.npy, row 1 \(0-based\), column 1: not a finite number/);
    r = await run({ file: file('three.npy', npy([vec(0), vec(1), vec(2)], 'f4')), keys });
    expect(r.job.error).toMatch(/k2\.csv: 2 keys for the 3 rows of .*three\.npy/);
  });

  it('refuses before starting: a missing file, an unknown type, a .npy without keys', async () => {
    await expect(h.b.app.call('embeddings-create', { provider: 'import', file: join(h.tmp.path, 'none.csv') })).rejects.toMatchObject({ code: 'import-error', message: expect.stringContaining('none.csv') });
    await expect(h.b.app.call('embeddings-create', { provider: 'import', file: file('x.txt', 'x') })).rejects.toThrow(/unknown file type/);
    await expect(h.b.app.call('embeddings-create', { provider: 'import', file: file('k.npy', npy([vec(0)], 'f4')) })).rejects.toThrow(/needs a key list/);
  });
});
