// The explorer's search text (migration 20): per document and role, the lower-cased text of its messages in turn
// order, joined by line breaks (so a phrase does not span two messages unless it holds a line break itself). Built by
// the search-index job right after an import, not by the import (it was half of the import's write at 100x), and
// committed before the word index is tokenized from it, so that searches scan this text minutes before the index is
// ready. Until it matches the imports, a search scans the messages themselves (main/explorer/conversation-query.ts).
import type { Db } from '../db/workspace.js';
import { IMPORTS_STAMP_SQL } from '../db/data-stamp.js';
import { fillExplorerDocs } from './explorer-docs.js';

/** A scalar query: documents with search text when it was built for the workspace's imports, else NULL. */
export const TEXT_READY_SQL = `SELECT max(docs) FROM search_text_state WHERE built_for = ${IMPORTS_STAMP_SQL}`;

/** Documents with search text for the workspace's imports; null while it is missing or stale. */
export async function textReadyDocs(db: Db): Promise<number | null> {
  const r = await db.value<number | null>(TEXT_READY_SQL);
  return r == null ? null : Number(r);
}

/**
 * Numbers the documents (conversations in id order), refills the explorer's page table for them and builds their
 * search text, inside the caller's transaction. The word index built for earlier documents is marked stale first:
 * its document numbers may no longer be these. Returns the number of documents.
 */
export async function buildSearchText(db: Db): Promise<number> {
  for (const t of ['search_index_state', 'search_text_state', 'search_text', 'search_docs']) await db.run(`DELETE FROM ${t}`);
  await db.run(`INSERT INTO search_docs SELECT (row_number() OVER (ORDER BY conversation_id) - 1)::INTEGER, conversation_id FROM conversation_stats`);
  await fillExplorerDocs(db);
  // Lower-cased once per text rather than per message: the same text (lower-casing maps code point by code point).
  // Stored in document order: the index build reads it a range of documents at a time.
  await db.run(`INSERT INTO search_text
    SELECT d.doc, CASE m.role WHEN 'seeker' THEN 1 ELSE 2 END::UTINYINT, -- the word index's role bits (ROLE_BIT)
      lower(string_agg(m.text, chr(10) ORDER BY m.turn))
    FROM messages m JOIN search_docs d USING (conversation_id)
    WHERE m.role IN ('seeker', 'supporter')
    GROUP BY d.doc, m.role
    ORDER BY 1, 2`);
  const docs = Number(await db.value<number>('SELECT count(*) FROM search_docs'));
  await db.run(`INSERT INTO search_text_state SELECT ${IMPORTS_STAMP_SQL}, ?`, [docs]);
  return docs;
}
