// The explorer's narrow copy of conversation_stats keyed by the word index's document numbers (migration 11).
// conversation_stats is edited in place (scenario assignment bumps the data version), so the copy is used only while
// the imports and the data version it was filled for are the workspace's; otherwise the explorer reads
// conversation_stats as before.
import { DATA_VERSION_STAMP_SQL, IMPORTS_STAMP_SQL, stampSql } from '../db/data-stamp.js';
import type { Db } from '../db/workspace.js';

/** What the copy must have been filled for: the imports and study_meta's data version. */
const STAMP_SQL = stampSql([IMPORTS_STAMP_SQL, DATA_VERSION_STAMP_SQL]);

/**
 * Refills explorer_docs from conversation_stats and search_docs (call it inside the index build's transaction, or
 * after it). A conversation with more than one row in conversation_stats (one per import of it) has no single
 * document number: the copy is then left empty and the explorer keeps reading conversation_stats.
 */
export async function fillExplorerDocs(db: Db): Promise<number> {
  await db.run('DELETE FROM explorer_docs');
  await db.run('DELETE FROM explorer_docs_state');
  const n = await db.one<{ stats: number; ids: number; docs: number }>(
    `SELECT (SELECT count(*) FROM conversation_stats) AS stats, (SELECT count(DISTINCT conversation_id) FROM conversation_stats) AS ids,
       (SELECT count(*) FROM search_docs) AS docs`);
  if (!n || Number(n.stats) !== Number(n.ids) || Number(n.docs) !== Number(n.stats)) {
    // Stamped with no documents: unusable for these conversations, so nobody refills it until they change again.
    await db.run(`INSERT INTO explorer_docs_state SELECT (${STAMP_SQL}), 0`);
    return 0;
  }
  // Stored in document order: the default sort (by conversation id) is then the table's own order.
  await db.run(`INSERT INTO explorer_docs
    SELECT d.doc, s.conversation_id, s.participant_id, s.condition, s.round, s.scenario, s.scenario_type, s.messages, s.supporter_words
    FROM conversation_stats s JOIN search_docs d USING (conversation_id) ORDER BY d.doc`);
  await db.run(`INSERT INTO explorer_docs_state SELECT (${STAMP_SQL}), ?`, [Number(n.docs)]);
  return Number(n.docs);
}

/**
 * `ready`: explorer_docs holds the workspace's conversations as they are now. `stale`: it was filled for other imports
 * or another data version (a refill is due). `unusable`: filled for these, but a conversation has two rows.
 */
export type ExplorerDocsState = 'ready' | 'stale' | 'unusable';
const DOCS_STATES: readonly ExplorerDocsState[] = ['stale', 'unusable', 'ready'];

/** A scalar query: the index of the state in DOCS_STATES (for one-query page checks; see docsState). */
export const EXPLORER_DOCS_STATE_SQL = `SELECT coalesce(max(CASE WHEN docs > 0 THEN 2 ELSE 1 END), 0) FROM explorer_docs_state
  WHERE built_for = (${STAMP_SQL})`;
export const docsState = (v: unknown): ExplorerDocsState => DOCS_STATES[Number(v)] ?? 'stale';

export async function explorerDocsState(db: Db): Promise<ExplorerDocsState> {
  return docsState(await db.value<number>(EXPLORER_DOCS_STATE_SQL));
}

/** Whether explorer_docs holds the workspace's conversations as they are now. */
export async function explorerDocsReady(db: Db): Promise<boolean> {
  return (await explorerDocsState(db)) === 'ready';
}
