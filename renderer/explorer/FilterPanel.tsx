import { NO_SCENARIO, type StudyInfo } from '../../main/api/contract/index.js';
import { activeFilterCount, toggle, type ExplorerState, type Range } from './explorer-state.js';
import { CodeFilter } from './CodeFilter.js';
import { FacetChips } from './FacetChips.js';
import { ScoreFilter } from './ScoreFilter.js';

export function FilterPanel({ info, state, onChange, onClear }: {
  info: StudyInfo;
  state: ExplorerState;
  onChange: (patch: Partial<ExplorerState> | ((s: ExplorerState) => Partial<ExplorerState>)) => void;
  onClear: () => void;
}) {
  const n = activeFilterCount(state);
  const absent = [
    !info.conditions.length && 'conditions', !info.rounds.length && 'rounds',
    !info.scenarioTypes.length && 'scenario types', !info.scenarios.length && 'scenarios',
  ].filter((x): x is string => !!x);
  return (
    <aside className="filters" data-testid="filters" aria-label="Filters">
      <div className="filters-head">
        <span className="section-title">Filters</span>
        {n > 0 && <button className="link small" onClick={onClear} data-testid="clear-filters">Clear {n}</button>}
      </div>
      {absent.length > 0 && (
        <p className="muted small absent-note" data-testid="absent-facets">No {absent.join(', ')} in this study.</p>
      )}
      {state.conversationIds.length > 0 && (
        <fieldset className="facet" data-testid="filter-from-figure">
          <legend>From a figure</legend>
          <span className="small">{state.conversationIds.length} conversations: {state.idsLabel}</span>{' '}
          <button className="link small" onClick={() => onChange({ conversationIds: [], idsLabel: '' })}>remove</button>
        </fieldset>
      )}
      {state.scoredIn && (
        <fieldset className="facet" data-testid="filter-scored-in">
          <legend>Scored in this set</legend>
          <span className="small mono">{info.scoreSets.find((x) => x.id === state.scoredIn)?.rater ?? state.scoredIn}</span>{' '}
          <button className="link small" onClick={() => onChange({ scoredIn: null })}>remove</button>
        </fieldset>
      )}
      {info.conditions.length > 0 && <FacetChips title="Condition" values={info.conditions} selected={state.conditions} testPrefix="filter-condition"
        onToggle={(v) => onChange((s) => ({ conditions: toggle(s.conditions, v) }))} onClear={() => onChange({ conditions: [] })} />}
      {info.rounds.length > 0 && <FacetChips title="Round" values={info.rounds} selected={state.rounds} testPrefix="filter-round" pretty={false}
        onToggle={(v) => onChange((s) => ({ rounds: toggle(s.rounds, v) }))} onClear={() => onChange({ rounds: [] })} />}
      {info.scenarioTypes.length > 0 && <FacetChips title="Scenario type" values={info.scenarioTypes} selected={state.scenarioTypes} testPrefix="filter-scenario-type"
        onToggle={(v) => onChange((s) => ({ scenarioTypes: toggle(s.scenarioTypes, v) }))} onClear={() => onChange({ scenarioTypes: [] })} />}
      {info.scenarios.length > 0 && <FacetChips title="Scenario" values={info.unassignedScenarios ? [...info.scenarios, NO_SCENARIO] : info.scenarios} selected={state.scenarios} testPrefix="filter-scenario"
        onToggle={(v) => onChange((s) => ({ scenarios: toggle(s.scenarios, v) }))} onClear={() => onChange({ scenarios: [] })} />}
      <fieldset className="facet">
        <legend>Participant</legend>
        <input className="input full" placeholder="participant id" value={state.participant}
          onChange={(e) => onChange({ participant: e.target.value })} data-testid="filter-participant" aria-label="Participant id" />
      </fieldset>
      <CodeFilter state={state} onChange={onChange} />
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
