// Locating the first invalid UTF-8 sequence in bytes, exactly: line, character on the line, byte offset.
// One pass over the bytes by the rules of the Unicode Standard (table 3-7: no overlong forms, no surrogates,
// nothing above U+10FFFF), so chunks may be cut anywhere, also inside a character. Used by every importer
// that must name where a file stops being UTF-8 (main/import/csv-diagnose.ts, readUtf8 in
// main/import/formats/common.ts). Pure: no I/O.

/** Where a byte sequence stops being UTF-8. */
export interface Utf8Problem {
  /** Offset of the first byte of the bad sequence, from the start of everything scanned (0-based). */
  offset: number;
  /** Line of that byte; lines are counted by LF bytes (1-based). */
  line: number;
  /** Character of that byte on its line: code points before it on the line + 1. */
  column: number;
  /** The bad sequence: a lead byte and the continuation bytes seen so far, then the byte that broke it (if any). */
  bytes: number[];
  /** True when the input ends inside a character rather than holding a bad byte. */
  truncated: boolean;
}

/**
 * A streaming UTF-8 validator that keeps its position. `push` each chunk in order, then `end()`; each
 * returns the first problem or null. After a problem the scanner stops: later calls return the same one.
 */
export class Utf8Scanner {
  private offset = 0;
  private line = 1;
  private column = 1;
  /** The sequence in progress: its bytes so far, how many continuation bytes it still needs. */
  private seq: number[] = [];
  private need = 0;
  /** Allowed range of the next continuation byte (narrower after E0, ED, F0, F4). */
  private lo = 0x80;
  private hi = 0xbf;
  /** Position of the sequence in progress. */
  private seqAt = { offset: 0, line: 1, column: 1 };
  private problem: Utf8Problem | null = null;

  push(bytes: Uint8Array): Utf8Problem | null {
    if (this.problem) return this.problem;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.need > 0) {
        if (b < this.lo || b > this.hi) return this.fail([...this.seq, b], false);
        this.seq.push(b);
        this.lo = 0x80;
        this.hi = 0xbf;
        if (--this.need === 0) this.endCharacter();
        continue;
      }
      this.seqAt = { offset: this.offset, line: this.line, column: this.column };
      if (b < 0x80) {
        this.offset++;
        if (b === 0x0a) { this.line++; this.column = 1; } else this.column++;
        continue;
      }
      this.seq = [b];
      if (b >= 0xc2 && b <= 0xdf) this.need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        this.need = 2;
        if (b === 0xe0) this.lo = 0xa0; // below: overlong
        if (b === 0xed) this.hi = 0x9f; // above: UTF-16 surrogates
      } else if (b >= 0xf0 && b <= 0xf4) {
        this.need = 3;
        if (b === 0xf0) this.lo = 0x90; // below: overlong
        if (b === 0xf4) this.hi = 0x8f; // above: beyond U+10FFFF
      } else return this.fail([b], false); // a stray continuation byte, C0/C1 (overlong), or F5–FF
    }
    return null;
  }

  /** Call after the last chunk: a character still open at the end is a problem. */
  end(): Utf8Problem | null {
    if (this.problem) return this.problem;
    return this.need > 0 ? this.fail(this.seq, true) : null;
  }

  private endCharacter(): void {
    this.offset += this.seq.length;
    this.column++;
    this.seq = [];
  }

  private fail(bytes: number[], truncated: boolean): Utf8Problem {
    this.problem = { ...this.seqAt, bytes, truncated };
    return this.problem;
  }
}

/** The first invalid UTF-8 sequence in a complete buffer, or null when all of it is valid. */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Problem | null {
  const s = new Utf8Scanner();
  return s.push(bytes) ?? s.end();
}

/**
 * The problem in words, for an error message whose location prefix already names the file and line:
 * `invalid UTF-8 (byte 0xff at character 3, byte offset 22); save the file as UTF-8`.
 */
export function describeUtf8Problem(p: Utf8Problem): string {
  const hex = p.bytes.map((b) => '0x' + b.toString(16).padStart(2, '0')).join(' ');
  const what = `${p.bytes.length > 1 ? 'bytes' : 'byte'} ${hex} at character ${p.column}, byte offset ${p.offset}`;
  return `invalid UTF-8 (${what}${p.truncated ? '; the file ends inside a character' : ''}); save the file as UTF-8`;
}
