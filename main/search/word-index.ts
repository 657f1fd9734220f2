// The word index (issue 12): built from the explorer's own search text (search_text, already lower-cased; see
// search-text.ts), so its terms are exactly the words the scan would find. A search
// looks up the postings of its rarest words, intersects them, and hands the scan's own predicate only the
// candidate conversations: results are the scan's by construction.
import type { DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import { phraseWords, regexLiterals, SEPARATOR_SQL, type NeedleWord } from './terms.js';
import { phraseCandidates } from './phrase-index.js';
import { buildSearchText, textReadyDocs } from './search-text.js';
import { IMPORTS_STAMP_SQL } from '../db/data-stamp.js';

/** Role bits of a posting. */
export const ROLE_BIT: ReadonlyMap<string, number> = new Map([['seeker', 1], ['supporter', 2]]);

/** Documents tokenized per statement of the build (a chunk's strings are what it holds in memory at once). */
const BUILD_CHUNK_DOCS = 16_384;

export interface WordIndexBuild { docs: number; terms: number; postings: number; positions: number; ms: number }

/**
 * Builds the search text when it does not match the imports (one transaction: search-text.ts), then rebuilds the index
 * from it in another, on `db` (use a connection of its own: the build holds it for the whole run, minutes at 100x,
 * and other connections keep reading the previous index, or the search text once it is committed).
 * `onText`: called once the search text is committed (searches scan it from then on).
 */
export async function buildWordIndex(db: Db, opts: { chunkDocs?: number; onText?: (docs: number) => void } = {}): Promise<WordIndexBuild> {
  const chunk = Math.max(1, Math.trunc(opts.chunkDocs ?? BUILD_CHUNK_DOCS));
  const t0 = performance.now();
  // Not `opts.onText?.(await …)`: without onText an optional call does not evaluate its arguments, and the text
  // would be built nowhere (or, with a fallback, inside the index's transaction, uncommitted until the index is done).
  if ((await textReadyDocs(db)) === null) {
    const docs = await db.transaction(() => buildSearchText(db));
    opts.onText?.(docs);
  }
  // Each text is words w1 s1 w2 s2 … wn with s the maximal separator runs: string_split_regex gives the words
  // (an empty one at an end that is a separator run) and regexp_extract_all the runs, interleaved exactly;
  // unnest pads the shorter lists (the runs, the next words) with NULL.
  const split = `string_split_regex(text, '${SEPARATOR_SQL}')`;
  const runs = `regexp_extract_all(text, '${SEPARATOR_SQL}')`;
  const tokens = `
    SELECT doc, role, unnest(w) AS term, unnest(range(1, len(w) + 1)) AS pos, unnest(sp) AS sep, unnest(w[2:]) AS next,
      unnest(list_prepend(NULL::VARCHAR, w[1:len(w) - 1])) AS prev, unnest(list_prepend(NULL::VARCHAR, sp)) AS prev_sep
    FROM (SELECT doc, role, ${split} AS w, ${runs} AS sp FROM search_text WHERE doc >= ? AND doc < ?)`;
  return db.transaction(async () => {
    // The text (and its document numbers) this index is built from, and the imports it was built for: an import that
    // landed since makes both stale, and the search service builds again. The text exists: it was built above when
    // missing or stale, and only buildSearchText clears search_text_state.
    const builtFor = await db.value<string>('SELECT max(built_for) FROM search_text_state');
    for (const t of ['search_index_state', 'search_postings', 'search_positions', 'search_pairs', 'search_seps', 'search_terms']) {
      await db.run(`DELETE FROM ${t}`);
    }
    for (const t of ['search_build_terms', 'search_build_ids']) await db.run(`DROP TABLE IF EXISTS temp.${t}`);
    // Terms and separator runs are numbered first (a distinct pass needs no memory for the positions), so the positions
    // are tokenized a chunk of documents at a time straight into integers: only one chunk's strings are held at once
    // (at 100x all of them took most of the machine's memory). Document frequencies are counted from the postings below.
    await db.run(`CREATE TEMP TABLE search_build_terms AS
      SELECT (row_number() OVER (ORDER BY term) - 1)::INTEGER AS term_id, term
      FROM (SELECT DISTINCT unnest(${split}) AS term FROM search_text) WHERE term <> ''`);
    await db.run(`INSERT INTO search_seps
      SELECT (row_number() OVER (ORDER BY sep) - 1)::INTEGER, sep FROM (SELECT DISTINCT unnest(${runs}) AS sep FROM search_text)`);
    await db.run(`CREATE TEMP TABLE search_build_ids (term_id INTEGER, next_term_id INTEGER, sep_id INTEGER, doc INTEGER, role UTINYINT,
      pos INTEGER, prev_term_id INTEGER, prev_sep_id INTEGER)`);
    const docs = Number(await db.value<number>('SELECT count(*) FROM search_docs'));
    // The next word is NULL at a text's end, and when the text ends with a separator run (its empty last word); the
    // previous word at its start, and after a leading separator run (its empty first word, which is no term).
    for (let lo = 0; lo < docs; lo += chunk) {
      await db.run(`INSERT INTO temp.search_build_ids
        SELECT t.term_id, n.term_id, p.sep_id, b.doc, b.role, b.pos, v.term_id, q.sep_id
        FROM (${tokens}) b JOIN temp.search_build_terms t USING (term)
        LEFT JOIN temp.search_build_terms n ON n.term = b.next LEFT JOIN search_seps p USING (sep)
        LEFT JOIN temp.search_build_terms v ON v.term = b.prev LEFT JOIN search_seps q ON q.sep = b.prev_sep`, [lo, lo + chunk]);
    }
    await db.run(`INSERT INTO search_positions (term_id, next_term_id, sep_id, doc, role, pos, prev_term_id, prev_sep_id)
      SELECT * FROM temp.search_build_ids ORDER BY term_id, next_term_id NULLS LAST, sep_id, doc, role, pos`);
    await db.run('DROP TABLE temp.search_build_ids');
    await db.run(`INSERT INTO search_pairs SELECT term_id, next_term_id, sep_id, count(*) FROM search_positions
      GROUP BY ALL ORDER BY term_id, next_term_id NULLS LAST, sep_id`);
    await db.run(`INSERT INTO search_postings
      SELECT term_id, doc, bit_or(role)::UTINYINT FROM search_positions GROUP BY term_id, doc ORDER BY term_id, doc`);
    await db.run(`INSERT INTO search_terms SELECT t.term_id, t.term, count(*)::INTEGER
      FROM temp.search_build_terms t JOIN search_postings USING (term_id) GROUP BY ALL ORDER BY t.term_id`);
    await db.run('DROP TABLE temp.search_build_terms');
    const n = (await db.one<{ docs: number; terms: number; postings: number; positions: number }>(
      `SELECT (SELECT count(*) FROM search_docs) AS docs, (SELECT count(*) FROM search_terms) AS terms,
        (SELECT count(*) FROM search_postings) AS postings, (SELECT count(*) FROM search_positions) AS positions`))!;
    const ms = performance.now() - t0;
    await db.run(`INSERT INTO search_index_state SELECT ?, ?, ?, ?, now(), ?`, [builtFor, n.docs, n.terms, n.postings, ms]);
    return { docs: Number(n.docs), terms: Number(n.terms), postings: Number(n.postings), positions: Number(n.positions), ms };
  });
}

/** A scalar query: documents in the index when it matches the workspace's imports, else NULL (for one-query page checks). */
export const READY_DOCS_SQL = `SELECT max(docs) FROM search_index_state WHERE built_for = ${IMPORTS_STAMP_SQL}`;

/** Documents in the index when it matches the workspace's imports; null when it is missing or stale. */
export async function readyDocs(db: Db): Promise<number | null> {
  const r = await db.value<number | null>(READY_DOCS_SQL);
  return r == null ? null : Number(r);
}

/**
 * A clause narrowing conversation_stats `s` to candidates. `exact`: the candidates are exactly the matches,
 * so the text need not be read at all (see candidatesFor).
 */
export interface Candidates { sql: string; params: DuckDBValue[]; exact: boolean; docs: string }

/** Candidates from a query of document numbers: `docs` selects them, `sql` their conversation ids (same parameters). */
export function fromDocs(docs: string, params: DuckDBValue[], exact: boolean): Candidates {
  return { sql: `SELECT conversation_id FROM search_docs WHERE doc IN (${docs})`, docs, params, exact };
}
export const NO_CANDIDATES: Candidates = { sql: 'SELECT NULL::VARCHAR WHERE false', docs: 'SELECT NULL::INTEGER WHERE false', params: [], exact: true };

// Candidates still have their text read, and a columnar scan reads text a vector (2,048 rows) at a time: candidates
// spread over most vectors cost about what the scan does (measured at 100x: 4-40 % of the conversations, no gain).
// Only a rarest word in at most this share of the documents is worth the look-up.
const MAX_SHARE = 0.01;
// Words looked up per search: the rarest few already leave only a handful of candidates.
const MAX_WORDS = 3;
// Terms one partial word may expand to before the look-up lists them instead of using a range.
const MAX_TERMS_PER_WORD = 5000;

type Lookup = NeedleWord | { word: string; kind: 'literal' };
const TERM_PREDICATE: Record<Lookup['kind'], string> = {
  exact: 'term = $w',
  prefix: 'term >= $w AND starts_with(term, $w)',
  suffix: 'ends_with(term, $w)',
  infix: 'contains(term, $w)',
  // RE2's case-insensitive match also takes ſ for s and the Kelvin sign for k.
  literal: `contains(replace(replace(term, 'ſ', 's'), chr(8490), 'k'), $w)`,
};

/**
 * Candidate conversations for a text search, from the index: `contains` searches by their words, regex
 * searches by literals every match must contain. Null: scan (no usable word, or only very common ones).
 */
export async function candidatesFor(
  db: Db, search: { text: string; mode: 'contains' | 'regex'; role?: string }, docs: number,
  opts: { maxShare?: number } = {},
): Promise<Candidates | null> {
  const maxShare = opts.maxShare ?? MAX_SHARE;
  const bit = search.role ? ROLE_BIT.get(search.role) : undefined;
  // Two or more words: their consecutive positions (phrase-index.ts).
  if (search.mode === 'contains') {
    const phrase = await phraseCandidates(db, search.text.toLowerCase(), bit);
    if (phrase) return phrase;
  }
  const words: Lookup[] | null = search.mode === 'regex'
    ? regexLiterals(search.text).map((word) => ({ word, kind: 'literal' as const }))
    : phraseWords(search.text.toLowerCase());
  if (!words?.length) return null;
  const params: DuckDBValue[] = [];
  const parts = words.map((w, i) => {
    params.push(w.word);
    return `SELECT ${i} AS w, term_id, df FROM search_terms WHERE ${TERM_PREDICATE[w.kind].replaceAll('$w', `$${params.length}`)}`;
  });
  const rows = await db.all<{ w: number; term_id: number; df: number }>(parts.join(' UNION ALL '), params);
  const per = words.map(() => ({ ids: [] as number[], df: 0 }));
  for (const r of rows) { per[r.w].ids.push(r.term_id); per[r.w].df += r.df; }
  const ranked = per.filter((p) => p.df <= docs * maxShare && p.ids.length <= MAX_TERMS_PER_WORD).sort((a, b) => a.df - b.df);
  // A word with no term at all: nothing can match (the scan would agree); an empty candidate set says so.
  if (per.some((p) => p.ids.length === 0)) return NO_CANDIDATES;
  // A needle of word characters only lies, wherever it occurs, inside one word of the text: the text contains it
  // exactly when one of the text's terms does. The postings then are the answer (for the role's own column when
  // a role is given), however common the word.
  if (words.length === 1 && words[0].kind === 'infix') {
    const params: DuckDBValue[] = [words[0].word];
    let where = 'term_id IN (SELECT term_id FROM search_terms WHERE contains(term, ?))';
    if (bit) { where += ' AND (roles & ?) <> 0'; params.push(bit); }
    return fromDocs(`SELECT doc FROM search_postings WHERE ${where}`, params, true);
  }
  if (!ranked.length) return null;
  const out: DuckDBValue[] = [];
  const selects = ranked.slice(0, MAX_WORDS).map(({ ids }) => {
    ids.sort((a, b) => a - b);
    let where: string;
    if (ids[ids.length - 1] - ids[0] + 1 === ids.length) {
      where = ids.length === 1 ? 'term_id = ?' : 'term_id BETWEEN ? AND ?';
      out.push(ids[0], ...(ids.length > 1 ? [ids[ids.length - 1]] : []));
    } else {
      // Scattered terms (a suffix, an infix): the range still lets zone maps skip what lies outside it.
      where = `term_id BETWEEN ? AND ? AND term_id IN (${ids.map(() => '?').join(', ')})`;
      out.push(ids[0], ids[ids.length - 1], ...ids);
    }
    if (bit) { where += ' AND (roles & ?) <> 0'; out.push(bit); }
    return `SELECT doc FROM search_postings WHERE ${where}`;
  });
  return fromDocs(selects.join(' INTERSECT '), out, false);
}
