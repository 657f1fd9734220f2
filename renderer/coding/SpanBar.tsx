// A text span selected inside one message, waiting for its code.
import { useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { useCoding } from './CodingContext.js';

export interface PendingSpan { conversationId: string; turn: number; start: number; end: number; text: string }

/** The message position of a selection end: the row's offset in its message plus the characters before it in the row. */
function positionOf(node: Node, offset: number): { conversationId: string; turn: number; at: number } | null {
  const el = (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement)?.closest<HTMLElement>('[data-msg-offset]');
  if (!el || el.dataset.msgConversation === undefined) return null;
  const r = document.createRange();
  r.setStart(el, 0);
  r.setEnd(node, offset);
  return { conversationId: el.dataset.msgConversation, turn: Number(el.dataset.msgTurn), at: Number(el.dataset.msgOffset) + r.toString().length };
}

/** The current selection as a span of one message inside `root`, or null (nothing selected, or across messages). */
export function spanFromSelection(root: HTMLElement | null): PendingSpan | null {
  const sel = window.getSelection();
  if (!root || !sel || sel.isCollapsed || sel.rangeCount === 0 || !root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return null;
  const a = positionOf(sel.anchorNode!, sel.anchorOffset);
  const b = positionOf(sel.focusNode!, sel.focusOffset);
  if (!a || !b || a.conversationId !== b.conversationId || a.turn !== b.turn || a.at === b.at) return null;
  return { conversationId: a.conversationId, turn: a.turn, start: Math.min(a.at, b.at), end: Math.max(a.at, b.at), text: sel.toString() };
}

export function SpanBar({ span, codes, selectedCode, onDone }: { span: PendingSpan; codes: CodeNode[]; selectedCode: string | null; onDone: (span: PendingSpan) => void }) {
  const { coder, edit } = useCoding();
  const [codeId, setCodeId] = useState(selectedCode ?? codes[0]?.codeId ?? '');
  return (
    <div className="span-bar" data-testid="span-bar" data-start={span.start} data-end={span.end} onMouseUp={(e) => e.stopPropagation()}>
      <span className="small grow">Span <q>{span.text.length > 80 ? `${span.text.slice(0, 80)}…` : span.text}</q> <span className="faint">t{span.turn} [{span.start}, {span.end})</span></span>
      <select className="input" value={codeId} onChange={(e) => setCodeId(e.target.value)} data-testid="span-code" aria-label="Code for the span">
        {codes.map((c) => <option key={c.codeId} value={c.codeId}>{c.path}</option>)}
      </select>
      <button className="btn btn-small btn-primary" disabled={!coder || !codeId} data-testid="span-assign"
        onClick={async () => {
          if (!coder) return;
          const ok = await edit('coding-assign', { coder, codeId, unit: { grain: 'span', conversationId: span.conversationId, turn: span.turn, start: span.start, end: span.end } });
          if (ok) { window.getSelection()?.removeAllRanges(); onDone(span); }
        }}>Code span</button>
      <button className="btn-icon" onClick={() => onDone(span)} aria-label="Cancel span">×</button>
    </div>
  );
}
