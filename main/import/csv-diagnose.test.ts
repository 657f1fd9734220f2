import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnoseCsv, diagnoseCsvChunks } from './csv-diagnose.js';

const dir = mkdtempSync(join(tmpdir(), 'wb-csv-diagnose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded generator (mulberry32), so a failing split can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const messageOf = async (chunks: Uint8Array[]) => (await diagnoseCsvChunks(chunks, 'f.csv'))?.message ?? null;

function split(buf: Buffer, r: () => number): Buffer[] {
  const cuts = [...new Set(Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * buf.length)))].sort((a, b) => a - b);
  return [...cuts, buf.length].map((c, i, all) => buf.subarray(i ? all[i - 1] : 0, c));
}

const bin = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

// Each file with its diagnosis when read in one piece.
const CASES: [string, Buffer, string | null][] = [
  ['escaped quotes, a multi-line cell and accents', bin('id,text\n1,"say ""hi"""\n2,"two\nlines, é"\n3,""""\n'), null],
  ['a CRLF file with a blank line', bin('id,text\r\n1,a\r\n\r\n2,"b ""c"""\r\n'), null],
  ['a ragged record after a quoted cell', bin('id,text\n1,"a ""b"""\n2,x,y\n'), 'f.csv, line 3: expected 2 fields (id,text) but found 3'],
  ['a stray quote', bin('id,text\n1,"ok"""\n2,ab"c\n'), 'f.csv, line 3, column "text": stray quote inside an unquoted field'],
  ['text after a closing quote', bin('id,text\n1,"a""b" c\n'), 'f.csv, line 2, column "text": text after a closing quote'],
  ['an unclosed quote', bin('id,text\n1,"a""\n2,b\n'), 'f.csv, line 2, column "text": a quoted field is never closed'],
  ['invalid UTF-8 after escaped quotes', bin('id,text\n1,"é ""q"""\n2,"ü', [0xff], '"\n'),
    'f.csv, line 3, column "text": invalid UTF-8 (byte 0xff at character 5, byte offset 26); save the file as UTF-8'],
];

describe('diagnoseCsv', () => {
  it.each(CASES)('%s: the same diagnosis however the bytes are cut into chunks', async (_what, buf, expected) => {
    expect(await messageOf([buf])).toBe(expected);
    const r = rng(buf.length);
    for (let n = 0; n < 300; n++) expect(await messageOf(split(buf, r))).toBe(expected);
    // One byte at a time: every `""` pair and every multi-byte character straddles a boundary.
    expect(await messageOf([...buf].map((b) => Uint8Array.of(b)))).toBe(expected);
  });

  it('reads a file whose `""` straddles the 64 KiB read boundary', async () => {
    // The old parser looked one character ahead for the second quote; at the end of a chunk there was none,
    // so it closed the field and then called the next chunk's quote stray.
    const head = 'id,text\n1,"';
    const path = join(dir, 'boundary.csv');
    writeFileSync(path, head + 'a'.repeat(65535 - head.length) + '""b"\n2,c\n');
    expect(await diagnoseCsv(path, 'boundary.csv')).toBeNull();
    expect(await diagnoseCsv(path, 'boundary.csv', 4096)).toBeNull();
  });

  it('still finds a ragged record when the file is read in tiny chunks', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'id,text\n1,"x ""é"""\n2\n');
    for (const size of [1, 2, 3, 5, 64]) {
      expect((await diagnoseCsv(path, 'ragged.csv', size))?.message).toBe('ragged.csv, line 3: expected 2 fields (id,text) but found 1');
    }
  });
});
