// Phrase look-up in the word positions (migrations 9 and 12): a needle of two or more words (or one word and a
// trailing separator run) is the run of consecutive positions, in one role's text, of its word pairs with its own
// separator runs between them. A position row also holds the word and run before it, so each row checks two pairs. For a needle that starts inside a word this is exactly what `contains` finds (see
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
export async function phraseCandidates(
  db: Db, needle: string, roleBit: number | undefined,
): Promise<Candidates | null> {
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

  const sepOf = (i: number) => sepIds.get(chain.seps[i])!;
  const out: DuckDBValue[] = [];
  const where: string[] = [];
  const termsIn = (col: string, terms: number[], to: DuckDBValue[] = out, w: string[] = where) => {
    const t = [...terms].sort((a, b) => a - b);
    if (t.length === 1) { w.push(`${col} = ?`); to.push(t[0]); }
    else if (t[t.length - 1] - t[0] + 1 === t.length) { w.push(`${col} BETWEEN ? AND ?`); to.push(t[0], t[t.length - 1]); }
    // Scattered terms: the range still lets zone maps skip what lies outside it.
    else { w.push(`${col} BETWEEN ? AND ? AND ${col} IN (${t.map(() => '?').join(', ')})`); to.push(t[0], t[t.length - 1], ...t); }
  };
  const sepsIn = (col: string, seps: number[], to: DuckDBValue[] = out, w: string[] = where) => {
    w.push(seps.length === 1 ? `${col} = ?` : `${col} IN (${seps.map(() => '?').join(', ')})`);
    to.push(...seps);
  };
  const docs = (from: string[], first: string) => {
    if (roleBit) { where.push(`${first}.role = ?`); out.push(roleBit); }
    return fromDocs(`SELECT ${first}.doc FROM ${from.join(' ')} WHERE ${where.join(' AND ')}`, out, exact);
  };

  // The row of word j checks pair j (its word, the run after it, the next word; for the last word, the trailing run)
  // and, through its previous word and run, pair j - 1. Rows are stored sorted by word pair, so a row's look-up reads
  // only its own pair's rows (search_pairs counts them), however common the previous word: "i'm sorry" reads the
  // rows of "m sorry" and checks "i'" on them, instead of joining every "i'm" of the study.
  const row = (j: number, alias: string, to: DuckDBValue[], w: string[], prev: boolean) => {
    termsIn(`${alias}.term_id`, ids[j], to, w);
    if (j < last) { termsIn(`${alias}.next_term_id`, ids[j + 1], to, w); sepsIn(`${alias}.sep_id`, [sepOf(j)], to, w); }
    else if (trail) sepsIn(`${alias}.sep_id`, trails, to, w);
    if (prev && j > first) { termsIn(`${alias}.prev_term_id`, ids[j - 1], to, w); sepsIn(`${alias}.prev_sep_id`, [sepOf(j - 1)], to, w); }
  };
  // Up to two pairs (with the trail), one row checks them all: no choice to make.
  const end = trail ? last : last - 1;
  if (end - first < 2) {
    const j = end === first ? first : first + 1;
    row(j, `r${j}`, out, where, true);
    return docs([`search_positions r${j}`], `r${j}`);
  }
  const costParams: DuckDBValue[] = [];
  const costSql: string[] = [];
  for (let j = first; j <= last; j++) {
    const w: string[] = [];
    row(j, 'c', costParams, w, false);
    costSql.push(`SELECT ${j} AS j, coalesce(sum(n), 0) AS n FROM search_pairs c WHERE ${w.join(' AND ')}`);
  }
  const cost = new Map((await db.all<{ j: number; n: number }>(costSql.join(' UNION ALL '), costParams)).map((r) => [Number(r.j), Number(r.n)]));
  // A pair no text has: nothing matches.
  if ([...cost.values()].some((n) => n === 0)) return NONE;
  // The cheapest rows that together check every pair (and the trail): row j covers pairs j - 1 and j.
  const best = new Map<number, { n: number; rows: number[] }>([[first, { n: 0, rows: [] }]]);
  const relax = (to: number, from: { n: number; rows: number[] }, j: number) => {
    const n = from.n + cost.get(j)!;
    const cur = best.get(to);
    if (!cur || n < cur.n) best.set(to, { n, rows: [...from.rows, j] });
  };
  for (let k = first; k <= end; k++) {
    const b = best.get(k);
    if (!b) continue;
    relax(k + 1, b, k);
    if (k + 1 <= last) relax(Math.min(k + 2, end + 1), b, k + 1);
  }
  // The rarest row first: the others are joined to it by document, role and position.
  const chosen = best.get(end + 1)!.rows.sort((a, b) => cost.get(a)! - cost.get(b)!);
  const from = chosen.map((j, i) => i === 0 ? `search_positions r${j}`
    : `JOIN search_positions r${j} ON r${j}.doc = r${chosen[0]}.doc AND r${j}.role = r${chosen[0]}.role AND r${j}.pos = r${chosen[0]}.pos + ${j - chosen[0]}`);
  for (const j of chosen) row(j, `r${j}`, out, where, true);
  return docs(from, `r${chosen[0]}`);
}
