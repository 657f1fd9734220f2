// A bad search pattern is the user's to fix: say what is wrong in plain words, before the search runs,
// instead of DuckDB's "Invalid Input Error: missing ): (unclosed" (or, worse, blaming the pattern for
// an unrelated failure of the query).
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';

/** RE2's complaint (after DuckDB's prefix) → what to tell a researcher. */
const PLAIN: readonly [RegExp, (part: string) => string][] = [
  [/^missing \)/, () => 'a "(" is never closed'],
  [/^missing \]/, () => 'a "[" is never closed'],
  [/^unexpected \)/, () => 'a ")" has no "(" before it'],
  [/^trailing \\/, () => 'it ends with a lone backslash'],
  [/^no argument for repetition operator/, (p) => `"${p}" has nothing before it to repeat`],
  [/^bad repetition operator/, (p) => `"${p}" repeats a repetition`],
  [/^invalid repetition size/, (p) => `the count ${p} is not a valid range`],
  [/^invalid character class range/, (p) => `the character range "${p}" is not valid`],
  [/^invalid escape sequence/, (p) => `the escape "${p}" is not supported`],
];

/** Explains an RE2 error message in plain words; the part after ": " is what RE2 points at. */
export function explainRegexError(message: string): string {
  const detail = message.split('\n')[0].replace(/^[A-Za-z ]*Error:\s*/, '');
  const i = detail.indexOf(': ');
  const part = i >= 0 ? detail.slice(i + 2) : '';
  for (const [re, say] of PLAIN) if (re.test(detail)) return say(part);
  return detail;
}

/** Throws a UserError ('bad-regex') naming what is wrong with the pattern; returns quietly for a valid one. */
export async function checkRegex(db: Db, pattern: string): Promise<void> {
  try {
    await db.value(`SELECT regexp_matches('', ?)`, [pattern]);
  } catch (e) {
    throw new UserError(`The search pattern is not a valid regular expression: ${explainRegexError((e as Error).message)}.`, 'bad-regex');
  }
}
