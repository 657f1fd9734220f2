import { useState } from 'react';
import { fmtInt } from '../api/format.js';
import { DescriptionEditor } from './DescriptionEditor.js';
import { IncidencePlot } from './IncidencePlot.js';
import { SentenceTable } from './SentenceTable.js';
import { fmtQ, num, pct, shiftArrow } from './theme-format.js';
import { useApiQuery } from './useApiQuery.js';

const PAGE = 25;

/** One theme: description, shares, shift with BH q, top sentences (paged), a sample across the activation range, incidence, co-firing. */
export function ThemeDetail({ modelId, latent, onOpen, onDescribed }: { modelId: string; latent: number; onOpen: (latent: number) => void; onDescribed: () => void }) {
  const [offset, setOffset] = useState(0);
  const [shown, setShown] = useState(`${modelId}/${latent}`);
  if (shown !== `${modelId}/${latent}`) {
    setShown(`${modelId}/${latent}`);
    setOffset(0);
  }
  const q = useApiQuery('theme-get', { modelId, latent, offset, limit: PAGE });
  const t = q.data;
  if (q.error) return <section className="card"><div className="alert alert-error" data-testid="theme-error">{q.error}</div></section>;
  if (!t || t.latent !== latent || t.model.modelId !== modelId) return <section className="card"><div className="center-state"><div className="spinner" /> Loading L{latent}…</div></section>;
  return (
    <section className={'card' + (q.loading ? ' stale' : '')} data-testid="theme-detail" data-latent={t.latent}>
      <div className="row baseline gap wrap">
        <h2 className="grow" data-testid="theme-title"><span className="mono muted">{t.label}</span> {t.description ?? '— no description yet'}</h2>
        <span className="fact" title="Sentence units whose top-1 latent is this one (the % column of Supplementary Tables 1-8)">Share <b data-testid="theme-share">{pct(t.shareTop1)}</b> ({fmtInt(t.countTop1)} of {fmtInt(t.units)})</span>
        <span className="fact">Among top {t.model.k}: <b>{pct(t.shareAny)}</b> ({fmtInt(t.countAny)})</span>
      </div>
      <DescriptionEditor modelId={modelId} latent={latent} description={t.description} source={t.descriptionSource} onSaved={() => { q.reload(); onDescribed(); }} />

      <div className="block">
        <h3>Pre/post shift</h3>
        {t.shifts.length === 0 ? (
          <p className="muted small" data-testid="theme-shift-none">{t.shiftsNote ?? 'The theme never fires in a pre or post sentence unit.'}</p>
        ) : (
          <table className="table" data-testid="theme-shifts">
            <thead><tr><th>Scenario type</th><th className="num">Pre</th><th className="num">Post</th><th className="num">Difference (95% CI)</th><th className="num">p</th><th className="num">q (BH)</th></tr></thead>
            <tbody>
              {t.shifts.map((s) => (
                <tr key={s.scenarioType}>
                  <td>{s.scenarioType}</td>
                  <td className="num" title={`${s.countPre} of ${s.nPre}`}>{pct(s.pre)}</td>
                  <td className="num" title={`${s.countPost} of ${s.nPost}`}>{pct(s.post)}</td>
                  <td className={'num ' + (s.diff > 0 ? 'pos' : s.diff < 0 ? 'neg' : '')}>{shiftArrow(s)} {pct(s.diff)} ({pct(s.ci[0])}, {pct(s.ci[1])})</td>
                  <td className="num">{num(s.p)}</td>
                  <td className="num" data-testid="theme-shift-q">{fmtQ(s.q)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="block">
        <div className="block-head">
          <h3>Top sentences <span className="muted small">{fmtInt(t.offset + 1)}–{fmtInt(t.offset + t.top.length)} of {fmtInt(t.topTotal)}</span></h3>
          <span className="row gap">
            <button className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
            <button className="btn btn-small" disabled={offset + PAGE >= t.topTotal} onClick={() => setOffset(offset + PAGE)} data-testid="theme-top-next">Next</button>
          </span>
        </div>
        <SentenceTable rows={t.top} testId="theme-top" />
      </div>

      <div className="block">
        <h3>Across the activation range <span className="muted small">seeded sample, equal numbers per activation decile</span></h3>
        <SentenceTable rows={t.sample} testId="theme-sample" decile />
      </div>

      <div className="grid-2 tight">
        <div className="block">
          <h3>Incidence by condition × round</h3>
          <IncidencePlot cells={t.incidence} />
        </div>
        <div className="block">
          <h3>Co-firing themes</h3>
          {t.cofiring.length === 0 ? <p className="muted small">Never shares a sentence with another theme.</p> : (
            <table className="table" data-testid="theme-cofiring">
              <thead><tr><th>Theme</th><th className="num">Shared sentences</th><th className="num" title="Observed ÷ expected if independent">Lift</th></tr></thead>
              <tbody>
                {t.cofiring.map((c) => (
                  <tr key={c.latent}>
                    <td><button className="link" onClick={() => onOpen(c.latent)} data-testid="cofiring-link" data-latent={c.latent}>{c.label}</button> <span className="small">{c.description ?? ''}</span></td>
                    <td className="num">{fmtInt(c.count)}</td>
                    <td className="num">{num(c.lift, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
