import { DIMENSIONS } from '../../main/domain/study.js';

export interface MapRow { source: string; field: string }

// The targets the 'mapped' importer understands (main/import/formats/mapped.ts), offered as suggestions.
const FIELDS = [
  'conversation_id', 'participant_id', 'round', 'scenario', 'scenario_type',
  'condition', 'age', 'sex', 'ethnicity', 'jordan_empathy', 'sites',
  'turn', 'role', 'text', 'sent_at', 'rater',
  ...DIMENSIONS.flatMap((d) => [`score:${d}`, `rationale:${d}`, `evidence:${d}`]),
  'extra', 'annotation', 'ignore', 'seeker', 'supporter',
];
const OPTIONS = ['option:score_set', 'option:scale', 'option:kind', 'role:'];

/** Rows of "source column = study field" for the 'mapped' format. */
export function MappingEditor({ rows, onChange, columns }: { rows: MapRow[]; onChange: (rows: MapRow[]) => void; columns: string[] }) {
  const set = (i: number, patch: Partial<MapRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="mapping" data-testid="mapping-editor">
      <datalist id="study-fields">{FIELDS.map((f) => <option key={f} value={f} />)}</datalist>
      <datalist id="source-columns">{[...columns, ...OPTIONS].map((c) => <option key={c} value={c} />)}</datalist>
      <table className="table mapping-table">
        <thead><tr><th>Source column</th><th /><th>Study field</th><th /></tr></thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="mapping-row">
              <td><input className="input full" list="source-columns" value={r.source} placeholder="e.g. dialogue_id" onChange={(e) => set(i, { source: e.target.value })} data-testid="mapping-source" aria-label="Source column" /></td>
              <td className="center muted">→</td>
              <td><input className="input full" list="study-fields" value={r.field} placeholder="e.g. conversation_id" onChange={(e) => set(i, { field: e.target.value })} data-testid="mapping-field" aria-label="Study field" /></td>
              <td><button type="button" className="btn-icon" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label="Remove mapping row">×</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-small" onClick={() => onChange([...rows, { source: '', field: '' }])} data-testid="mapping-add">+ Add mapping</button>
      <p className="muted small">
        One row per message is expected. Required: <code>conversation_id</code>, <code>role</code> and <code>text</code> (<code>turn</code> defaults to file order).
        Wide score columns map to <code>score:&lt;dimension&gt;</code>. Role values map with rows like <code>role:speaker</code> → <code>seeker</code>;
        options: <code>option:score_set</code> → name, <code>option:scale</code> → <code>1-5</code>. Columns already named like a field need no row; other columns are kept as annotations.
      </p>
    </div>
  );
}
