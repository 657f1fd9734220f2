// Phrase look-up in the word positions (migration 9): a needle of two or more words (or one word and a trailing
// separator run) is the run of consecutive positions, in one role's text, of its word pairs with its own separator
// runs between them. For a needle that starts inside a word this is exactly what `contains` finds (see
// phraseChain), so the text need not be read; otherwise the run narrows the candidates and the scan's predicate decides.
import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import { phraseChain, type NeedleWord } from './terms.js';
import { fromDocs, NO_CANDIDATES as NONE, type Candidates } from './word-index.js';

// A word cut by the needle's start or end (a suffix or prefix of a term) may expand to many terms; past this
// many it is left out of the run (the rest still narrows, and the scan's predicate then decides).
const MAX_TERMS_PER_END = 200;

const TERMS_SQL: Record<NeedleWord['kind'], string> = {
  exact: 'term = ?',
  prefix: 'term >= ? AND starts_with(term, ?)',
  suffix: 'ends_with(term, ?)',
  infix: 'contains(term, ?)',
};

/**
 * Candidates for a `contains` search of two or more words, or of one word and a trailing separator run, from the
 * word positions; null for anything else (the word postings answer one word, a lone partial word included).
 */
export async function phraseCandidates(db: Db, needle: string, roleBit: number | undefined): Promise<Candidates | null> {
  const chain = phraseChain(needle);
  if (!chain) return null;
  const params: DuckDBValue[] = [];
  const parts = chain.words.map((w, i) => {
    params.push(w.word);
    if (w.kind === 'prefix') params.push(w.word);
    return `SELECT ${i} AS w, term_id FROM search_terms WHERE ${TERMS_SQL[w.kind]}`;
  });
  const rows = await db.all<{ w: number; term_id: number }>(parts.join(' UNION ALL '), params);
  const ids = chain.words.map(() => [] as number[]);
  for (const r of rows) ids[r.w].push(Number(r.term_id));
  // A word no text holds, or a separator run no text has: nothing matches (the scan agrees).
  if (ids.some((t) => t.length === 0)) return NONE;
  // The runs between the words, and those a trailing run of the needle may begin (e.g. "." of ". " or ".\n").
  const conds = chain.seps.map(() => 'sep = ?');
  if (chain.trail) conds.push('starts_with(sep, ?)');
  const sepRows = await db.all<{ sep: string; sep_id: number }>(
    `SELECT sep, sep_id FROM search_seps WHERE ${conds.join(' OR ')}`, chain.trail ? [...chain.seps, chain.trail] : chain.seps);
  const sepIds = new Map(sepRows.map((r) => [r.sep, Number(r.sep_id)]));
  const trails = chain.trail ? sepRows.filter((r) => r.sep.startsWith(chain.trail)).map((r) => Number(r.sep_id)) : [];
  if (chain.seps.some((s) => !sepIds.has(s)) || (chain.trail && !trails.length)) return NONE;

  // Only the ends can be partial words; one that expands to too many terms is dropped from the run (and with
  // the last word its trail).
  let first = 0;
  let last = chain.words.length - 1;
  if (ids[first].length > MAX_TERMS_PER_END) first++;
  if (ids[last].length > MAX_TERMS_PER_END) last--;
  const trail = last === chain.words.length - 1 && trails.length > 0;
  if (last - first < 1 && !(last === first && trail)) return null;
  const exact = chain.exact && first === 0 && last === chain.words.length - 1;

  // One row per word pair: pair i holds word i, the separator after it and word i + 1, and sits one position
  // after pair i - 1. Stored sorted by pair, each look-up reads only its pair's rows, however common its words.
  const out: DuckDBValue[] = [];
  const from: string[] = [];
  const where: string[] = [];
  const termsIn = (col: string, terms: number[]) => {
    const t = [...terms].sort((a, b) => a - b);
    if (t.length === 1) { where.push(`${col} = ?`); out.push(t[0]); }
    else if (t[t.length - 1] - t[0] + 1 === t.length) { where.push(`${col} BETWEEN ? AND ?`); out.push(t[0], t[t.length - 1]); }
    // Scattered terms: the range still lets zone maps skip what lies outside it.
    else { where.push(`${col} BETWEEN ? AND ? AND ${col} IN (${t.map(() => '?').join(', ')})`); out.push(t[0], t[t.length - 1], ...t); }
  };
  for (let i = first; i < last; i++) {
    const p = `p${i}`;
    from.push(i === first ? `search_positions ${p}`
      : `JOIN search_positions ${p} ON ${p}.doc = p${i - 1}.doc AND ${p}.role = p${i - 1}.role AND ${p}.pos = p${i - 1}.pos + 1`);
    termsIn(`${p}.term_id`, ids[i]);
    termsIn(`${p}.next_term_id`, ids[i + 1]);
    where.push(`${p}.sep_id = ?`);
    out.push(sepIds.get(chain.seps[i])!);
  }
  if (trail) {
    // The last word's own row: the run after it must begin with the needle's trailing run.
    const p = `p${last}`;
    from.push(last === first ? `search_positions ${p}`
      : `JOIN search_positions ${p} ON ${p}.doc = p${last - 1}.doc AND ${p}.role = p${last - 1}.role AND ${p}.pos = p${last - 1}.pos + 1`);
    termsIn(`${p}.term_id`, ids[last]);
    where.push(`${p}.sep_id IN (${trails.map(() => '?').join(', ')})`);
    out.push(...trails);
  }
  if (roleBit) { where.push(`p${first}.role = ?`); out.push(roleBit); }
  const docs = `SELECT p${first}.doc FROM ${from.join(' ')} WHERE ${where.join(' AND ')}`;
  return fromDocs(docs, out, exact);
}
