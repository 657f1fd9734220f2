// The text-search part of the explorer's query options for callers that reuse its filter outside its pages (custom
// figures, the map's points, the judge's conversation picks). Without it their searches scan every message even after
// the search text and the word index are built (the query builder falls back to the messages when not told the search
// text is ready); with it they take the explorer's path: the index's candidates, then the search text.
import type { ConversationFilter } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { candidatesFor, type Candidates } from '../search/word-index.js';
import type { QueryOpts } from './conversation-query.js';
import { pageState, type PageState } from './page-state.js';

/** The filter's text search; undefined when it has none or only blanks. */
export function searchOf(filter: ConversationFilter): ConversationFilter['search'] {
  return filter.search?.text.trim() ? filter.search : undefined;
}

/** The word index's candidates for a search, or null (scan): only from an index that matches the imports. */
export async function indexCandidates(db: Db, search: ConversationFilter['search'], state: PageState): Promise<Candidates | null> {
  // indexDocs is null while the index is missing or stale.
  return search && state.indexDocs !== null ? candidatesFor(db, search, state.indexDocs) : null;
}

export async function searchOpts(db: Db, filter: ConversationFilter): Promise<Pick<QueryOpts, 'candidates' | 'searchText'>> {
  const search = searchOf(filter);
  if (!search) return {};
  const state = await pageState(db);
  return { candidates: await indexCandidates(db, search, state), searchText: state.searchText };
}
