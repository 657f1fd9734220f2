// Agreement between coders on the sentence units: overall percent agreement, κ (Cohen's for two coders, Fleiss'
// for more) and Krippendorff's α, per code; the disagreements with a resolve flow; the code co-occurrence matrix;
// code frequencies by condition × round; and the codes as a labelling for the incidence-shift figure.
import { useEffect, useState } from 'react';
import { CONSENSUS_CODER, type CodeNode } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { coef, pct, shiftFigureHref } from './agreement-format.js';
import { CooccurrenceMatrix } from './CooccurrenceMatrix.js';
import { useCoding } from './CodingContext.js';
import { DisagreementList } from './DisagreementList.js';
import { FrequencyTable } from './FrequencyTable.js';

export function AgreementView({ codes }: { codes: CodeNode[] }) {
  const { revision } = useCoding();
  const coders = useApiQuery('coding-coders', undefined, revision);
  const names = (coders.data?.coders ?? []).filter((c) => c.name !== CONSENSUS_CODER && c.assignments > 0).map((c) => c.name);
  const [chosen, setChosen] = useState<string[] | null>(null);
  useEffect(() => { if (chosen === null && names.length >= 2) setChosen(names); }, [names.join('\u0000')]); // eslint-disable-line react-hooks/exhaustive-deps
  const picked = (chosen ?? []).filter((n) => names.includes(n));
  const args = picked.length >= 2 ? { coders: picked } : null;
  const agreement = useApiQuery('coding-agreement', args, revision);
  const labellings = useApiQuery('coding-labellings', undefined, revision);
  const used = (labellings.data?.labellings ?? []).filter((l) => l.sentences > 0);
  const [level, setLevel] = useState<string | null>(null);
  const labelling = used.find((l) => l.labelling === level) ?? used.find((l) => l.labelling === 'coding:level2') ?? used[0];
  const a = agreement.data;
  return (
    <div className="agreement-view" data-testid="coding-agreement">
      <section className="card">
        <div className="row gap baseline wrap">
          <h2 className="grow">Agreement</h2>
          <span className="muted small">Coders</span>
          <span className="chips" data-testid="agreement-coders">
            {names.map((n) => (
              <button key={n} className={'chip' + (picked.includes(n) ? ' on' : '')} aria-pressed={picked.includes(n)} data-coder={n}
                onClick={() => setChosen(picked.includes(n) ? picked.filter((x) => x !== n) : [...picked, n])}>{n}</button>
            ))}
          </span>
          {used.length > 1 && (
            <select className="input" value={labelling?.labelling ?? ''} onChange={(e) => setLevel(e.target.value)} aria-label="Code level of the shift figure" data-testid="coding-shift-level">
              {used.map((l) => <option key={l.labelling} value={l.labelling}>{l.labelling.replace('coding:', '')}</option>)}
            </select>
          )}
          {labelling && (
            <a className="btn btn-small" href={shiftFigureHref(labelling.labelling)} data-testid="coding-shift-link" data-labelling={labelling.labelling}
              title={`Pre vs post incidence of each code (labelling ${labelling.labelling}, ${labelling.sentences} sentences) on the figures page`}>Incidence shift by code level</a>
          )}
        </div>
        {names.length < 2 && <p className="muted" data-testid="agreement-need-coders">Agreement needs at least two coders with codes.</p>}
        {names.length >= 2 && picked.length < 2 && <p className="muted">Choose at least two coders.</p>}
        {agreement.error && <div className="alert alert-error">{agreement.error}</div>}
        {a && args && (
          <>
            <div className="stats top-gap">
              <Stat label="Units coded by ≥ 2" value={fmtInt(a.units)} testId="agreement-units" />
              <Stat label="Percent agreement" value={pct(a.overall.percent)} testId="agreement-percent" />
              <Stat label={a.kappaKind === 'cohen' ? "Cohen's κ" : "Fleiss' κ"} value={coef(a.overall.kappa)} testId="agreement-kappa" />
              <Stat label="Krippendorff's α" value={coef(a.overall.alpha)} testId="agreement-alpha" />
            </div>
            <p className="faint small">κ over the {fmtInt(a.completeUnits)} units every chosen coder coded; α (nominal) over units coded by at least two, missing allowed.</p>
            <div className="table-scroll top-gap">
              <table className="table" data-testid="agreement-codes">
                <thead><tr><th>Code</th><th className="num">Units</th><th className="num">Percent</th><th className="num">κ</th></tr></thead>
                <tbody>
                  {a.codes.map((c) => (
                    <tr key={c.codeId} data-testid="agreement-code-row" data-code-id={c.codeId}>
                      <td>{c.code}</td><td className="num">{fmtInt(c.n)}</td><td className="num" data-testid="agreement-code-percent">{pct(c.percent)}</td><td className="num" data-testid="agreement-code-kappa">{coef(c.kappa)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      {args && <DisagreementList coders={picked} codes={codes} />}
      <CooccurrenceMatrix coders={names} />
      <FrequencyTable coders={names} />
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat">
      <div className="stat-value" data-testid={testId}>{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
