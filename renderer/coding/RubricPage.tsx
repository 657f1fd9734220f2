// Rating conversations on the rubric: the current coder, as rater, draws a queue stratified by condition × round ×
// scenario with a size they choose, then rates each conversation (RubricRater). Their ratings form the score set
// `rater:<name>` that the judge agreement analysis compares with every LLM judge run.
import { useEffect, useState } from 'react';
import { fmtInt } from '../api/format.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';
import { RubricRater } from './RubricRater.js';

const DEFAULT_QUEUE = 20;

export function RubricPage() {
  const { coder, edit, revision } = useCoding();
  const queue = useApiQuery('coding-rating-queue', coder ? { rater: coder } : null, revision);
  const [size, setSize] = useState(DEFAULT_QUEUE);
  const [redraw, setRedraw] = useState(false);
  const [at, setAt] = useState<number | null>(null);
  const items = queue.data?.items ?? [];
  // Opens on the first conversation not yet rated.
  useEffect(() => {
    if (at === null && items.length) setAt(Math.max(0, items.findIndex((i) => !i.rated)));
  }, [items, at]);
  useEffect(() => setAt(null), [coder]);

  if (!coder) return <section className="card"><p className="muted" data-testid="rubric-no-coder">Choose or add a coder: ratings are made as that rater.</p></section>;
  const rated = items.filter((i) => i.rated).length;
  const draw = async () => {
    const out = await edit('coding-rating-queue-create', { rater: coder, size });
    if (out) { setRedraw(false); setAt(0); }
  };
  return (
    <div className="rubric-page" data-testid="rubric-page">
      <section className="card">
        <div className="row gap baseline wrap">
          <h2 className="grow">Rubric ratings · {coder}</h2>
          {items.length > 0 && (
            <div className="rubric-progress" data-testid="rubric-progress" data-rated={rated} data-total={items.length}>
              <span className="small">{fmtInt(rated)} of {fmtInt(items.length)} rated</span>
              <div className="progress"><div className="progress-bar" style={{ width: `${(100 * rated) / items.length}%` }} /></div>
            </div>
          )}
          {items.length > 0 && !redraw && <button className="btn btn-small" onClick={() => setRedraw(true)}>New queue…</button>}
        </div>
        {queue.error && <div className="alert alert-error">{queue.error}</div>}
        {queue.data && (items.length === 0 || redraw) && (
          <form className="row gap baseline top-gap" onSubmit={(e) => { e.preventDefault(); void draw(); }} data-testid="rubric-queue-form">
            <span className="small">Draw</span>
            <input className="input num-input" type="number" min={1} max={100000} value={size} onChange={(e) => setSize(Math.max(1, Number(e.target.value) || 1))} data-testid="rubric-queue-size" aria-label="Queue size" />
            <span className="small">conversations, stratified by condition × round × scenario</span>
            <button className="btn btn-small btn-primary" type="submit" data-testid="rubric-queue-draw">Draw queue</button>
            {redraw && <button className="btn btn-small" type="button" onClick={() => setRedraw(false)}>Cancel</button>}
          </form>
        )}
        <p className="faint small">You see neither the judge's scores nor other raters'. Keys: 1-5 score the focused dimension (the focus then moves down), ↑/↓ move the focus, N next, P previous.</p>
      </section>
      {items.length > 0 && at !== null && items[at] && (
        <RubricRater key={items[at].conversationId} rater={coder} item={items[at]} position={at} total={items.length}
          onMove={(d) => setAt((i) => Math.max(0, Math.min(items.length - 1, (i ?? 0) + d)))} />
      )}
    </div>
  );
}
