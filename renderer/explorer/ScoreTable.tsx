import { Fragment, useState } from 'react';
import type { ScoreView } from '../../main/api/contract/index.js';
import { dimensionLabel, dimensionMedium, isProscriptive, orderDimensions } from '../api/dimensions.js';
import { fmtScore } from '../api/format.js';
import { overallScore, type Dimension } from '../../main/domain/study.js';

/** Every score set's scores side by side: dimension rows x score set columns; rationales on hover or click. */
export function ScoreTable({ scores }: { scores: ScoreView[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (scores.length === 0) {
    return <p className="muted small" data-testid="no-scores">No score set has scored this conversation.</p>;
  }
  const sets: { id: string; rater: string }[] = [];
  for (const s of scores) if (!sets.some((x) => x.id === s.scoreSetId)) sets.push({ id: s.scoreSetId, rater: s.rater });
  const dims = orderDimensions([...new Set(scores.map((s) => s.dimension))]);
  const at = (set: string, d: string) => scores.find((s) => s.scoreSetId === set && s.dimension === d);
  const overall = (set: string) => overallScore(Object.fromEntries(dims.map((d) => [d, at(set, d)?.score ?? null])) as Partial<Record<Dimension, number | null>>);
  const anyOverall = sets.some((s) => overall(s.id) != null);
  const openScore = open ? scores.find((s) => `${s.scoreSetId}\u0000${s.dimension}` === open) : undefined;

  return (
    <div className="score-table-wrap">
      <div className="score-table-scroll">
      <table className="table score-table" data-testid="score-table">
        <thead>
          <tr>
            <th>Dimension</th>
            {sets.map((s) => (
              <th key={s.id} className="center" title={`rater: ${s.rater}`} data-testid="score-set-header" data-score-set={s.id}>
                <span className="set-name">{s.id}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dims.map((d) => (
            <tr key={d} className={isProscriptive(d) ? 'proscriptive' : 'prescriptive'}>
              <td className="dim" title={`${dimensionLabel(d)} (${d})`}>{sets.length > 3 ? dimensionMedium(d) : dimensionLabel(d)}</td>
              {sets.map((s) => {
                const v = at(s.id, d);
                const key = `${s.id}\u0000${d}`;
                const why = [v?.rationale, v?.evidence ? `Evidence: ${v.evidence}` : null].filter(Boolean).join('\n\n');
                return (
                  <td key={s.id} className={'center score-cell' + (why ? ' has-why' : '') + (open === key ? ' open' : '')}
                    title={why || undefined}
                    data-testid="score-cell" data-score-set={s.id} data-dimension={d} data-score={v?.score ?? ''}
                    onClick={() => why && setOpen(open === key ? null : key)}>
                    {fmtScore(v?.score)}
                    {why && <span className="why-dot" aria-label="has rationale" />}
                  </td>
                );
              })}
            </tr>
          ))}
          {anyOverall && (
            <tr className="overall-row">
              <td title="Prescriptive minus proscriptive">Overall</td>
              {sets.map((s) => {
                const o = overall(s.id);
                return <td key={s.id} className="center strong" data-testid="score-overall" data-score-set={s.id}>{o == null ? '—' : (o > 0 ? '+' : '') + fmtScore(o)}</td>;
              })}
            </tr>
          )}
        </tbody>
      </table>
      </div>
      {sets.some((s) => dims.some((d) => at(s.id, d)?.rationale || at(s.id, d)?.evidence)) && !openScore && (
        <p className="muted small">Cells with a dot have a rationale: hover or click to read it.</p>
      )}
      {openScore && (
        <div className="rationale" data-testid="score-rationale">
          <div className="rationale-head">
            <strong>{dimensionLabel(openScore.dimension)}</strong> · {openScore.scoreSetId} · score {fmtScore(openScore.score)}
            <button className="btn-icon" onClick={() => setOpen(null)} aria-label="Close rationale">×</button>
          </div>
          {openScore.rationale && <p>{openScore.rationale}</p>}
          {openScore.evidence && <Fragment><div className="muted small">Evidence</div><blockquote>{openScore.evidence}</blockquote></Fragment>}
        </div>
      )}
    </div>
  );
}
