import { useEffect, useMemo, useRef, useState } from 'react';
import type { TextSearch } from '../../main/api/contract/index.js';
import { fmtInt, humanize } from '../api/format.js';
import { KeyValueTable } from './KeyValueTable.js';
import { MessageBubble } from './MessageBubble.js';
import { ScoreTable } from './ScoreTable.js';
import { SelfReports } from './SelfReports.js';
import { searchPattern } from './highlight.js';
import { useConversation } from './useConversation.js';
import { ScenarioAssign } from './ScenarioAssign.js';
import { useStudy } from '../study/StudyContext.js';

export function TranscriptView({ id, revision, onClose, position, search, highlight }: {
  id: string | null; revision: number; onClose: () => void; position: string | null; search?: TextSearch;
  /** A sentence unit to highlight (opened from a theme). */
  highlight?: { conversationId: string; turn: number; sentenceIndex: number } | null;
}) {
  const { detail, error, loading } = useConversation(id, revision);
  const { info } = useStudy();
  const [showSentences, setShowSentences] = useState(true);
  const pattern = useMemo(() => searchPattern(search), [search?.text, search?.mode]); // eslint-disable-line react-hooks/exhaustive-deps
  const body = useRef<HTMLDivElement>(null);

  // A newly opened conversation starts at the top, or at the first search match when searching.
  const shownId = detail?.conversation.conversation_id;
  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const hit = el.querySelector('.sent-highlight') ?? el.querySelector('mark');
    if (hit) hit.scrollIntoView({ block: 'center' });
    else el.scrollTop = 0;
  }, [shownId, highlight]);

  if (!id) {
    return (
      <section className="transcript empty-pane" data-testid="transcript-empty">
        <div className="empty">
          <p><strong>No conversation open.</strong></p>
          <p className="muted">Click a row, or press <kbd>j</kbd> to open the first one. <kbd>?</kbd> lists the shortcuts.</p>
        </div>
      </section>
    );
  }
  if (error) {
    return (
      <section className="transcript" data-testid="transcript">
        <div className="alert alert-error" data-testid="transcript-error">{error}</div>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="transcript" data-testid="transcript" data-loading="true">
        <div className="center-state"><div className="spinner" /> Loading {id}…</div>
      </section>
    );
  }
  const c = detail.conversation;
  const supporterMsgs = detail.messages.filter((m) => m.role === 'supporter').length;
  return (
    <section className={'transcript' + (loading ? ' stale' : '')} data-testid="transcript" data-conversation-id={c.conversation_id}>
      <div className="transcript-head">
        <div className="transcript-title">
          <h2 className="mono" data-testid="transcript-id">{c.conversation_id}</h2>
          {position && <span className="muted small">{position}</span>}
          <button className="btn-icon" onClick={onClose} title="Close (Esc)" aria-label="Close transcript">×</button>
        </div>
        <div className="facts">
          {c.condition && <span className={`cond cond-${c.condition}`} data-testid="transcript-condition">{c.condition}</span>}
          {c.round != null && <span className="fact">Round <b>{c.round}</b></span>}
          {c.scenario && <span className="fact">{humanize(c.scenario)}{c.scenario_type ? <span className="muted"> · {c.scenario_type}</span> : null}</span>}
          {c.participant_id && <span className="fact">Participant <b className="mono">{c.participant_id}</b></span>}
          <span className="fact">{fmtInt(detail.messages.length)} messages · {fmtInt(c.supporter_words)} supporter words</span>
        </div>
      </div>

      <div className="transcript-body" ref={body}>
        {!c.scenario && info && info.scenarios.length > 0 && (
          <ScenarioAssign key={c.conversation_id} conversationId={c.conversation_id} info={info} messages={detail.messages} />
        )}
        <div className="block">
          <h3>Scores</h3>
          <ScoreTable scores={detail.scores} />
        </div>

        <div className="block">
          <div className="block-head">
            <h3>Transcript</h3>
            {supporterMsgs > 0 && (
              <label className="check small">
                <input type="checkbox" checked={showSentences} onChange={(e) => setShowSentences(e.target.checked)} data-testid="toggle-sentences" />
                Mark sentence units
              </label>
            )}
          </div>
          {detail.messages.length === 0 ? (
            <p className="muted">This conversation has no messages.</p>
          ) : (
            <div className="messages" data-testid="messages">
              {detail.messages.map((m) => (
                <MessageBubble key={m.turn} message={m} showSentences={showSentences}
                  highlightSentence={highlight?.conversationId === c.conversation_id && highlight.turn === m.turn ? highlight.sentenceIndex : null}
                  pattern={!search?.role || search.role === m.role ? pattern : null} />
              ))}
            </div>
          )}
        </div>

        <div className="grid-2 tight">
          <div className="block">
            <h3>Participant</h3>
            {detail.participant
              ? <KeyValueTable data={detail.participant} testId="participant-info" />
              : <p className="muted small">No participant record{c.participant_id ? ` for ${c.participant_id}` : ''} (the participants table is missing or has no row for it).</p>}
          </div>
          <div className="block">
            <h3>Self-reports</h3>
            <SelfReports items={detail.selfReports} />
          </div>
        </div>
        {detail.extra && Object.keys(detail.extra).length > 0 && (
          <div className="block">
            <h3>Other fields</h3>
            <KeyValueTable data={detail.extra} testId="conversation-extra" />
          </div>
        )}
      </div>
    </section>
  );
}
