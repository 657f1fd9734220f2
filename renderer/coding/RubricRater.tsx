// One conversation of the queue: the transcript (no scores: raters are blind) beside the six dimensions with their
// definitions and scale anchors. Keyboard-only: 1-5 score the focused dimension and move the focus down, ↑/↓ move
// it, N / P go to the next / previous conversation. Every score is saved at once, in order.
import { useEffect, useRef, useState } from 'react';
import type { RatingQueueItem } from '../../main/api/contract/index.js';
import { humanize } from '../api/format.js';
import { MessageBubble } from '../explorer/MessageBubble.js';
import { isTyping } from '../shell/keys.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';

export function RubricRater({ rater, item, position, total, onMove }: {
  rater: string; item: RatingQueueItem; position: number; total: number; onMove: (delta: number) => void;
}) {
  const { edit } = useCoding();
  const rubric = useApiQuery('coding-rubric', undefined);
  const detail = useApiQuery('conversation-get', { id: item.conversationId });
  const mine = useApiQuery('coding-ratings', { rater, conversationId: item.conversationId });
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [note, setNote] = useState('');
  const [focus, setFocus] = useState(0);
  // The key handler reads and writes these at once: keys pressed faster than React renders still land in order.
  const live = useRef({ scores, focus, note });
  live.current.note = note;
  const loaded = useRef(false);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const dims = rubric.data?.dimensions ?? [];

  useEffect(() => {
    const r = mine.data?.ratings[0];
    if (!mine.data || loaded.current) return;
    loaded.current = true;
    if (r) { live.current.scores = r.scores; setScores(r.scores); setNote(r.note); }
  }, [mine.data]);

  // Saves run one after another, so the last key pressed is the score that stays.
  // `unsaved` counts saves not yet answered, so the panel can say whether what it shows is stored.
  // A failed save (its message is in the page's status line) leaves "not saved" until a later one succeeds.
  const [unsaved, setUnsaved] = useState(0);
  const [failed, setFailed] = useState(false);
  const save = (next: Record<string, number | null>, text: string) => {
    setUnsaved((n) => n + 1);
    chain.current = chain.current
      .then(() => edit('coding-rate', { rater, conversationId: item.conversationId, scores: next, note: text || undefined }))
      .then((out) => setFailed(out === null))
      .finally(() => setUnsaved((n) => n - 1));
  };

  const moveFocus = (to: number) => {
    live.current.focus = Math.max(0, Math.min(dims.length - 1, to));
    setFocus(live.current.focus);
  };
  const click = (i: number, v: number) => {
    live.current.scores = { ...live.current.scores, [dims[i].dimension]: v };
    setScores(live.current.scores);
    save(live.current.scores, note);
    moveFocus(i);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e) || dims.length === 0) return;
      const k = e.key.toLowerCase();
      const cur = live.current;
      if (/^[1-5]$/.test(e.key)) {
        e.preventDefault();
        cur.scores = { ...cur.scores, [dims[cur.focus].dimension]: Number(e.key) };
        save(cur.scores, cur.note);
        moveFocus(cur.focus + 1);
        setScores(cur.scores);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        moveFocus(cur.focus + (e.key === 'ArrowDown' ? 1 : -1));
      } else if (k === 'n' || k === 'p') {
        e.preventDefault();
        void chain.current.then(() => onMove(k === 'n' ? 1 : -1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const scored = dims.filter((d) => scores[d.dimension] != null).length;
  return (
    <div className="rubric-split" data-testid="rubric-rater" data-conversation-id={item.conversationId} data-position={position}>
      <section className="card rubric-transcript">
        <div className="row gap baseline">
          <h2 className="grow mono">{item.conversationId}</h2>
          <span className="muted small">{position + 1} / {total} · {item.condition ?? '–'} · round {item.round ?? '–'} · {humanize(item.scenario)}</span>
        </div>
        {detail.error && <div className="alert alert-error">{detail.error}</div>}
        <div className="messages">
          {detail.data?.messages.map((m) => <MessageBubble key={m.turn} message={m} showSentences={false} pattern={null} />)}
        </div>
      </section>
      <section className="card rubric-panel" data-testid="rubric-panel">
        <div className="row gap baseline">
          <h2 className="grow">Rubric</h2>
          <span className="muted small" data-testid="rubric-scored">{scored} of {dims.length} scored</span>
          <span className="faint small" data-testid="rubric-saved" data-saved={unsaved === 0 && !failed ? 'true' : 'false'}>
            {unsaved > 0 ? 'saving…' : failed ? 'not saved' : 'saved'}</span>
        </div>
        {rubric.error && <div className="alert alert-error">{rubric.error}</div>}
        {dims.map((d, i) => (
          <div key={d.dimension} className={'rubric-dim' + (i === focus ? ' focused' : '')} data-testid="rubric-dimension" data-dimension={d.dimension}
            data-score={scores[d.dimension] ?? undefined} data-focused={i === focus ? 'true' : undefined} onClick={() => moveFocus(i)}>
            <div className="row gap baseline">
              <b className="grow">{d.label}</b>
              <span className={`tag ${d.kind}`}>{d.kind}</span>
            </div>
            {d.definition && <p className="small muted rubric-definition">{d.definition}</p>}
            <div className="rubric-scale">
              {Object.entries(d.anchors).map(([v, anchor]) => (
                <button key={v} className={'rubric-score' + (scores[d.dimension] === Number(v) ? ' on' : '')} tabIndex={-1} title={anchor}
                  onClick={(e) => { e.stopPropagation(); click(i, Number(v)); }}>
                  <b>{v}</b> <span className="small">{anchor}</span>
                </button>
              ))}
            </div>
          </div>
        ))}
        <label className="field top-gap">
          <span>Note (optional)</span>
          <textarea className="input" rows={2} value={note} onChange={(e) => setNote(e.target.value)} onBlur={() => save(live.current.scores, note)}
            onKeyDown={(e) => { if (e.key === 'Escape') (e.target as HTMLElement).blur(); }} data-testid="rubric-note" />
        </label>
        <div className="row gap top-gap">
          <button className="btn btn-small" disabled={position === 0} onClick={() => onMove(-1)} data-testid="rubric-prev">Previous (P)</button>
          <button className="btn btn-small btn-primary" disabled={position >= total - 1} onClick={() => onMove(1)} data-testid="rubric-next">Next (N)</button>
        </div>
      </section>
    </div>
  );
}
