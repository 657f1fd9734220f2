// SpanBuffer turns UTF-16 spans into the code-point offsets DuckDB's substring() takes. A message with characters
// outside the BMP is recounted; the count is carried from unit to unit, so each unit's offsets must still be those of
// a count from the start of the text, including after a gap between units and for units given out of order.
import { describe, expect, it } from 'vitest';
import { SpanBuffer } from '../../main/import/span-buffer.js';

/** [start (1-based), length] in code points of text[a, b), counted from the start as substring() does. */
const codePoints = (text: string, a: number, b: number) => [Array.from(text.slice(0, a)).length + 1, Array.from(text.slice(a, b)).length];

describe('SpanBuffer', () => {
  const text = 'Oh 😊 no. 🙏🙏 Take 🌧️ your time.  Okay 👍?';
  const spans = [0, 9, 10, 27, 29, text.length];

  it('gives every unit of an emoji message its code-point start and length', () => {
    const b = new SpanBuffer();
    b.addMessage(7, text, spans, 0, 3);
    const [rid, index, start, len] = b.columns();
    expect(Array.from(rid)).toEqual([7, 7, 7]);
    expect(Array.from(index)).toEqual([0, 1, 2]);
    const want = [0, 1, 2].map((j) => codePoints(text, spans[2 * j], spans[2 * j + 1]));
    expect([0, 1, 2].map((j) => [start[j], len[j]])).toEqual(want);
    // Each unit cut out by its code points is the unit the spans named.
    for (let j = 0; j < 3; j++) expect(Array.from(text).slice(start[j] - 1, start[j] - 1 + len[j]).join('')).toBe(text.slice(spans[2 * j], spans[2 * j + 1]));
  });

  it('counts from the start again when a unit starts before the previous one ended', () => {
    const b = new SpanBuffer();
    const back = [10, 27, 0, 9];
    b.addMessage(1, text, back, 0, 2);
    const [, , start, len] = b.columns();
    expect([[start[0], len[0]], [start[1], len[1]]]).toEqual([codePoints(text, 10, 27), codePoints(text, 0, 9)]);
  });

  it('leaves UTF-16 offsets of a BMP-only message as they are, across many messages and growth', () => {
    const b = new SpanBuffer();
    const plain = 'Zürich is far. Really far.';
    for (let m = 0; m < 40_000; m++) b.addMessage(m, plain, [0, 14, 15, plain.length], 0, 2);
    const [rid, , start, len] = b.columns();
    expect(b.length).toBe(80_000);
    expect([rid[79_999], start[79_999], len[79_999]]).toEqual([39_999, 16, plain.length - 15]);
  });
});
