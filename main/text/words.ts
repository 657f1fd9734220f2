// Supporter word counts for conversation_stats.supporter_words: space or line-break separated tokens of the
// text with DuckDB's trim() applied (it strips Unicode space separators, category Zs, from both ends; not
// tabs or carriage returns). Counted in JS while the sentence split already holds each supporter message:
// the same count in SQL (two replace() calls per message) was the most expensive part of the stats query.
// words.test.ts checks it against the SQL expression it replaces.

/** Unicode category Zs (space separators), all in the BMP: what DuckDB's trim() strips. */
export const SPACE_SEPARATORS: readonly number[] = [0x20, 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x202f, 0x205f, 0x3000];

/** Whether c is in SPACE_SEPARATORS, by comparisons (words.test.ts checks the two agree on the BMP). */
export function isSpaceSeparator(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Words as the SQL `length(trim(t)) - length(replace(replace(trim(t), ' ', ''), chr(10), '')) + 1` counts them. */
export function spaceSeparatedWords(text: string): number {
  let a = 0;
  let b = text.length;
  while (a < b && isSpaceSeparator(text.charCodeAt(a))) a++;
  while (b > a && isSpaceSeparator(text.charCodeAt(b - 1))) b--;
  let n = 1;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10) n++;
  }
  return n;
}

/** Whether DuckDB's trim() would leave nothing of text (every character a space separator, or none at all). */
export function trimsToEmpty(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpaceSeparator(text.charCodeAt(i))) return false;
  return true;
}

/**
 * SQL for `trim(column) <> ''` (column not NULL) that calls trim() only when the text starts with a space separator:
 * trim() copies every string it is given, and in the 100x messages insert it was ~1.5-2 s of ~8 s CPU.
 */
export function trimsToTextSql(column: string): string {
  return `(${column} <> '' AND (ascii(${column}) NOT IN (${SPACE_SEPARATORS.join(', ')}) OR trim(${column}) <> ''))`;
}
