// Both places that locate invalid UTF-8 (the CSV diagnosis and strict reads of JSON sources) must name the
// line, the character and the byte of the first bad sequence, also when non-ASCII text comes before it.
// The old locators shared one streaming TextDecoder across the probes of a binary search, so each probe
// decoded on top of the last one's leftovers and a file with `é` before a `\xff` on line 4 came out as
// "line 3 … byte 0xa".
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnoseCsv } from '../../main/import/csv-diagnose.js';
import { readUtf8 } from '../../main/import/formats/common.js';

const dir = mkdtempSync(join(tmpdir(), 'wb-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, ...parts: (string | number[])[]): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));
  return path;
}

describe('locating invalid UTF-8', () => {
  it('names line 4 and byte 0xff in a CSV file with é on the lines before', async () => {
    // The old locator said "line 3 … byte 0xa" here: a probe ending inside an é left its lead byte in the
    // shared decoder, and every later probe failed on it.
    const path = file('accents.csv', 'id,text\n1,xxé\n2,é\n3,', [0xff], 'x\n');
    const err = await diagnoseCsv(path, 'accents.csv');
    expect(err?.message).toBe('accents.csv, line 4, column "text": invalid UTF-8 (byte 0xff at character 3, byte offset 22); save the file as UTF-8');
  });

  it('names the same place when a JSON source is read strictly', () => {
    // Also "line 3 … byte 0xa" before the fix.
    const path = file('accents.json', '["xé",\n"yyyyyé",\n"",\n"', [0xff], 'x"\n]');
    expect(() => readUtf8(path, 'accents.json')).toThrow('accents.json, line 4: invalid UTF-8 (byte 0xff at character 2, byte offset 24); save the file as UTF-8');
  });

  it('names the start of a multi-byte sequence that a plain ASCII byte cuts short', () => {
    // 0xc3 opens a 2-byte character; the 'x' after it cannot continue it.
    const path = file('cut.json', '["é",\n "ü', [0xc3], 'x"]');
    expect(() => readUtf8(path, 'cut.json')).toThrow(/^cut\.json, line 2: invalid UTF-8 \(bytes 0xc3 0x78 at character 4, byte offset 11\)/);
  });

  it('reports a file that ends inside a character, on its last line', async () => {
    const path = file('truncated.csv', 'id,text\n1,é\n2,', [0xe2, 0x82]);
    const err = await diagnoseCsv(path, 'truncated.csv');
    expect(err?.message).toMatch(/^truncated\.csv, line 3, column "text": invalid UTF-8 \(bytes 0xe2 0x82 at character 3, byte offset 15; the file ends inside a character\)/);
  });
});
