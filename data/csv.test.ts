import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, CsvWriter } from './csv.js';
import { readCsv } from './verify-demo-study.js';

describe('csv writer', () => {
  it('quotes only fields with a comma, quote, CR or LF, doubling quotes; empty for missing', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(3)).toBe('3');
    expect(csvField('it’s')).toBe('it’s');
    expect(csvLine(['a', 1, null, 'x,y'])).toBe('a,1,,"x,y"\n');
  });

  it('streams rows to disk, reports rows, bytes and sha256, and reads back identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'empathy-csv-'));
    try {
      const path = join(dir, 't.csv');
      const w = new CsvWriter(path, ['id', 'text']);
      const rows: [number, string][] = [];
      // Enough rows to cross several buffer flushes, plus one line longer than the buffer.
      const filler = 'lorem ipsum '.repeat(30);
      for (let i = 0; i < 20_000; i++) rows.push([i, i % 7 === 0 ? `row "${i}", with comma\nand newline é ${filler}` : `row ${i} ✓ ${filler}`]);
      rows.push([20_000, 'x'.repeat(5_000_000)]);
      for (const r of rows) w.row(r);
      const stats = w.close();
      const bytes = readFileSync(path);
      expect(stats.rows).toBe(rows.length);
      expect(stats.bytes).toBe(bytes.length);
      expect(stats.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const back: string[][] = [];
      for await (const rec of readCsv(path)) back.push(rec);
      expect(back[0]).toEqual(['id', 'text']);
      expect(back.slice(1)).toEqual(rows.map(([i, t]) => [String(i), t]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
