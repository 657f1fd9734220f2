// Sentence units for theme analysis (methods §8): supporter messages split with Intl.Segmenter,
// units shorter than 2 characters dropped. Generator ground truth and kSAE units both rely on this.
//
// Intl.Segmenter costs ~30 µs per message; at 1.7 million supporter messages that dominates an import.
// For text made only of ASCII letters, digits, spaces, line feeds and common punctuation, the
// Unicode sentence-break rules (UAX #29, which ICU implements) are evaluated directly below (plus tab,
// curly quotes and dashes); any
// other character sends the message to Intl.Segmenter. sentences.test.ts checks the two agree.

import { isSpaceSeparator } from './words.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

export const MIN_UNIT_LENGTH = 2;

export function splitSentences(text: string): string[] {
  const spans = sentenceSpans(text);
  const out: string[] = new Array(spans.length / 2);
  for (let k = 0; k < spans.length; k += 2) out[k / 2] = text.slice(spans[k], spans[k + 1]);
  return out;
}

/**
 * The units of splitSentences as [start, end) UTF-16 offsets into text, pushed pairwise onto `out`: the import
 * keeps integers per unit and lets DuckDB cut the text (no JS string per unit to make and hand back).
 */
export function sentenceSpans(text: string, out: number[] = []): number[] {
  const bounds = fastBoundaries(text) ?? intlBoundaries(text);
  for (let k = 0; k + 1 < bounds.length; k++) {
    let a = bounds[k];
    let b = bounds[k + 1];
    while (a < b && isTrimmed(text.charCodeAt(a))) a++;
    while (b > a && isTrimmed(text.charCodeAt(b - 1))) b--;
    if (b - a >= MIN_UNIT_LENGTH) out.push(a, b);
  }
  return out;
}

/** What String.prototype.trim removes: WhiteSpace (tab, VT, FF, BOM, category Zs) and LineTerminator (LF, CR, LS, PS). */
export function isTrimmed(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 0x20 || (c > 0x7f && (c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || isSpaceSeparator(c)));
}

function intlBoundaries(text: string): number[] {
  const out: number[] = [];
  for (const { index } of segmenter.segment(text)) out.push(index);
  if (text.length > 0) out.push(text.length);
  return out;
}

export function intlSegments(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) out.push(segment);
  return out;
}

// Character classes of UAX #29 restricted to the ASCII subset handled here.
const OTHER = 0, SP = 1, LOWER = 2, UPPER = 3, NUMERIC = 4, ATERM = 5, STERM = 6, CLOSE = 7, SCONTINUE = 8, LF = 9, UNSUPPORTED = 10;
const CLASS = new Uint8Array(128).fill(UNSUPPORTED);
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 48; c <= 57; c++) CLASS[c] = NUMERIC;
CLASS[32] = SP;
CLASS[10] = LF;
CLASS[46] = ATERM; // .
CLASS[33] = STERM; // !
CLASS[63] = STERM; // ?
for (const ch of `"'()[]{}`) CLASS[ch.charCodeAt(0)] = CLOSE;
for (const ch of ',-:;') CLASS[ch.charCodeAt(0)] = SCONTINUE;
for (const ch of '#$%&*+/<=>@\\^_`|~') CLASS[ch.charCodeAt(0)] = OTHER;
CLASS[9] = SP; // tab
// The few non-ASCII characters common in typed support messages: curly quotes (Close), dashes (SContinue).
const WIDE: Record<number, number> = { 0x2018: CLOSE, 0x2019: CLOSE, 0x201c: CLOSE, 0x201d: CLOSE, 0x2013: SCONTINUE, 0x2014: SCONTINUE };

/** Segments by UAX #29, or null when the text has a character outside the supported subset. */
export function fastSegments(text: string): string[] | null {
  const b = fastBoundaries(text);
  if (!b) return null;
  const out: string[] = [];
  for (let k = 0; k + 1 < b.length; k++) out.push(text.slice(b[k], b[k + 1]));
  return out;
}

let classes = new Uint8Array(4096);

/** Segment boundaries by UAX #29 (0, each break, text.length), or null outside the supported subset. */
function fastBoundaries(text: string): number[] | null {
  const n = text.length;
  // One class buffer reused across calls: a fresh typed array per message was a tenth of the import's split.
  if (classes.length < n) classes = new Uint8Array(Math.max(n, 2 * classes.length));
  const cls = classes;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CLASS[c] : WIDE[c] ?? UNSUPPORTED;
    if (k === UNSUPPORTED) return null;
    cls[i] = k;
  }
  const out: number[] = [];
  if (n > 0) out.push(0);
  for (let p = 1; p < n; p++) if (breaksBefore(cls, n, p)) out.push(p);
  if (n > 0) out.push(n);
  return out;
}

const isSATerm = (k: number) => k === ATERM || k === STERM;

/** Whether UAX #29 breaks before position p of the first n classes of cls. */
function breaksBefore(cls: Uint8Array, n: number, p: number): boolean {
  const prev = cls[p - 1];
  const next = cls[p];
  if (prev === LF) return true; // SB4
  // Left context must be SATerm Close* Sp* (ending at p-1), else SB998 (no break).
  let i = p - 1;
  let sawSp = false;
  let sawClose = false;
  while (i >= 0 && cls[i] === SP) { i--; sawSp = true; }
  while (i >= 0 && cls[i] === CLOSE) { i--; sawClose = true; }
  if (i < 0 || !isSATerm(cls[i])) return false;
  const t = i;
  if (cls[t] === ATERM) {
    const adjacent = t === p - 1;
    if (adjacent && next === NUMERIC) return false; // SB6
    if (adjacent && t > 0 && (cls[t - 1] === UPPER || cls[t - 1] === LOWER) && next === UPPER) return false; // SB7
    // SB8: ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower
    for (let j = p; j < n; j++) {
      const k = cls[j];
      if (k === LOWER) return false;
      if (k === UPPER || k === LF || isSATerm(k)) break;
    }
  }
  if (next === SCONTINUE || isSATerm(next)) return false; // SB8a
  if (!sawSp && (next === CLOSE || next === SP || next === LF)) return false; // SB9
  if (next === SP || next === LF) return false; // SB10
  void sawClose;
  return true; // SB11
}
