// The text-search part of the explorer's query options for callers that reuse its filter outside its pages (custom
// figures, the map's points, the judge's conversation picks). Without it their searches scan every message even after
// the search text and the word index are built (the query builder falls back to the messages when not told the search
// text is ready); with it they take the explorer's path: the index's candidates, then the search text.
import type { ConversationFilter } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { candidatesFor } from '../search/word-index.js';
import type { QueryOpts } from './conversation-query.js';
import { pageState } from './page-state.js';

export async function searchOpts(db: Db, filter: ConversationFilter): Promise<Pick<QueryOpts, 'candidates' | 'searchText'>> {
  const search = filter.search?.text.trim() ? filter.search : undefined;
  if (!search) return {};
  const state = await pageState(db);
  // Candidates only from an index that matches the imports (indexDocs is null while it is missing or stale).
  const candidates = state.indexDocs !== null ? await candidatesFor(db, search, state.indexDocs) : null;
  return { candidates, searchText: state.searchText };
}
