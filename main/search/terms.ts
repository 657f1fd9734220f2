// What a search text or a regular expression says about the words a matching conversation must contain.
// The word index never decides a match: it only narrows the conversations that the scan's own predicate
// then checks, so every rule here must keep every true match among the candidates (no false negatives).
//
// Words are maximal runs of ASCII letters and digits and of any non-ASCII character; every other ASCII
// character separates. Only ASCII separates because the same rule runs in RE2 (DuckDB, building the
// index) and in V8 (here, on the search text): both agree on ASCII byte for byte, whereas their Unicode
// tables (what counts as a letter) differ between versions.

/** The separators as an RE2 class, for DuckDB's string_split_regex over the lower-cased search text. */
export const SEPARATOR_SQL = '[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+';
const SEPARATOR = /[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/;
const WORD_CHAR = /[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * How a needle word relates to the index's terms. `exact`: bounded by separators on both sides inside
 * the needle, so it is a whole term of the text. `prefix`: the needle ends inside a word, so the word
 * starts a term. `suffix`: the needle starts inside a word. `infix`: the needle is one partial word, or a
 * regex literal that may sit anywhere in a term.
 */
export type WordKind = 'exact' | 'prefix' | 'suffix' | 'infix';
export interface NeedleWord { word: string; kind: WordKind }

/**
 * The words a text a `contains` search matches must hold, for the needle exactly as the scan compares it
 * (already lower-cased). Null when nothing can be required: no word characters at all, or a string V8
 * and DuckDB would not encode alike (a lone surrogate).
 */
export function phraseWords(needle: string): NeedleWord[] | null {
  if (LONE_SURROGATE.test(needle)) return null;
  const parts = needle.split(SEPARATOR);
  const out: NeedleWord[] = [];
  const seen = new Set<string>();
  parts.forEach((word, i) => {
    if (!word) return;
    const open = i === 0 && WORD_CHAR.test(needle[0]);
    const openEnd = i === parts.length - 1 && WORD_CHAR.test(needle[needle.length - 1]);
    const kind: WordKind = open && openEnd ? 'infix' : open ? 'suffix' : openEnd ? 'prefix' : 'exact';
    const key = `${kind}:${word}`;
    if (!seen.has(key)) { seen.add(key); out.push({ word, kind }); }
  });
  return out.length ? out : null;
}

/** A needle's words in order with the separator run between each word and the next (see phraseChain). */
export interface PhraseChain { words: NeedleWord[]; seps: string[]; trail: string; exact: boolean }

const SEPARATOR_RUNS = new RegExp(SEPARATOR.source, 'g');

/**
 * The needle as consecutive words of the text: word i is followed, in any matching text, by exactly
 * `seps[i]` and then word i + 1, and the last word by a separator run that starts with `trail` (when the
 * needle ends with one). `exact`: the needle starts inside a word, so a text contains it exactly when such a
 * run of words occurs (first word ending with words[0], last one starting with the last word, or equal to it
 * when a trail follows). A needle that starts with a separator also needs the run before its first word,
 * which the index does not compare, so its matches are only candidates. Null below two words without a trail.
 */
export function phraseChain(needle: string): PhraseChain | null {
  if (LONE_SURROGATE.test(needle)) return null;
  const parts = needle.split(SEPARATOR);
  const runs = needle.match(SEPARATOR_RUNS) ?? [];
  const words: NeedleWord[] = [];
  const seps: string[] = [];
  parts.forEach((word, i) => {
    if (!word) return;
    const open = i === 0;
    const openEnd = i === parts.length - 1;
    if (words.length) seps.push(runs[i - 1]);
    words.push({ word, kind: open && openEnd ? 'infix' : open ? 'suffix' : openEnd ? 'prefix' : 'exact' });
  });
  const trail = words.length && parts[parts.length - 1] === '' ? runs[runs.length - 1] : '';
  if (words.length < 2 && !(words.length === 1 && trail)) return null;
  return { words, seps, trail, exact: parts[0] !== '' };
}

/** Shortest regex literal worth a look-up; shorter ones match too many terms to narrow anything. */
const MIN_LITERAL = 3;

/**
 * Literal runs that every match of `pattern` must contain, lower-cased, for a case-insensitive RE2 search.
 * Conservative: an alternation anywhere at the top level gives none, groups and classes are skipped, a
 * quantified character is dropped and ends its run, and only ASCII letters and digits join a run.
 * Letters whose case-fold orbit leaves ASCII (s ~ ſ, k ~ K) are matched against folded terms
 * (see foldedTermSql) so that, e.g., "ſorry" still counts as containing "sorry".
 */
export function regexLiterals(pattern: string): string[] {
  const runs: string[] = [];
  let run = '';
  const end = () => { if (run.length >= MIN_LITERAL) runs.push(run); run = ''; };
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      // Escapes: a class (\d, \w, \pL), an assertion (\b) or a quoted punctuation mark; none joins a run.
      end();
      i++;
      if (pattern[i] === 'Q') return []; // \Q…\E quotes anything; not worth parsing here.
      if (pattern[i] === 'p' || pattern[i] === 'P') { if (pattern[i + 1] === '{') { const j = pattern.indexOf('}', i); if (j < 0) return []; i = j; } else i++; }
      if (pattern[i] === 'x') { if (pattern[i + 1] === '{') { const j = pattern.indexOf('}', i); if (j < 0) return []; i = j; } else i += 2; }
      // Octal codes (\123) take up to three digits.
      else if (/[0-7]/.test(pattern[i] ?? '')) while (i < pattern.length - 1 && /[0-7]/.test(pattern[i + 1])) i++;
      continue;
    }
    if (c === '[') {
      end();
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      for (; j < pattern.length && pattern[j] !== ']'; j++) if (pattern[j] === '\\') j++;
      if (j >= pattern.length) return [];
      i = j;
      if (depth === 0) i = skipQuantifier(pattern, i);
      continue;
    }
    if (c === '(') { end(); depth++; continue; }
    if (c === ')') { depth--; if (depth < 0) return []; if (depth === 0) i = skipQuantifier(pattern, i); continue; }
    if (depth > 0) continue;
    if (c === '|') return [];
    if (c === '*' || c === '?' || c === '+' || c === '{') {
      // The quantified character is optional or repeated: drop it, and the run cannot continue past it.
      run = run.slice(0, -1);
      end();
      i = Math.max(i, skipQuantifier(pattern, i - 1));
      continue;
    }
    if (/[0-9A-Za-z]/.test(c)) {
      // A following quantifier applies to this character only; the branch above takes it back out.
      run += c.toLowerCase();
      continue;
    }
    end();
  }
  if (depth !== 0) return [];
  end();
  return [...new Set(runs)];
}

/** Index of the last character of a quantifier after position `i` (`*`, `+`, `?`, `{m,n}`, each maybe lazy), or `i`. */
function skipQuantifier(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '*' || p[j] === '+' || p[j] === '?') j++;
  else if (p[j] === '{') { const k = p.indexOf('}', j); if (k < 0) return i; j = k + 1; } else return i;
  if (p[j] === '?') j++;
  return j - 1;
}
