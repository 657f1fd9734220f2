// Judge runs side by side (#/judge/compare): pick score sets (judge runs, imported raters); see per-dimension means,
// agreement between every pair and with a reference (the experts' median by default), cost and latency, and the
// conversations they disagree on most, each one click from the explorer.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JudgeCompareAgreement, JudgeCompareResult } from '../../main/api/contract/index.js';
import { dimensionLabel, fixed } from '../../main/figures/index.js';
import { useApi } from '../api/ApiContext.js';
import { useAction } from '../api/useAction.js';
import { openInExplorer } from '../figures/explore-link.js';
import { useStudy } from '../study/StudyContext.js';
import './compare.css';

const AUTO = '(auto)';
const NONE = '(none)';

function money(r: JudgeCompareResult['sets'][number]): string {
  if (!r.cost) return '–';
  return r.cost.amount == null ? 'no price' : `$${r.cost.amount.toFixed(r.cost.amount < 1 ? 4 : 2)}`;
}

function AgreementTable({ rows, dims, label, testId }: { rows: JudgeCompareAgreement[]; dims: string[]; label: (r: JudgeCompareAgreement) => string; testId: string }) {
  const keys = [...new Set(rows.map((r) => `${r.a}\u0000${r.b}`))];
  return (
    <table className="data-table" data-testid={testId}>
      <thead><tr><th />{dims.map((d) => <th key={d} className="num">{dimensionLabel(d)}</th>)}</tr></thead>
      <tbody>
        {keys.map((k) => {
          const of = rows.filter((r) => `${r.a}\u0000${r.b}` === k);
          return (
            <tr key={k} data-testid={`${testId}-row`}>
              <th>{label(of[0])}</th>
              {dims.map((d) => {
                const c = of.find((r) => r.dimension === d);
                return <td key={d} className="num" title={c ? `n = ${c.n}; exact agreement ${c.exact == null ? '–' : fixed(c.exact, 3)}` : undefined} data-kappa={c?.kappa ?? ''}>
                  {c?.kappa == null ? '–' : fixed(c.kappa, 3)} <span className="faint small">n={c?.n ?? 0}</span>
                </td>;
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The comparison asked for in the URL (#/judge/compare?sets=a,b&ref=…&dim=…), so it can be bookmarked and shared. */
function fromHash(): { sets: string[]; ref: string; dim: string } {
  const i = window.location.hash.indexOf('?');
  const q = new URLSearchParams(i >= 0 ? window.location.hash.slice(i + 1) : '');
  return { sets: (q.get('sets') ?? '').split(',').filter(Boolean), ref: q.get('ref') ?? AUTO, dim: q.get('dim') ?? AUTO };
}

export function ComparePage() {
  const api = useApi();
  const { info } = useStudy();
  const initial = useRef(fromHash());
  const [picked, setPicked] = useState<string[]>(initial.current.sets);
  const [reference, setReference] = useState(initial.current.ref);
  const [dimension, setDimension] = useState(initial.current.dim);
  const [result, setResult] = useState<JudgeCompareResult | null>(null);
  const { busy, error, run } = useAction();

  const compare = useCallback((ids: string[], ref: string, dim: string) => {
    window.history.replaceState(null, '', `#/judge/compare?${new URLSearchParams({ sets: ids.join(','), ref, dim })}`);
    return run(async () => setResult(await api.call('judge-compare', {
      scoreSetIds: ids,
      reference: ref === AUTO ? undefined : ref === NONE ? null : ref,
      disagreementDimension: dim === AUTO ? undefined : dim,
    })));
  }, [api, run]);
  // A comparison named in the URL runs on arrival.
  useEffect(() => {
    const { sets: ids, ref, dim } = initial.current;
    if (ids.length >= 2) void compare(ids, ref, dim);
  }, [compare]);

  if (!info) return null;
  const sets = info.scoreSets;
  const name = (id: string) => { const s = sets.find((x) => x.id === id); return s?.label ?? id; };
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const dims = result?.dimensions ?? [];
  const refName = result?.reference ? (result.reference.sets.length > 1 ? `median of ${result.reference.sets.map(name).join(', ')}` : name(result.reference.sets[0])) : null;
  const explore = (ids: string[], label: string) => openInExplorer({ conversationIds: ids }, label, result?.sets[0]?.scoreSetId);

  return (
    <div className="judge-compare" data-testid="judge-compare">
      <div className="page-head">
        <h1>Compare runs</h1>
        <p className="muted">Pick two or more score sets: judge runs with different models or prompt versions, or imported raters. Agreement is quadratic-weighted κ on the rating scale (as the agreement card), over the conversations both sides scored.</p>
      </div>
      <div className="card compare-pick">
        {sets.length < 2 && <p className="muted" data-testid="compare-too-few">This study has {sets.length === 1 ? 'one score set' : 'no score sets'}; import another rater's scores or run the judge to compare.</p>}
        <div className="compare-sets" data-testid="compare-sets">
          {sets.map((s) => (
            <label key={s.id} className="row gap compare-set" title={`${s.id} · rater ${s.rater} · ${s.conversations} conversations`}>
              <input type="checkbox" checked={picked.includes(s.id)} onChange={() => toggle(s.id)} data-testid="compare-set" data-id={s.id} />
              <span>{s.label ?? s.id}</span><span className="muted small">{s.rater !== (s.label ?? s.id) ? s.rater : ''} · {s.conversations}</span>
            </label>
          ))}
        </div>
        <div className="row gap compare-options">
          <label className="row gap small">Reference
            <select className="input" value={reference} onChange={(e) => setReference(e.target.value)} data-testid="compare-reference">
              <option value={AUTO}>experts' median, if any</option>
              <option value={NONE}>none</option>
              {sets.map((s) => <option key={s.id} value={s.id}>{s.label ?? s.id}</option>)}
            </select>
          </label>
          <label className="row gap small">Disagreement on
            <select className="input" value={dimension} onChange={(e) => setDimension(e.target.value)} data-testid="compare-dimension">
              <option value={AUTO}>overall (or the first dimension)</option>
              <option value="overall">overall</option>
              {[...new Set(sets.flatMap((s) => s.dimensions))].map((d) => <option key={d} value={d}>{dimensionLabel(d)}</option>)}
            </select>
          </label>
          <button className="btn btn-primary" disabled={picked.length < 2 || busy} onClick={() => void compare(picked, reference, dimension)} data-testid="compare-run">
            {busy ? 'Comparing…' : `Compare ${picked.length || ''}`}
          </button>
        </div>
        {error && <div className="alert alert-error" data-testid="compare-error">{error}</div>}
      </div>
      {result && (
        <>
          <section className="card">
            <h2>Runs</h2>
            <table className="data-table" data-testid="compare-runs">
              <thead><tr><th>Score set</th><th>Model</th><th className="num">Conversations</th><th className="num">Cost</th><th className="num">Latency median</th><th className="num">p95</th></tr></thead>
              <tbody>
                {result.sets.map((s) => (
                  <tr key={s.scoreSetId}>
                    <th title={s.scoreSetId}>{s.label}</th>
                    <td>{s.model ?? <span className="muted">not a judge run</span>}</td>
                    <td className="num">{s.conversations}</td>
                    <td className="num" title={s.cost?.note}>{money(s)}</td>
                    <td className="num">{s.latency ? `${Math.round(s.latency.medianMs)} ms` : '–'}</td>
                    <td className="num">{s.latency ? `${Math.round(s.latency.p95Ms)} ms` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2>Means by dimension</h2>
            <table className="data-table" data-testid="compare-means">
              <thead><tr><th />{result.sets.map((s) => <th key={s.scoreSetId} className="num">{s.label}</th>)}</tr></thead>
              <tbody>
                {dims.map((d) => (
                  <tr key={d}>
                    <th>{dimensionLabel(d)}</th>
                    {result.sets.map((s) => {
                      const m = result.means.find((x) => x.scoreSetId === s.scoreSetId && x.dimension === d);
                      return <td key={s.scoreSetId} className="num">{fixed(m?.mean, 2)} <span className="faint small">n={m?.n ?? 0}</span></td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2>Agreement between runs (κ)</h2>
            <AgreementTable rows={result.pairs} dims={dims} label={(r) => `${name(r.a)} vs ${name(r.b)}`} testId="compare-pairs" />
            {refName && (
              <>
                <h2>Agreement with the reference: {refName}</h2>
                <AgreementTable rows={result.vsReference} dims={dims} label={(r) => name(r.a)} testId="compare-reference-table" />
              </>
            )}
          </section>
          <section className="card">
            <div className="row gap">
              <h2 className="grow">Largest disagreements on {dimensionLabel(result.disagreementDimension)}</h2>
              {result.disagreements.length > 0 && (
                <button className="btn btn-small" onClick={() => explore(result.disagreements.map((d) => d.conversationId), `largest disagreements (${result.disagreementDimension})`)} data-testid="compare-open-all">
                  Open all {result.disagreements.length} in the explorer
                </button>
              )}
            </div>
            {result.disagreements.length === 0 && <p className="muted">No conversation was scored by two of these sets.</p>}
            <table className="data-table" data-testid="compare-disagreements">
              <thead><tr><th>Conversation</th>{result.sets.map((s) => <th key={s.scoreSetId} className="num">{s.label}</th>)}<th className="num">Spread</th></tr></thead>
              <tbody>
                {result.disagreements.map((d) => (
                  <tr key={d.conversationId} data-testid="compare-disagreement" data-id={d.conversationId}>
                    <td><button className="link-btn" onClick={() => explore([d.conversationId], d.conversationId)} title="Open in the explorer">{d.conversationId}</button></td>
                    {result.sets.map((s) => <td key={s.scoreSetId} className="num">{fixed(d.scores[s.scoreSetId], 2)}</td>)}
                    <td className="num"><strong>{fixed(d.spread, 2)}</strong></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
