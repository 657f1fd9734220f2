// Coding by conversation: pick a conversation (or step with the buttons), its transcript with every sentence unit
// codable, spans coded inside messages, and this coder's memo on the conversation.
import { useEffect, useMemo, useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';
import { MemoField } from './MemoField.js';
import { SentenceCoder, type CodeRow } from './SentenceCoder.js';
import { transcriptRows } from './transcript-rows.js';
import { useCodedConversations } from './useCodedConversations.js';

/** Conversations per page of the picker; the buttons beside it step through the pages (and prev/next cross them). */
const PICKER_PAGE = 1000;

export function ConversationSource({ codes, selectedCode }: { codes: CodeNode[]; selectedCode: string | null }) {
  const { coder, edit } = useCoding();
  const [page, setPage] = useState(0);
  const list = useApiQuery('conversations-list', { filter: {}, limit: PICKER_PAGE, offset: page * PICKER_PAGE });
  const ids = useMemo(() => (list.data?.rows ?? []).map((r) => r.conversation_id), [list.data]);
  const total = list.data?.total ?? 0;
  const [id, setId] = useState<string | null>(null);
  // Which conversation of a newly loaded page to open: its first (next page), its last (previous), or none (keep).
  const [landing, setLanding] = useState<'first' | 'last' | null>(null);
  // Functional update: a choice made between the list's render and this effect must not be overwritten.
  useEffect(() => {
    if (!ids.length) return;
    if (landing) { setId(landing === 'first' ? ids[0] : ids[ids.length - 1]); setLanding(null); } else setId((cur) => cur ?? ids[0]);
  }, [ids]); // eslint-disable-line react-hooks/exhaustive-deps
  const turnPage = (to: number, at: 'first' | 'last') => { setLanding(at); setPage(to); };
  const pages = Math.max(1, Math.ceil(total / PICKER_PAGE));
  const detail = useApiQuery('conversation-get', id ? { id } : null);
  const coded = useCodedConversations(id ? [id] : []);
  const conv = id ? coded.conversations.get(id) : undefined;

  const rows: CodeRow[] = useMemo(() => {
    if (!detail.data || !conv || detail.data.conversation.conversation_id !== id) return [];
    return transcriptRows(detail.data.messages, conv.sentences).map((r) => ({
      unit: r.sentenceIndex === null ? null : { conversationId: conv.conversationId, turn: r.turn, sentenceIndex: r.sentenceIndex },
      message: r.offset >= 0 ? { conversationId: conv.conversationId, turn: r.turn, offset: r.offset } : null,
      text: r.text,
      header: r.first ? <div className={`code-msg-head role-${r.role}`}>{r.role} · turn {r.turn}</div> : undefined,
    }));
  }, [detail.data, conv, id]);

  const at = id ? ids.indexOf(id) : -1;
  const c = detail.data?.conversation;
  return (
    <div data-testid="coding-by-conversation">
      <div className="row gap baseline">
        {pages > 1 && <button className="btn btn-small" disabled={page === 0} onClick={() => turnPage(page - 1, 'first')} data-testid="conversation-page-prev" title="Previous page of conversations">◀◀</button>}
        <button className="btn btn-small" disabled={at < 0 || (at === 0 && page === 0)} data-testid="conversation-prev"
          onClick={() => (at > 0 ? setId(ids[at - 1]) : turnPage(page - 1, 'last'))}>◀</button>
        <select className="input" value={id ?? ''} onChange={(e) => setId(e.target.value)} data-testid="coding-conversation-select" aria-label="Conversation">
          {ids.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
        <button className="btn btn-small" disabled={at < 0 || (at >= ids.length - 1 && page >= pages - 1)} data-testid="conversation-next"
          onClick={() => (at < ids.length - 1 ? setId(ids[at + 1]) : turnPage(page + 1, 'first'))}>▶</button>
        {pages > 1 && <button className="btn btn-small" disabled={page >= pages - 1} onClick={() => turnPage(page + 1, 'first')} data-testid="conversation-page-next" title="Next page of conversations">▶▶</button>}
        {pages > 1 && <span className="faint small" data-testid="conversation-page" data-offset={page * PICKER_PAGE} data-total={total}>
          {fmtInt(page * PICKER_PAGE + 1)}–{fmtInt(page * PICKER_PAGE + ids.length)} of {fmtInt(total)}</span>}
        {c && <span className="muted small">{c.condition ?? '–'} · round {c.round ?? '–'} · {c.scenario ?? ''}</span>}
      </div>
      {(list.error || detail.error || coded.error) && <div className="alert alert-error">{list.error ?? detail.error ?? coded.error}</div>}
      <SentenceCoder rows={rows} coded={coded} codes={codes} selectedCode={selectedCode} />
      {conv && conv.spans.length > 0 && (
        <div className="top-gap" data-testid="coded-spans">
          <h3>Coded spans</h3>
          {conv.spans.map((s) => (
            <div key={s.assignmentId} className="row gap baseline small" data-testid="coded-span" data-start={s.start} data-end={s.end} data-code-id={s.codeId}>
              <q className="grow">{s.text}</q><span>{s.codePath}</span><span className="faint">{s.coder}</span>
              {s.coder === coder && <button className="btn-icon" aria-label="Remove span" onClick={() => void edit('coding-unassign', { coder: coder!, assignmentId: s.assignmentId })}>×</button>}
            </div>
          ))}
        </div>
      )}
      {id && <MemoField target={{ kind: 'conversation', id }} label="Memo on this conversation" />}
    </div>
  );
}
