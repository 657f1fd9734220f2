// Which conversations a run covers, and the transcript text the judge reads.

import { listValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import type { JudgeSelection } from '../api/contract.js';
import { UserError } from '../api/app.js';
import { buildConversationQuery } from '../explorer/conversation-query.js';

export interface SelectedConversation { conversationId: string; scenario: string | null }

/** The explorer's filter (all parameters) intersected with explicit ids; sorted by id. */
export async function selectConversations(db: Db, sel: JudgeSelection = {}): Promise<SelectedConversation[]> {
  const filter = { ...(sel.filter ?? {}) };
  if (sel.conversationIds?.length) {
    filter.conversationIds = filter.conversationIds?.length
      ? filter.conversationIds.filter((id) => sel.conversationIds!.includes(id))
      : [...new Set(sel.conversationIds)];
    if (!filter.conversationIds.length) return [];
  }
  const { sql, params } = buildConversationQuery({ filter, sort: { key: 'conversation_id', dir: 'asc' } }, [], { page: false });
  const rows = await db.all<{ conversation_id: string; scenario: string | null }>(`SELECT conversation_id, scenario FROM (${sql})`, params);
  if (sel.conversationIds?.length) {
    const found = new Set(rows.map((r) => r.conversation_id));
    const missing = sel.conversationIds.filter((id) => !found.has(id));
    if (missing.length && !sel.filter) {
      throw new UserError(`No conversation${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).map((m) => `"${m}"`).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`, 'not-found');
    }
  }
  return rows.map((r) => ({ conversationId: r.conversation_id, scenario: r.scenario }));
}

/**
 * Transcripts as the judge sees them: one line per non-empty message, "Seeker: …" / "Supporter: …", in turn order.
 * Line breaks inside a message are kept; the speaker label starts each message.
 */
export async function loadTranscripts(db: Db, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const rows = await db.all<{ id: string; t: string }>(
    `SELECT conversation_id AS id,
            string_agg(CASE lower(role) WHEN 'seeker' THEN 'Seeker' WHEN 'supporter' THEN 'Supporter'
                         ELSE upper(left(role, 1)) || substr(role, 2) END || ': ' || trim(text), chr(10) ORDER BY turn) AS t
     FROM messages
     WHERE conversation_id IN (SELECT unnest(?::VARCHAR[])) AND trim(text) <> ''
     GROUP BY conversation_id`,
    [listValue(ids)]);
  for (const r of rows) out.set(r.id, r.t);
  return out;
}
