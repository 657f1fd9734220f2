import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace, literal } from '../db/workspace.js';
import { rowsToCsv, tableToCsv } from '../figures/tables.js';
import { csvField, toCsv } from './csv.js';

const dir = mkdtempSync(join(tmpdir(), 'wb-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Values of every kind the writers are given: text that needs quoting, numbers that have no CSV form,
// dates from DuckDB rows, JSON columns.
const ROWS: Record<string, unknown>[] = [
  { id: 'c1', text: 'say "hi", then\nleave', n: 1.5, when: new Date('2024-03-01T12:00:00Z'), extra: { site: 'a,1' } },
  { id: ' padded ', text: 'é\r\nCRLF', n: Number.NaN, when: null, extra: [1, 2] },
  { id: 'c3', text: '', n: Number.POSITIVE_INFINITY, when: undefined, extra: null },
];
const HEADER = ['id', 'text', 'n', 'when', 'extra'];

describe('the CSV writer', () => {
  it('writes every writer\'s rows the same way: the explorer export, figure data and tables', () => {
    // Before there was one writer, the explorer wrote NaN as "NaN" and a Date as quoted JSON, and figure
    // data wrote an object as "[object Object]".
    const expected = [
      'id,text,n,when,extra',
      'c1,"say ""hi"", then\nleave",1.5,2024-03-01T12:00:00.000Z,"{""site"":""a,1""}"',
      '" padded ","é\r\nCRLF",,,"[1,2]"',
      'c3,,,,',
      '',
    ].join('\n');
    expect(toCsv(HEADER, ROWS)).toBe(expected);
    expect(rowsToCsv(ROWS, HEADER)).toBe(expected);
    // Tables hold formatted text only.
    const text = [{ id: ' padded ', text: 'say "hi", then\nleave' }, { id: 'c3', text: '' }];
    expect(tableToCsv({ id: 't', title: 'T', columns: [{ key: 'id', label: 'id' }, { key: 'text', label: 'text' }], rows: text }))
      .toBe(toCsv(['id', 'text'], text));
  });

  it('quotes leading and trailing white space, so spreadsheet programs keep it', () => {
    expect(csvField(' x')).toBe('" x"');
    expect(csvField('x\t')).toBe('"x\t"');
    expect(csvField('a b')).toBe('a b');
  });

  it('writes BIGINT values inside JSON instead of throwing', () => {
    expect(csvField({ n: 12345678901234567890n })).toBe('"{""n"":""12345678901234567890""}"');
  });

  it('is read back to the same text by DuckDB\'s strict CSV reader', async () => {
    const path = join(dir, 'out.csv');
    writeFileSync(path, toCsv(HEADER, ROWS));
    const ws = await Workspace.open(':memory:');
    try {
      const back = await ws.db.all(`SELECT * FROM read_csv(${literal(path)}, header = true, all_varchar = true, strict_mode = true)`);
      expect(back.map((r) => r.id)).toEqual(['c1', ' padded ', 'c3']);
      expect(back.map((r) => r.text)).toEqual(['say "hi", then\nleave', 'é\r\nCRLF', null]);
      expect(back[0].extra).toBe('{"site":"a,1"}');
    } finally {
      ws.close();
    }
  });
});
