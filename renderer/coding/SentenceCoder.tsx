// The coding surface's list: sentence units with their codes as chips. J/K (or ↓/↑) move the cursor, number keys
// 1-9 toggle the first nine codes of the tree on the cursor's sentence for the current coder, a chip's × removes
// that coder's code. Selecting text inside a message offers to code the span (SpanBar).
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CodeNode, SentenceKey } from '../../main/api/contract/index.js';
import { useCoding } from './CodingContext.js';
import { inkOn, numberedCodes } from './codebook-tree.js';
import { keyOf } from './sentence-keys.js';
import { SpanBar, spanFromSelection, type PendingSpan } from './SpanBar.js';
import type { CodedView } from './useCodedConversations.js';

export interface CodeRow {
  /** The sentence unit; null for text that is not a unit (a seeker message without units), shown for context and spans. */
  unit: SentenceKey | null;
  /** For span selection: the message the text belongs to and where the text starts in it. */
  message: { conversationId: string; turn: number; offset: number } | null;
  text: string;
  /** Shown above the row (a message's heading in the transcript view). */
  header?: ReactNode;
  meta?: ReactNode;
}

export function SentenceCoder({ rows, coded, codes, selectedCode, testId = 'code-sentences' }: {
  rows: CodeRow[]; coded: CodedView; codes: CodeNode[]; selectedCode: string | null; testId?: string;
}) {
  const { coder, edit } = useCoding();
  const units = useMemo(() => rows.map((r, i) => (r.unit ? i : -1)).filter((i) => i >= 0), [rows]);
  const [cursor, setCursor] = useState(0);
  const [span, setSpan] = useState<PendingSpan | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const byId = useMemo(() => new Map(codes.map((c) => [c.codeId, c])), [codes]);
  const numbered = useMemo(() => numberedCodes(codes), [codes]);
  const rowsKey = rows.map((r) => (r.unit ? keyOf(r.unit) : '')).join('|');
  useEffect(() => setCursor(0), [rowsKey]);
  useEffect(() => {
    list.current?.querySelector('.code-sentence.cursor')?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const toggle = async (unit: SentenceKey, code: CodeNode) => {
    if (!coder) return;
    const mine = (coded.sentences.get(keyOf(unit))?.codes ?? []).filter((c) => c.coder === coder && c.codeId === code.codeId);
    const direct = mine.find((c) => c.grain === 'sentence');
    if (direct) await edit('coding-unassign', { coder, assignmentId: direct.assignmentId });
    // Brought by a coded theme: a sentence-level exclusion overrides the theme's code here.
    else if (mine.length) await edit('coding-assign', { coder, codeId: code.codeId, unit: { grain: 'sentence', ...unit, exclude: true } });
    else await edit('coding-assign', { coder, codeId: code.codeId, unit: { grain: 'sentence', ...unit } });
  };

  const current = units[Math.min(cursor, units.length - 1)];
  const onKey = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).closest('input, select, textarea')) return;
    const k = e.key.toLowerCase();
    if (k === 'j' || e.key === 'ArrowDown' || k === 'k' || e.key === 'ArrowUp') {
      e.preventDefault();
      setCursor((c) => Math.max(0, Math.min(units.length - 1, c + (k === 'j' || e.key === 'ArrowDown' ? 1 : -1))));
    } else if (/^[1-9]$/.test(e.key) && current !== undefined) {
      e.preventDefault();
      const code = numbered[Number(e.key) - 1];
      const unit = rows[current].unit;
      if (code && unit) void toggle(unit, code);
    } else if (e.key === 'Escape' && span) {
      setSpan(null);
    }
  };

  if (rows.length === 0) return <p className="muted" data-testid={`${testId}-empty`}>No sentences.</p>;
  return (
    <div className="sentence-coder" tabIndex={0} onKeyDown={onKey} ref={list} data-testid={testId}
      onMouseUp={() => setSpan(spanFromSelection(list.current))}>
      {/* A slow answer for an earlier span must not close the bar of a span selected since. */}
      {span && <SpanBar key={`${span.conversationId}:${span.turn}:${span.start}:${span.end}`} span={span} codes={codes} selectedCode={selectedCode}
        onDone={(done) => setSpan((s) => (s === done ? null : s))} />}
      {rows.map((r, i) => {
        const codesHere = r.unit ? (coded.sentences.get(keyOf(r.unit))?.codes ?? []) : [];
        const at = units.indexOf(i);
        return (
          <div key={i}>
            {r.header}
            <div className={'code-sentence' + (r.unit ? '' : ' context') + (at >= 0 && at === cursor ? ' cursor' : '')}
              data-testid={r.unit ? 'code-sentence' : 'code-context'} data-cursor={at >= 0 && at === cursor ? 'true' : undefined}
              data-conversation-id={r.unit?.conversationId} data-turn={r.unit?.turn} data-sentence-index={r.unit?.sentenceIndex}
              onClick={() => { if (at >= 0) setCursor(at); }}>
              <span className="code-sentence-text" data-msg-conversation={r.message?.conversationId} data-msg-turn={r.message?.turn} data-msg-offset={r.message?.offset}>{r.text}</span>
              {r.meta && <span className="faint small code-sentence-meta">{r.meta}</span>}
              <span className="code-chips">
                {codesHere.map((c) => {
                  const code = byId.get(c.codeId);
                  if (!code) return null;
                  const own = c.coder === coder;
                  return (
                    <span key={c.assignmentId + c.codeId} className={'code-chip' + (own ? '' : ' other')} style={{ background: code.color, color: inkOn(code.color) }}
                      title={`${code.path} · ${c.coder}${c.grain === 'theme' ? ' (from a theme)' : ''}`} data-testid="sentence-code" data-code-id={c.codeId} data-coder={c.coder} data-grain={c.grain}>
                      {code.name}{own ? '' : ` · ${c.coder}`}{c.grain === 'theme' ? ' ◆' : ''}
                      {own && r.unit && (
                        <button className="chip-x" aria-label={`Remove ${code.name}`} onClick={(e) => { e.stopPropagation(); void toggle(r.unit!, code); }}>×</button>
                      )}
                    </span>
                  );
                })}
              </span>
            </div>
          </div>
        );
      })}
      <p className="faint small">J/K move · 1-9 toggle the numbered codes · select text to code a span</p>
    </div>
  );
}

