// Coding by conversation: pick a conversation (or step with the buttons), its transcript with every sentence unit
// codable, spans coded inside messages, and this coder's memo on the conversation.
import { useEffect, useMemo, useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';
import { MemoField } from './MemoField.js';
import { SentenceCoder, type CodeRow } from './SentenceCoder.js';
import { transcriptRows } from './transcript-rows.js';
import { useCodedConversations } from './useCodedConversations.js';

const PICKER_LIMIT = 1000;

export function ConversationSource({ codes, selectedCode }: { codes: CodeNode[]; selectedCode: string | null }) {
  const { coder, edit } = useCoding();
  const list = useApiQuery('conversations-list', { filter: {}, limit: PICKER_LIMIT });
  const ids = useMemo(() => (list.data?.rows ?? []).map((r) => r.conversation_id), [list.data]);
  const [id, setId] = useState<string | null>(null);
  // Functional update: a choice made between the list's render and this effect must not be overwritten.
  useEffect(() => { if (ids.length) setId((cur) => cur ?? ids[0]); }, [ids]);
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
        <button className="btn btn-small" disabled={at <= 0} onClick={() => setId(ids[at - 1])} data-testid="conversation-prev">◀</button>
        <select className="input" value={id ?? ''} onChange={(e) => setId(e.target.value)} data-testid="coding-conversation-select" aria-label="Conversation">
          {ids.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
        <button className="btn btn-small" disabled={at < 0 || at >= ids.length - 1} onClick={() => setId(ids[at + 1])} data-testid="conversation-next">▶</button>
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
