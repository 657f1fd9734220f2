import { useMemo, useState } from 'react';
import type { AgreementMatrixResult, AgreementStat } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { useAction } from '../api/useAction.js';
import { dimensionMedium, orderDimensions } from '../api/dimensions.js';
import { useStudy } from '../study/StudyContext.js';
import { flagText } from '../../main/figures/agreement.js';

const METRICS: { value: AgreementStat; label: string }[] = [
  { value: 'kappa_scale', label: 'κ, weighted (1–5 scale)' },
  { value: 'kappa_observed', label: 'κ, weighted (observed categories)' },
  { value: 'alpha', label: 'Krippendorff α (ordinal)' },
];

const isExpert = (s: { id: string; rater: string }) => /^expert/i.test(s.id) || /^expert/i.test(s.rater);

/**
 * Agreement of this run's scores with a reference (the median of the expert score sets when the study has two or
 * more, else a score set of the user's choice), beside the study's other raters. Computed on request: bootstrapped
 * intervals take a moment on large studies.
 */
export function AgreementCard({ scoreSetId }: { scoreSetId: string }) {
  const api = useApi();
  const { info } = useStudy();
  const sets = info?.scoreSets ?? [];
  const experts = sets.filter(isExpert).map((s) => s.id);
  const references = useMemo(() => [
    ...(experts.length >= 2 ? [{ value: `median(${experts.join(',')})`, label: `Median of the experts (${experts.join(', ')})` }] : []),
    ...sets.filter((s) => s.id !== scoreSetId).map((s) => ({ value: s.id, label: s.id + (s.rater !== s.id ? ` — ${s.rater}` : '') })),
  ], [sets, experts.join(','), scoreSetId]); // eslint-disable-line react-hooks/exhaustive-deps
  const [reference, setReference] = useState(references[0]?.value ?? '');
  const [metric, setMetric] = useState<AgreementStat>('kappa_scale');
  const [result, setResult] = useState<AgreementMatrixResult | null>(null);
  const { busy, error, run } = useAction();

  if (references.length === 0) return null;
  const ref = references.some((r) => r.value === reference) ? reference : references[0].value;
  const refMembers = /^median\((.*)\)$/.exec(ref)?.[1].split(',') ?? [ref];

  const compute = async (m: AgreementStat = metric) => {
    const others = sets.map((s) => s.id).filter((id) => id !== scoreSetId && !refMembers.includes(id));
    // A failed recompute clears the old table: it no longer answers the question on screen.
    setResult(await run(() => api.call('analysis-agreement-matrix', { raters: [scoreSetId, ...others], reference: ref, reps: 200, metric: m })) ?? null);
  };

  const dims = result ? orderDimensions([...new Set(result.rows.map((r) => r.dimension))]) : [];
  const pairs = result ? result.pairs.map((p) => p.label) : [];
  const cell = (pair: string, d: string) => result?.rows.find((r) => r.pair === pair && r.dimension === d);
  return (
    <section className="card" data-testid="run-agreement">
      <div className="row baseline gap wrap">
        <h2 className="grow">Agreement</h2>
        <select className="input" value={ref} onChange={(e) => { setReference(e.target.value); setResult(null); }} aria-label="Reference" data-testid="agreement-reference">
          {references.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
        </select>
        <select className="input" value={metric} onChange={(e) => {
          const m = e.target.value as AgreementStat;
          setMetric(m);
          // The "below the experts" flags are computed for one statistic.
          if (result) void compute(m);
        }} aria-label="Statistic" data-testid="agreement-metric">
          {METRICS.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
        </select>
        <button className="btn" onClick={() => void compute()} disabled={busy} data-testid="agreement-compute">{busy ? 'Computing…' : result ? 'Recompute' : 'Compute'}</button>
      </div>
      <p className="muted small">This run&apos;s scores against the reference, per dimension, beside every other rater in the study{experts.length >= 2 ? ' and the experts with each other' : ''}. Against a median of experts, the second line compares like with like: for each expert, that expert and this rater each against the median of the other experts, averaged (this rater vs the experts). Cells in amber fall below the experts.</p>
      {error && <div className="alert alert-error">{error}</div>}
      {result && (
        <div className="table-scroll">
          <table className="table agreement-table" data-testid="agreement-table">
            <thead><tr><th>Raters</th>{dims.map((d) => <th key={d} className="num">{dimensionMedium(d)}</th>)}</tr></thead>
            <tbody>
              {pairs.map((p) => (
                <tr key={p} className={p.startsWith(scoreSetId + ' ') ? 'this-run' : ''} data-testid="agreement-row">
                  <td className="mono small">{p}</td>
                  {dims.map((d) => {
                    const c = cell(p, d);
                    const v = c ? (c[metric] as number) : null;
                    return (
                      <td key={d} className={'num' + (c?.below_experts ? ' below' : '')} title={c ? `n = ${c.n}` : undefined}>
                        {v == null || Number.isNaN(v) ? '—' : v.toFixed(2)}
                        {c && c.candidate_loo != null && c.experts_mean != null && (
                          <div className="small muted" data-testid="agreement-loo" title="Leave-one-out: this rater vs the experts, each against the median of the other experts">
                            {flagText(c.candidate_loo, c.experts_mean, c.below_experts === true)}
                          </div>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
