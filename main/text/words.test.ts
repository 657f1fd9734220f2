// The JS word count must equal the SQL expression it replaced in conversation_stats, DuckDB's trim() included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../db/workspace.js';
import { isSpaceSeparator, SPACE_SEPARATORS, spaceSeparatedWords, trimsToEmpty, trimsToTextSql } from './words.js';

const ZS = [0x20, 0xa0, 0x1680, 0x2000, 0x2005, 0x200a, 0x202f, 0x205f, 0x3000].map((c) => String.fromCharCode(c));
const OTHER = ['\t', '\r', '\n', '\u200b', '\u2028', '\ufeff', 'é', '😊', 'a', '.', ''];

describe('spaceSeparatedWords', () => {
  let ws: Workspace;
  beforeAll(async () => { ws = await Workspace.open(':memory:'); });
  afterAll(() => ws.close());

  it('agrees with length(trim(t)) - length(replace(replace(trim(t), chr(32), \'\'), chr(10), \'\')) + 1', async () => {
    const texts = ['I hear you.', '  two  words  ', 'line one\nline two', '\nlead and trail\n', 'tab\tseparated', 'x'];
    for (const a of [...ZS, ...OTHER]) for (const b of [...ZS, ...OTHER]) texts.push(`${a}one${b}two ${a}${b}`, `${b}${a}x${a}`);
    let seed = 7;
    const pool = [...ZS, ...OTHER, 'word', 'Ça', ' ', ' ', '\n'];
    for (let i = 0; i < 300; i++) {
      let t = '';
      for (let k = 0; k < 12; k++) { seed = (seed * 1103515245 + 12345) % 2 ** 31; t += pool[seed % pool.length]; }
      texts.push(t);
    }
    await ws.db.run('CREATE TABLE t (i INTEGER, x VARCHAR)');
    const app = await ws.db.conn.createAppender('t');
    texts.forEach((x, i) => { app.appendInteger(i); app.appendVarchar(x); app.endRow(); });
    app.closeSync();
    const rows = await ws.db.all<{ i: number; w: number }>(
      `SELECT i, length(trim(x)) - length(replace(replace(trim(x), ' ', ''), chr(10), '')) + 1 AS w FROM t ORDER BY i`);
    expect(rows.map((r) => spaceSeparatedWords(texts[r.i]))).toEqual(rows.map((r) => Number(r.w)));
    // The sentence split leaves out the supporter messages that the messages insert's trim(text) <> '' leaves out.
    for (const a of [...ZS, ...OTHER]) for (const b of [...ZS, ...OTHER]) texts.push(`${a}${b}`, `${a}${a}${b}`);
    await ws.db.run('CREATE TABLE e (i INTEGER, x VARCHAR)');
    const e = await ws.db.conn.createAppender('e');
    texts.forEach((x, i) => { e.appendInteger(i); e.appendVarchar(x); e.endRow(); });
    e.closeSync();
    const empty = await ws.db.all<{ i: number; empty: boolean; sql: boolean }>(
      `SELECT i, trim(x) = '' AS empty, ${trimsToTextSql('x')} AS sql FROM e ORDER BY i`);
    expect(empty.map((r) => trimsToEmpty(texts[r.i]))).toEqual(empty.map((r) => r.empty));
    // The messages insert's filter, without a trim() per message: the same rows.
    expect(empty.map((r) => r.sql)).toEqual(empty.map((r) => !r.empty));
    expect(empty.filter((r) => r.empty).length).toBeGreaterThan(50);
  });

  it('SPACE_SEPARATORS are the code points isSpaceSeparator accepts', () => {
    const accepted = [];
    for (let c = 0; c < 0x10000; c++) if (isSpaceSeparator(c)) accepted.push(c);
    expect(accepted).toEqual(SPACE_SEPARATORS);
  });
});
