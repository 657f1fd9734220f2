import type { StudyInfo } from '../../main/api/contract.js';
import { activeFilterCount, toggle, type ExplorerState, type Range } from './explorer-state.js';
import { FacetChips } from './FacetChips.js';
import { ScoreFilter } from './ScoreFilter.js';

export function FilterPanel({ info, state, onChange, onClear }: {
  info: StudyInfo;
  state: ExplorerState;
  onChange: (patch: Partial<ExplorerState> | ((s: ExplorerState) => Partial<ExplorerState>)) => void;
  onClear: () => void;
}) {
  const n = activeFilterCount(state);
  return (
    <aside className="filters" data-testid="filters" aria-label="Filters">
      <div className="filters-head">
        <span className="section-title">Filters</span>
        {n > 0 && <button className="link small" onClick={onClear} data-testid="clear-filters">Clear {n}</button>}
      </div>
      <FacetChips title="Condition" values={info.conditions} selected={state.conditions} testPrefix="filter-condition"
        onToggle={(v) => onChange((s) => ({ conditions: toggle(s.conditions, v) }))} onClear={() => onChange({ conditions: [] })} />
      <FacetChips title="Round" values={info.rounds} selected={state.rounds} testPrefix="filter-round" pretty={false}
        onToggle={(v) => onChange((s) => ({ rounds: toggle(s.rounds, v) }))} onClear={() => onChange({ rounds: [] })} />
      <FacetChips title="Scenario type" values={info.scenarioTypes} selected={state.scenarioTypes} testPrefix="filter-scenario-type"
        onToggle={(v) => onChange((s) => ({ scenarioTypes: toggle(s.scenarioTypes, v) }))} onClear={() => onChange({ scenarioTypes: [] })} />
      <FacetChips title="Scenario" values={info.scenarios} selected={state.scenarios} testPrefix="filter-scenario"
        onToggle={(v) => onChange((s) => ({ scenarios: toggle(s.scenarios, v) }))} onClear={() => onChange({ scenarios: [] })} />
      <fieldset className="facet">
        <legend>Participant</legend>
        <input className="input full" placeholder="participant id" value={state.participant}
          onChange={(e) => onChange({ participant: e.target.value })} data-testid="filter-participant" aria-label="Participant id" />
      </fieldset>
      <ScoreFilter
        sets={info.scoreSets}
        scoreSetId={state.scoreSetId}
        ranges={state.ranges}
        onScoreSet={(id) => onChange((s) => ({
          scoreSetId: id,
          ranges: {},
          sort: s.sort.key === 'overall' || s.sort.key.startsWith('score:') ? { key: 'conversation_id', dir: 'asc' } : s.sort,
        }))}
        onRange={(d: string, r: Range) => onChange((s) => ({ ranges: { ...s.ranges, [d]: r } }))}
      />
    </aside>
  );
}
