import { useState } from 'react';
import { CONSENSUS_CODER, MAX_CODE_SELECTION } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { useAction } from '../api/useAction.js';
import { fmtInt } from '../api/format.js';
import { useCoding } from '../coding/CodingContext.js';
import { treeRows } from '../coding/codebook-tree.js';
import { useApiQuery } from '../themes/useApiQuery.js';

/**
 * "Code these": the selected sentences get a code from the codebook as one coding event of the chosen coder (the
 * coding page's current coder, shared with it), so the coder's undo takes it back, here or on the coding page.
 */
export function CodeThese({ projectionId, indices, count, revision, onCoded }: {
  projectionId: string; indices: number[]; count: number; revision: number; onCoded: () => void;
}) {
  const api = useApi();
  const { coder, setCoder } = useCoding();
  const codebook = useApiQuery('coding-codebook', undefined, revision);
  const coders = useApiQuery('coding-coders', undefined, revision);
  const [codeId, setCodeId] = useState('');
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<{ text: string; undo: string | null } | null>(null);
  const rows = treeRows(codebook.data?.codes ?? []);
  const code = rows.find((r) => r.code.codeId === codeId)?.code ?? null;
  const who = coder?.trim() ?? '';
  const check = useApiQuery('map-selection', code && who && who !== CONSENSUS_CODER
    ? { projectionId, indices, limit: 0, hasCode: { codeId: code.codeId, coder: who } } : null, revision);
  const tooMany = count > MAX_CODE_SELECTION;

  const apply = () => run(async () => {
    if (!code) return;
    const r = await api.call('map-code-selection', { projectionId, indices, codeId: code.codeId, coder: who });
    setResult({
      text: `Coded ${fmtInt(r.assigned)} sentence${r.assigned === 1 ? '' : 's'} as ${code.path} for ${who}` +
        (r.already ? ` (${fmtInt(r.already)} of the ${fmtInt(r.sentences)} already had it)` : '') + '.',
      undo: r.assigned ? who : null,
    });
    onCoded();
  });
  const undo = (name: string) => run(async () => {
    const { event } = await api.call('coding-undo', { coder: name });
    setResult({ text: event ? `Undid: ${event.summary}.` : 'Nothing to undo.', undo: null });
    onCoded();
  });

  if (codebook.data && rows.length === 0) {
    return (
      <div className="map-code-these" data-testid="map-code-these">
        <span className="section-title">Code these</span>
        <p className="small muted" data-testid="map-code-empty">The codebook is empty: start one on the <a href="#/coding">coding page</a>.</p>
      </div>
    );
  }
  return (
    <div className="map-code-these" data-testid="map-code-these">
      <span className="section-title">Code these</span>
      <label className="small">Coder
        <input className="input" list="map-coders" value={coder ?? ''} placeholder="your name" onChange={(e) => setCoder(e.target.value || null)}
          data-testid="map-code-these-coder" aria-label="Coder" />
        <datalist id="map-coders">
          {(coders.data?.coders ?? []).filter((c) => c.name !== CONSENSUS_CODER).map((c) => <option key={c.name} value={c.name} />)}
        </datalist>
      </label>
      <label className="small">Code
        <select className="input" value={codeId} onChange={(e) => setCodeId(e.target.value)} data-testid="map-code-select" aria-label="Code">
          <option value="">choose…</option>
          {rows.map((r) => <option key={r.code.codeId} value={r.code.codeId}>{'\u00a0\u00a0'.repeat(r.depth) + r.code.name}</option>)}
        </select>
      </label>
      {who === CONSENSUS_CODER && <p className="small alert alert-error">Consensus codes are recorded by resolving disagreements on the coding page.</p>}
      {code && check.data?.withCode != null && (
        <p className="small" data-testid="map-code-already" data-count={check.data.withCode}>
          <span className="map-swatch" style={{ background: code.color }} />
          {fmtInt(check.data.withCode)} of {fmtInt(count)} selected sentences already have {code.path} for {who}.
        </p>
      )}
      {tooMany && <p className="small alert alert-error">At most {fmtInt(MAX_CODE_SELECTION)} sentences at once; select fewer.</p>}
      <button className="btn btn-small btn-primary" disabled={!code || !who || who === CONSENSUS_CODER || busy || tooMany} onClick={() => void apply()}
        data-testid="map-code-apply">Code {fmtInt(count)} sentence{count === 1 ? '' : 's'}</button>
      {result && (
        <p className="small" data-testid="map-code-result">
          {result.text}{' '}
          {result.undo && (
            <>
              <button className="link small" disabled={busy} onClick={() => void undo(result.undo!)} data-testid="map-code-undo"
                title="Undo this coder's last edit">Undo</button>
              <span className="muted"> (or Undo / Ctrl+Z on the coding page as {result.undo})</span>
            </>
          )}
        </p>
      )}
      {error && <div className="alert alert-error small" data-testid="map-code-error">{error}</div>}
    </div>
  );
}
