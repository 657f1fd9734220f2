import { useEffect, useState } from 'react';
import type { StudyInfo } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { fmtInt } from '../api/format.js';
import { useDebounced } from '../api/useDebounced.js';
import { FacetChips } from '../explorer/FacetChips.js';
import { toggle } from '../explorer/explorer-state.js';
import { parseIds, selectionFilter, type SelectionForm, type SelectionKind } from './judge-state.js';

const KINDS: { kind: SelectionKind; label: string }[] = [
  { kind: 'all', label: 'All conversations' },
  { kind: 'filter', label: 'Filter' },
  { kind: 'ids', label: 'Conversation ids' },
];

/** Which conversations a run covers: all, a filter like the explorer's, or a list of ids. */
export function SelectionEditor({ info, value, onChange }: { info: StudyInfo; value: SelectionForm; onChange: (s: SelectionForm) => void }) {
  const api = useApi();
  const set = (patch: Partial<SelectionForm>) => onChange({ ...value, ...patch });
  const filterJson = useDebounced(JSON.stringify(selectionFilter(value)), 250);
  const [count, setCount] = useState<{ n: number | null; error: string | null }>({ n: null, error: null });

  useEffect(() => {
    if (value.kind !== 'filter') return;
    let live = true;
    api.call('conversations-list', { filter: JSON.parse(filterJson), limit: 1 }).then(
      (p) => live && setCount({ n: p.total, error: null }),
      (e) => live && setCount({ n: null, error: errorMessage(e) }),
    );
    return () => { live = false; };
  }, [api, filterJson, value.kind]);

  const ids = value.kind === 'ids' ? parseIds(value.ids) : [];
  return (
    <div className="judge-selection" data-testid="judge-selection">
      <div className="segmented" role="radiogroup" aria-label="Which conversations">
        {KINDS.map((k) => (
          <button key={k.kind} type="button" role="radio" className={value.kind === k.kind ? 'on' : ''} aria-checked={value.kind === k.kind}
            onClick={() => set({ kind: k.kind })} data-testid={`judge-selection-${k.kind}`}>{k.label}</button>
        ))}
      </div>
      {value.kind === 'all' && (
        <p className="muted small" data-testid="judge-selection-note">Every conversation in the study: {fmtInt(info.conversations)}.</p>
      )}
      {value.kind === 'filter' && (
        <div className="judge-filter">
          <p className="muted small">The conversation list&apos;s facets (set here; the list&apos;s own filter is not carried over). Nothing chosen in a group means all of it.</p>
          <div className="judge-facets">
            {info.conditions.length > 0 && <FacetChips title="Condition" values={info.conditions} selected={value.conditions} testPrefix="judge-condition"
              onToggle={(v) => set({ conditions: toggle(value.conditions, v) })} onClear={() => set({ conditions: [] })} />}
            {info.rounds.length > 0 && <FacetChips title="Round" values={info.rounds} selected={value.rounds} testPrefix="judge-round" pretty={false}
              onToggle={(v) => set({ rounds: toggle(value.rounds, v) })} onClear={() => set({ rounds: [] })} />}
            {info.scenarioTypes.length > 0 && <FacetChips title="Scenario type" values={info.scenarioTypes} selected={value.scenarioTypes} testPrefix="judge-scenario-type"
              onToggle={(v) => set({ scenarioTypes: toggle(value.scenarioTypes, v) })} onClear={() => set({ scenarioTypes: [] })} />}
            {info.scenarios.length > 0 && <FacetChips title="Scenario" values={info.scenarios} selected={value.scenarios} testPrefix="judge-scenario"
              onToggle={(v) => set({ scenarios: toggle(value.scenarios, v) })} onClear={() => set({ scenarios: [] })} />}
          </div>
          <div className="row gap wrap">
            <label className="field">
              <span>Participant</span>
              <input className="input" value={value.participant} placeholder="participant id" onChange={(e) => set({ participant: e.target.value })} data-testid="judge-participant" />
            </label>
            <label className="field grow">
              <span>Message text contains</span>
              <input className="input full" value={value.searchText} placeholder="any text" onChange={(e) => set({ searchText: e.target.value })} data-testid="judge-search" />
            </label>
          </div>
          <p className="small" data-testid="judge-filter-count">
            {count.error ? <span className="error-text">{count.error}</span>
              : count.n == null ? <span className="muted">Counting…</span>
                : <><strong>{fmtInt(count.n)}</strong> <span className="muted">of {fmtInt(info.conversations)} conversations match.</span></>}
          </p>
        </div>
      )}
      {value.kind === 'ids' && (
        <label className="field">
          <span>Conversation ids <span className="muted small">(separated by commas, spaces or new lines)</span></span>
          <textarea className="input full mono judge-ids" rows={4} value={value.ids} onChange={(e) => set({ ids: e.target.value })}
            placeholder="C0000001, C0000002" spellCheck={false} data-testid="judge-ids" />
          <span className="muted small">{ids.length === 1 ? '1 id' : `${fmtInt(ids.length)} ids`}</span>
        </label>
      )}
    </div>
  );
}
