// The explorer's code filter: conversations with a sentence carrying one of the chosen codes or a sub-code, as the
// study's coding labellings have it (consensus where resolved) or as one coder coded. Hidden until the codebook
// has codes; the lists are fetched again when the user comes back to the picker (codes change on #/coding).
import { CONSENSUS_CODER, type CodeNode } from '../../main/api/contract/index.js';
import { useStudy } from '../study/StudyContext.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import type { ExplorerState } from './explorer-state.js';

const INDENT = '\u00a0\u00a0';

export function CodeFilter({ state, onChange }: {
  state: ExplorerState;
  onChange: (patch: Partial<ExplorerState> | ((s: ExplorerState) => Partial<ExplorerState>)) => void;
}) {
  const { revision } = useStudy();
  const book = useApiQuery('coding-codebook', undefined, revision);
  const coders = useApiQuery('coding-coders', undefined, revision);
  const codes: CodeNode[] = book.data?.codes ?? [];
  if (codes.length === 0 && state.codeIds.length === 0) return null;
  const byId = new Map(codes.map((c) => [c.codeId, c]));
  const names = [...(coders.data?.coders ?? []).map((c) => c.name).filter((n) => n !== CONSENSUS_CODER), CONSENSUS_CODER];
  const refresh = () => { book.reload(); coders.reload(); };
  return (
    <fieldset className="facet" data-testid="filter-codes">
      <legend>
        Code
        {state.codeIds.length > 0 && <button type="button" className="link small" onClick={() => onChange({ codeIds: [], codeCoder: '' })}>all</button>}
      </legend>
      {state.codeIds.length > 0 && (
        <div className="chips">
          {state.codeIds.map((id) => (
            <button type="button" key={id} className="chip on" aria-pressed data-testid="filter-code-chip" data-code-id={id} title="Remove this code"
              onClick={() => onChange((s) => ({ codeIds: s.codeIds.filter((x) => x !== id) }))}>
              {byId.get(id)?.path ?? id} ×
            </button>
          ))}
        </div>
      )}
      <select className="input full" value="" onFocus={refresh} data-testid="filter-code-add" aria-label="Add a code"
        onChange={(e) => { const id = e.target.value; if (id) onChange((s) => ({ codeIds: s.codeIds.includes(id) ? s.codeIds : [...s.codeIds, id] })); }}>
        <option value="">{state.codeIds.length ? 'or also…' : 'with a sentence coded…'}</option>
        {codes.map((c) => <option key={c.codeId} value={c.codeId} disabled={state.codeIds.includes(c.codeId)}>{INDENT.repeat(c.depth - 1)}{c.name}</option>)}
      </select>
      {state.codeIds.length > 0 && (
        <select className="input full" value={state.codeCoder} onFocus={refresh} data-testid="filter-code-coder" aria-label="Whose codes"
          onChange={(e) => onChange({ codeCoder: e.target.value })}>
          <option value="">as the study codes it (consensus where resolved)</option>
          {names.map((n) => <option key={n} value={n}>coded by {n}</option>)}
        </select>
      )}
    </fieldset>
  );
}
