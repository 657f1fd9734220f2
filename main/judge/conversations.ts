// Which conversations a run covers, and the transcript text the judge reads.

import { listValue } from '@duckdb/node-api';
import type { Db } from '../db/workspace.js';
import type { JudgeSelection } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { buildConversationQuery } from '../explorer/conversation-query.js';
import { searchOpts } from '../explorer/search-opts.js';

export interface SelectedConversation { conversationId: string; scenario: string | null }

function hasFilter(f: JudgeSelection['filter']): boolean {
  if (!f) return false;
  return Object.entries(f).some(([, v]) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v && typeof v === 'object' ? !!(v as { text?: string }).text?.trim() : v != null));
}

/**
 * The explorer's filter (its own query, so a run covers exactly what the explorer shows) intersected with
 * explicit ids; sorted by id. Without a filter, the conversations table is read directly.
 */
export async function selectConversations(db: Db, sel: JudgeSelection = {}): Promise<SelectedConversation[]> {
  if (!hasFilter(sel.filter)) {
    const ids = sel.conversationIds?.length ? [...new Set(sel.conversationIds)] : null;
    const rows = ids
      ? await db.all<{ conversation_id: string; scenario: string | null }>(
        `SELECT conversation_id, any_value(scenario) AS scenario FROM conversations WHERE conversation_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1 ORDER BY 1`, [listValue(ids)])
      : await db.all<{ conversation_id: string; scenario: string | null }>(
        `SELECT conversation_id, any_value(scenario) AS scenario FROM conversations GROUP BY 1 ORDER BY 1`);
    if (ids && rows.length < ids.length) {
      const found = new Set(rows.map((r) => r.conversation_id));
      const missing = ids.filter((id) => !found.has(id));
      throw new UserError(`No conversation${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).map((m) => `"${m}"`).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`, 'not-found');
    }
    return rows.map((r) => ({ conversationId: r.conversation_id, scenario: r.scenario }));
  }
  const filter = { ...(sel.filter ?? {}) };
  if (sel.conversationIds?.length) {
    filter.conversationIds = filter.conversationIds?.length
      ? filter.conversationIds.filter((id) => sel.conversationIds!.includes(id))
      : [...new Set(sel.conversationIds)];
    if (!filter.conversationIds.length) return [];
  }
  const { sql, params } = buildConversationQuery({ filter, sort: { key: 'conversation_id', dir: 'asc' } }, [], await searchOpts(db, filter));
  const rows = await db.all<{ conversation_id: string; scenario: string | null }>(
    `SELECT f.conversation_id, (SELECT any_value(c.scenario) FROM conversations c WHERE c.conversation_id = f.conversation_id) AS scenario
     FROM (${sql}) f ORDER BY 1`, params);
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
