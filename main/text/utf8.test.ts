import { describe, expect, it } from 'vitest';
import { Utf8Scanner, describeUtf8Problem, findInvalidUtf8, type Utf8Problem } from './utf8.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

/** A seeded generator (mulberry32), so a failing random case can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scanInChunks(buf: Uint8Array, cuts: number[]): Utf8Problem | null {
  const s = new Utf8Scanner();
  let from = 0;
  for (const c of [...cuts, buf.length]) {
    const p = s.push(buf.subarray(from, c));
    if (p) return p;
    from = c;
  }
  return s.end();
}

describe('findInvalidUtf8', () => {
  it('accepts valid text of every sequence length, and an empty buffer', () => {
    expect(findInvalidUtf8(bytes('a é € 😀\nü'))).toBeNull();
    expect(findInvalidUtf8(new Uint8Array())).toBeNull();
  });

  it('counts lines by LF and characters as code points, not bytes', () => {
    // Line 3 holds an emoji (4 bytes), é (2), € (3) and x before the bad byte: character 5, byte 20.
    expect(findInvalidUtf8(bytes('é\n€€\n😀é€x', [0xff]))).toEqual({ offset: 20, line: 3, column: 5, bytes: [0xff], truncated: false });
  });

  it.each([
    ['a stray continuation byte', [0x80], [0x80]],
    ['an overlong 2-byte form (C0, C1)', [0xc1, 0xbf], [0xc1]],
    ['an overlong 3-byte form', [0xe0, 0x9f, 0xbf], [0xe0, 0x9f]],
    ['an overlong 4-byte form', [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x8f]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], [0xed, 0xa0]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], [0xf4, 0x90]],
    ['a lead byte F5–FF', [0xf5, 0x80, 0x80, 0x80], [0xf5]],
    ['a sequence cut short by an ASCII byte', [0xe2, 0x82, 0x41], [0xe2, 0x82, 0x41]],
  ])('refuses %s at its first byte', (_what, bad, seen) => {
    const buf = bytes('ok\né', bad, 'tail');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(buf)).toThrow();
    expect(findInvalidUtf8(buf)).toEqual({ offset: 5, line: 2, column: 2, bytes: seen, truncated: false });
  });

  it('reports a character left open at the end as truncated', () => {
    const p = findInvalidUtf8(bytes('x\nab', [0xf0, 0x9f, 0x98]));
    expect(p).toEqual({ offset: 4, line: 2, column: 3, bytes: [0xf0, 0x9f, 0x98], truncated: true });
    expect(describeUtf8Problem(p!)).toBe('invalid UTF-8 (bytes 0xf0 0x9f 0x98 at character 3, byte offset 4; the file ends inside a character); save the file as UTF-8');
  });

  it('agrees with a fresh fatal TextDecoder on random bytes: same verdict, and the text before the problem decodes', () => {
    const r = rng(7);
    const pool = [0x0a, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    for (let n = 0; n < 3000; n++) {
      const buf = Uint8Array.from({ length: 1 + Math.floor(r() * 12) }, () => pool[Math.floor(r() * pool.length)]);
      const p = findInvalidUtf8(buf);
      let native = true;
      try { new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { native = false; }
      expect(p === null).toBe(native);
      if (p) expect(() => new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, p.offset))).not.toThrow();
    }
  });
});

describe('Utf8Scanner over chunks', () => {
  it('finds the same problem wherever the chunks are cut, also inside characters', () => {
    const buf = bytes('id,text\n1,café 😀\n2,€uro\n3,ü', [0xe2, 0x28], 'x\n');
    const whole = findInvalidUtf8(buf);
    expect(whole).toMatchObject({ line: 4, column: 4 });
    const r = rng(11);
    for (let n = 0; n < 500; n++) {
      const cuts = [...new Set(Array.from({ length: 1 + Math.floor(r() * 6) }, () => Math.floor(r() * buf.length)))].sort((a, b) => a - b);
      expect(scanInChunks(buf, cuts)).toEqual(whole);
    }
  });

  it('keeps reporting the first problem once found', () => {
    const s = new Utf8Scanner();
    const first = s.push(bytes('a', [0xff]));
    expect(s.push(bytes([0xfe]))).toBe(first);
    expect(s.end()).toBe(first);
  });
});
