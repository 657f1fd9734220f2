// What an explorer page must know before it builds its query, read in one statement: whether the score pivot is
// fresh, whether the word index and the search text match the imports, and whether explorer_docs matches the conversations. Three
// statements cost ~10 ms of a page at 100x, mostly per-statement overhead; one costs a third of that.
import type { Db } from '../db/workspace.js';
import { SCORES_VERSION_SQL } from './score-pivot.js';
import { READY_DOCS_SQL } from '../search/word-index.js';
import { TEXT_READY_SQL } from '../search/search-text.js';
import { docsState, EXPLORER_DOCS_STATE_SQL, type ExplorerDocsState } from '../search/explorer-docs.js';

export interface PageState {
  /** scoresVersion's fingerprint, for scorePivot. */
  scores: string;
  /** Documents in the word index, or null while it is missing or stale (readyDocs). */
  indexDocs: number | null;
  /** Whether search_text was built for the workspace's imports (textReadyDocs); else a search scans the messages. */
  searchText: boolean;
  /** Whether explorer_docs holds the conversations as they are now (explorerDocsState). */
  docs: ExplorerDocsState;
}

export async function pageState(db: Db): Promise<PageState> {
  const r = (await db.one<{ scores: string; index_docs: number | null; text_docs: number | null; docs: number }>(
    `SELECT (${SCORES_VERSION_SQL}) AS scores, (${READY_DOCS_SQL}) AS index_docs, (${TEXT_READY_SQL}) AS text_docs,
       (${EXPLORER_DOCS_STATE_SQL}) AS docs`))!;
  return {
    scores: String(r.scores), indexDocs: r.index_docs == null ? null : Number(r.index_docs), searchText: r.text_docs != null,
    docs: docsState(r.docs),
  };
}
