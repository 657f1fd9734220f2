// Code frequencies by condition × round: the share of each cell's sentence units that carry the code.
import { useMemo, useState } from 'react';
import { useApiQuery } from '../themes/useApiQuery.js';
import { pct } from './agreement-format.js';
import { CoderScope } from './CoderScope.js';
import { useCoding } from './CodingContext.js';

export function FrequencyTable({ coders }: { coders: string[] }) {
  const { revision } = useCoding();
  const [scope, setScope] = useState<string[]>([]);
  const [depth, setDepth] = useState(0);
  const f = useApiQuery('coding-frequencies', { coders: scope.length ? scope : undefined, depth: depth || undefined }, revision);
  const { columns, codes, cell } = useMemo(() => {
    const rows = f.data?.rows ?? [];
    const colKey = (r: { condition: string | null; round: number | null }) => `${r.condition ?? '–'} · r${r.round ?? '–'}`;
    const columns = [...new Map(rows.map((r) => [colKey(r), r])).values()]
      .sort((a, b) => String(a.condition).localeCompare(String(b.condition)) || (a.round ?? 0) - (b.round ?? 0)).map(colKey);
    const codes = [...new Map(rows.map((r) => [r.codeId, r.path])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
    const cell = new Map(rows.map((r) => [`${r.codeId}\u0000${colKey(r)}`, r]));
    return { columns, codes, cell };
  }, [f.data]);
  return (
    <section className="card" data-testid="frequencies">
      <div className="row gap baseline">
        <h2 className="grow">Frequencies by condition × round</h2>
        <CoderScope coders={coders} value={scope} onChange={setScope} testId="frequency-coders" />
        <select className="input" value={depth} onChange={(e) => setDepth(Number(e.target.value))} aria-label="Code level" data-testid="frequency-depth">
          <option value={0}>leaf codes</option><option value={1}>level 1</option><option value={2}>level 2</option><option value={3}>level 3</option>
        </select>
      </div>
      {f.error && <div className="alert alert-error">{f.error}</div>}
      {f.data && codes.length === 0 && <p className="muted">No coded sentences yet.</p>}
      {codes.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="frequency-table">
            <thead><tr><th>Code</th>{columns.map((c) => <th key={c} className="num">{c}</th>)}</tr></thead>
            <tbody>
              {codes.map(([id, path]) => (
                <tr key={id} data-testid="frequency-row" data-code-id={id}>
                  <td>{path}</td>
                  {columns.map((c) => {
                    const r = cell.get(`${id}\u0000${c}`);
                    return <td key={c} className="num" data-testid="frequency-cell" data-column={c} data-sentences={r?.sentences ?? 0}
                      title={r ? `${r.sentences} of ${r.units} sentence units` : undefined}>{r ? `${r.sentences} (${pct(r.share)})` : '–'}</td>;
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
