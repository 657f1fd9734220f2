// The word index must never change what a search finds: 200 random phrases (whole and partial words,
// punctuation, other cases, accents) and 20 regular expressions give the same conversations with the
// index as with the scan alone, on the simulated demo study plus a few conversations written to trip the
// tokenizer (accents, curly apostrophes, ſ and the Kelvin sign that RE2 folds to s and k).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/db/workspace.js';
import { runImport } from '../../main/import/run-import.js';
import { listConversations } from '../../main/explorer/service.js';
import { buildConversationQuery, buildPageQuery } from '../../main/explorer/conversation-query.js';
import { scorePivot } from '../../main/explorer/score-pivot.js';
import { buildWordIndex, candidatesFor, readyDocs } from '../../main/search/word-index.js';
import { explorerDocsReady } from '../../main/search/explorer-docs.js';
import { mulberry32 } from '../../main/analysis/random.js';
import type { ConversationQuery, TextSearch } from '../../main/api/contract/index.js';
import { writeDemoStudy } from '../../data/generate-demo-study.js';
import { tempDir } from '../helpers/tiny-study.js';

const tmp = tempDir('workbench-word-index-');
let ws: Workspace;
const texts: string[] = [];

const ODD = [
  ['odd-1', 'seeker', 'Le café était fermé. NAÏVE question: où est-il?'],
  ['odd-2', 'supporter', 'I’m ſorry — that’s hard. The Kelvin-scale test: 5 \u212A.'],
  ['odd-3', 'supporter', 'Ça va? Straße, résumé… and 100% sure; e-mail me @ 9am.'],
] as const;

beforeAll(async () => {
  const dir = join(tmp.path, 'demo');
  await writeDemoStudy(dir, { scale: 1 });
  ws = await Workspace.open(join(tmp.path, 'w.duckdb'));
  await runImport(ws.db, { path: dir, format: 'study' }, { progress: () => {}, checkCancelled: () => {} });
  const imp = await ws.db.value<string>('SELECT import_id FROM imports');
  for (const [id, role, text] of ODD) {
    await ws.db.run(`INSERT INTO messages (conversation_id, turn, role, text, import_id) VALUES (?, 1, ?, ?, ?)`, [id, role, text, imp]);
    // The search text is built from the messages after the import, as for the imported ones.
    await ws.db.run(`INSERT INTO conversation_stats (conversation_id, messages, supporter_words, import_id) VALUES (?, 1, 0, ?)`, [id, imp]);
  }
  for (const r of await ws.db.all<{ text: string }>('SELECT text FROM messages ORDER BY conversation_id, turn')) texts.push(r.text);
}, 300_000);
afterAll(() => {
  ws?.close();
  tmp.cleanup();
});

/**
 * Conversation ids of a search, all of them, with the index's candidates and the search text, or with the scan alone
 * (of the messages, as before the search text is built; `text`: of the search text); `docs`: read explorer_docs and
 * join the candidates on document numbers (migration 11).
 */
async function ids(search: TextSearch, indexed: boolean, byDoc = false, text = indexed): Promise<string[]> {
  const q: ConversationQuery = { filter: { search }, sort: { key: 'conversation_id', dir: 'asc' } };
  const docs = await readyDocs(ws.db);
  // Common words narrow too little to be used in production (MAX_SHARE); here they are, so that the narrowing
  // itself is checked on many phrases.
  const candidates = indexed && docs !== null ? await candidatesFor(ws.db, search, docs, { maxShare: 0.5 }) : null;
  const { sql, params } = buildConversationQuery(q, [], { candidates, docs: byDoc, searchText: text });
  return (await ws.db.all<{ conversation_id: string }>(sql, params)).map((r) => r.conversation_id);
}

/** A random piece of a random message: whole words or cut mid-word, sometimes upper-cased. */
function phrase(rng: () => number): string {
  const t = texts[Math.floor(rng() * texts.length)];
  const kind = rng();
  let start = Math.floor(rng() * t.length);
  let len = 1 + Math.floor(rng() * 30);
  if (kind < 0.5) {
    // Whole words: widen to word boundaries.
    while (start > 0 && /\w/.test(t[start - 1])) start--;
    while (start + len < t.length && /\w/.test(t[start + len])) len++;
  }
  let s = t.slice(start, start + len);
  if (rng() < 0.2) s = s.toUpperCase();
  return s.trim() ? s : 'sorry';
}

describe('word index', () => {
  it('is missing until built, then matches the imports', async () => {
    expect(await readyDocs(ws.db)).toBeNull();
    const page = await listConversations(ws.db, { filter: { search: { text: 'sorry', mode: 'contains' } } });
    expect(page.searchMode).toBe('scan');
    const built = await buildWordIndex(ws.db);
    expect(built.docs).toBe(await ws.db.value<number>('SELECT count(*) FROM conversation_stats'));
    expect(await readyDocs(ws.db)).toBe(built.docs);
    expect((await listConversations(ws.db, { filter: { search: { text: 'sorry', mode: 'contains' } } })).searchMode).toBe('index');
    // The note says how the matches were found: from the positions alone, or narrowed and then read.
    const alone = await listConversations(ws.db, { filter: { search: { text: 'so sorry', mode: 'contains' } } });
    expect(alone.searchNote).toMatch(/answered from the word index .* no text was scanned/);
    const narrowed = await listConversations(ws.db, { filter: { search: { text: ' so sorry', mode: 'contains' } } });
    expect(narrowed.searchMode).toBe('index');
    expect(narrowed.searchNote).toMatch(/then the exact text was checked/);
  }, 120_000);

  it('is the same index whether the positions are tokenized in one chunk of documents or in many', async () => {
    const snapshot = async () => Promise.all(['search_terms', 'search_seps', 'search_positions', 'search_pairs', 'search_postings'].map(
      (t) => ws.db.value<string>(`SELECT count(*) || ':' || coalesce(sum(hash(x)), 0) FROM (SELECT * FROM ${t}) x`)));
    const one = await snapshot();
    // Stored order too: the positions are sorted by word pair, whatever the chunks (zone maps depend on it).
    const sorted = async () => ws.db.value<boolean>(`SELECT bool_and(a = b) FROM (SELECT row_number() OVER (ORDER BY rowid) AS a,
      row_number() OVER (ORDER BY term_id, next_term_id NULLS LAST, sep_id, doc, role, pos) AS b FROM search_positions)`);
    expect(await sorted()).toBe(true);
    await buildWordIndex(ws.db, { chunkDocs: 97 });
    expect(await snapshot()).toEqual(one);
    expect(await sorted()).toBe(true);
    expect(await ws.db.value<number>('SELECT count(*) FROM search_positions WHERE prev_term_id IS NOT NULL')).toBeGreaterThan(0);
  }, 120_000);

  it('200 random phrases find the same conversations as the scan', async () => {
    const rng = mulberry32(12);
    const fixed = ['café', 'CAFÉ', 'naïve', 'où', 'i’m', 'sorry', 'ſorry', 'straße', 'résumé…', '100%', 'e-mail', '@ 9am', 'that must be', 'so sorry', 'zzqx', '?', ' a ', 'feel', 'eeli', 'ing you',
      // Phrases through the word positions: separators that differ from the text's, runs across a message break,
      // a separator at either end, ends cut mid-word, words in the wrong order, and a separator no text has.
      'so, sorry', 'sorry you', 'you sorry', 'café était', 'é était fer', 'est-il?', 'où est-il', ' naïve question', 'hard. the kel', 'i’m ſorry', '5 \u212A',
      'e-mail me @ 9', '100% sure;', 'sure; e-mail', 'that’s hard', 'straße, résumé', 'me @@ 9am', 'ça va? straße',
      // One word and a trailing run: the run after the word must begin with it (also at a text's end).
      'sorry.', 'hard. ', 'fermé.', 'il?', 'am.', 'am.\n', 'e-', 'sure;', 'you matter.', 'sorry!!',
      // Three words and more, where each position row checks the pair before it too (migration 12), cut mid-word or not.
      "i'm sorry", "i'm so sorry", 'how are you feeling', 'i am here for you', 'here for you.', 'm here for y', 'you feeling today?'];
    const phrases = [...fixed, ...Array.from({ length: 200 - fixed.length }, () => phrase(rng))];
    let indexed = 0;
    let chained = 0;
    let exact = 0;
    for (const [i, text] of phrases.entries()) {
      const role = i % 3 === 0 ? 'seeker' : i % 3 === 1 ? 'supporter' : undefined;
      const search: TextSearch = { text, mode: 'contains', ...(role ? { role } : {}) };
      const c = await candidatesFor(ws.db, search, (await readyDocs(ws.db))!, { maxShare: 0.5 });
      if (c) indexed++;
      if (c?.sql.includes('search_positions')) { chained++; if (c.exact) exact++; }
      const scan = await ids(search, false);
      expect(await ids(search, false, false, true), JSON.stringify({ text: true, search })).toEqual(scan);
      expect(await ids(search, true), JSON.stringify(search)).toEqual(scan);
      expect(await ids(search, true, true), JSON.stringify({ docs: true, search })).toEqual(scan);
    }
    expect(indexed).toBeGreaterThan(150);
    // Most multi-word phrases are answered from the positions alone, and some are only narrowed by them.
    expect(chained).toBeGreaterThan(60);
    expect(exact).toBeGreaterThan(30);
    expect(chained - exact).toBeGreaterThan(10);
  }, 300_000);

  it('20 regular expressions find the same conversations as the scan', async () => {
    const patterns = ['sorr(y|ies)', 'SORRY', 'sorry', 'feel(ing)?s? (so|very)', '\\bmy (dad|mom|mother)\\b', 'that must be \\w+', 'job.*loss',
      'promot', '^i ', 'you\\?$', 'caf[eé]', 'k\\w+', 'str(a|aß)e', '[0-9]+%', 'hard\\.', 'thank(s| you)', 'how are you feeling', 'a{2,}', 'lost|fired', 'x?sorry+'];
    let indexed = 0;
    for (const [i, text] of patterns.entries()) {
      const search: TextSearch = { text, mode: 'regex', ...(i % 2 ? { role: 'supporter' as const } : {}) };
      if (await candidatesFor(ws.db, search, (await readyDocs(ws.db))!, { maxShare: 0.5 })) indexed++;
      const scan = await ids(search, false);
      expect(await ids(search, true), JSON.stringify(search)).toEqual(scan);
      expect(await ids(search, true, true), JSON.stringify({ docs: true, search })).toEqual(scan);
    }
    expect(indexed).toBeGreaterThan(8);
  }, 300_000);

  it('goes stale with a new import and the explorer says it scans', async () => {
    await ws.db.run(`INSERT INTO imports VALUES ('imp-later', 'study', 'x', 'y', now(), now(), NULL)`);
    expect(await readyDocs(ws.db)).toBeNull();
    const page = await listConversations(ws.db, { filter: { search: { text: 'sorry', mode: 'contains' } } });
    expect(page.searchMode).toBe('scan');
    expect(page.searchNote).toMatch(/being built/);
    await ws.db.run(`DELETE FROM imports WHERE import_id = 'imp-later'`);
  });
});

describe('page query (keys first, then the page’s rows)', () => {
  it('gives the rows, order and total of the one-step query for every sort, offset and filter', async () => {
    const pivot = (await scorePivot(ws.db, 'simulated-judge'))!;
    const sorts: ConversationQuery['sort'][] = [undefined, { key: 'overall', dir: 'desc' }, { key: 'overall', dir: 'asc' },
      { key: 'score:advice_giving', dir: 'asc' }, { key: 'messages', dir: 'desc' }, { key: 'condition', dir: 'asc' }, { key: 'participant_id', dir: 'desc' }];
    const filters: ConversationQuery['filter'][] = [{}, { conditions: ['coach'], rounds: [2] }, { search: { text: 'sorry', mode: 'contains' } },
      { scenarioTypes: ['personal'], search: { text: 'my dad', mode: 'contains', role: 'seeker' } }];
    expect(await explorerDocsReady(ws.db)).toBe(true);
    const docCount = (await readyDocs(ws.db))!;
    for (const sort of sorts) for (const filter of filters) for (const [limit, offset] of [[100, 0], [50, 1000], [100, 5000]]) {
      const q: ConversationQuery = { filter, sort };
      const opts = { scoreTable: pivot.table };
      const one = buildConversationQuery(q, pivot.dimensions, opts);
      const want = await ws.db.all(`${one.sql} LIMIT ${limit} OFFSET ${offset}`, one.params);
      const two = buildPageQuery(q, pivot.dimensions, opts, limit, offset);
      const got = await ws.db.all(two.sql, two.params);
      expect(got, JSON.stringify({ sort, filter, limit, offset })).toEqual(want);
      // Over explorer_docs, with the index's candidates (common words included) joined on document numbers.
      const candidates = filter.search ? await candidatesFor(ws.db, filter.search, docCount, { maxShare: 0.5 }) : null;
      const docs = buildPageQuery(q, pivot.dimensions, { ...opts, candidates, docs: true, searchText: true }, limit, offset);
      expect(await ws.db.all(docs.sql, docs.params), JSON.stringify({ docs: true, sort, filter, limit, offset })).toEqual(want);
      if (docs.countSql) expect(await ws.db.value(docs.countSql, docs.countParams)).toEqual(await ws.db.value(two.countSql!, two.countParams));
    }
  }, 300_000);
});
