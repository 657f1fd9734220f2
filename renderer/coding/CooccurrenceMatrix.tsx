// How often two codes fall on the same sentence unit (diagonal: the code's own units); a cell opens its sentences.
import { useState } from 'react';
import { fmtInt } from '../api/format.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { CoderScope } from './CoderScope.js';
import { useCoding } from './CodingContext.js';
import { keyOf, sentenceLabel } from './sentence-keys.js';

const CELL_LIMIT = 200;

export function CooccurrenceMatrix({ coders }: { coders: string[] }) {
  const { revision } = useCoding();
  const [scope, setScope] = useState<string[]>([]);
  const [depth, setDepth] = useState(0);
  const [cell, setCell] = useState<{ a: string; b: string } | null>(null);
  const only = scope.length ? scope : undefined;
  const m = useApiQuery('coding-cooccurrence', { coders: only, depth: depth || undefined }, revision);
  const sentences = useApiQuery('coding-cooccurrence-cell', cell ? { ...cell, coders: only, limit: CELL_LIMIT } : null, revision);
  const max = Math.max(1, ...(m.data?.matrix.flatMap((r, i) => r.filter((_, j) => j !== i)) ?? []));
  const name = (id: string) => m.data?.codes.find((c) => c.codeId === id)?.path ?? id;
  return (
    <section className="card" data-testid="cooccurrence">
      <div className="row gap baseline">
        <h2 className="grow">Co-occurrence</h2>
        <CoderScope coders={coders} value={scope} onChange={(v) => { setScope(v); setCell(null); }} testId="cooccurrence-coders" />
        <select className="input" value={depth} onChange={(e) => { setDepth(Number(e.target.value)); setCell(null); }} aria-label="Code level" data-testid="cooccurrence-depth">
          <option value={0}>leaf codes</option><option value={1}>level 1</option><option value={2}>level 2</option><option value={3}>level 3</option>
        </select>
      </div>
      {m.error && <div className="alert alert-error">{m.error}</div>}
      {m.data && m.data.codes.length === 0 && <p className="muted">No coded sentences yet.</p>}
      {m.data && m.data.codes.length > 0 && (
        <div className="table-scroll">
          <table className="table cooc-table">
            <thead><tr><th />{m.data.codes.map((c) => <th key={c.codeId} className="num cooc-head" title={c.path}>{c.path.split('/').pop()}</th>)}</tr></thead>
            <tbody>
              {m.data.codes.map((r, i) => (
                <tr key={r.codeId}>
                  <th title={r.path}>{r.path}</th>
                  {m.data!.matrix[i].map((v, j) => {
                    const b = m.data!.codes[j].codeId;
                    const on = cell && cell.a === r.codeId && cell.b === b;
                    return (
                      <td key={b} className={'num cooc-cell' + (i === j ? ' diag' : '') + (on ? ' on' : '')} data-testid="cooccurrence-cell" data-a={r.codeId} data-b={b}
                        style={i === j || v === 0 ? undefined : { background: `rgba(43, 89, 195, ${0.1 + 0.5 * (v / max)})` }}
                        onClick={() => v > 0 && setCell({ a: r.codeId, b })}>{v ? fmtInt(v) : ''}</td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cell && (
        <div className="top-gap" data-testid="cooccurrence-sentences">
          <div className="row gap baseline"><h3 className="grow">{name(cell.a)}{cell.a !== cell.b ? ` + ${name(cell.b)}` : ''}</h3>
            {sentences.data && <span className="muted small">{fmtInt(sentences.data.total)} sentences</span>}
            <button className="btn-icon" onClick={() => setCell(null)} aria-label="Close">×</button></div>
          {sentences.data?.rows.map((s) => (
            <div key={keyOf(s)} className="row gap baseline small" data-testid="cooccurrence-sentence"><span className="grow">{s.text}</span><span className="faint mono">{sentenceLabel(s)}</span></div>
          ))}
        </div>
      )}
    </section>
  );
}
