import type { MapPoints, ScoreSetInfo } from '../../main/api/contract/index.js';
import { fmtInt } from '../api/format.js';
import { FacetChips } from '../explorer/FacetChips.js';
import { toggle } from '../explorer/explorer-state.js';
import { ScoreFilter } from '../explorer/ScoreFilter.js';
import { CodeFilter } from '../explorer/CodeFilter.js';
import type { Encoding } from './encoding.js';
import { asExplorerState, facetCount, NO_FACETS, type MapFacets } from './filters.js';
import { Legend } from './Legend.js';

/** Filters (the explorer's facet chips over the points' own attributes, its score ranges) and the legend, left of the map. */
export function MapSidebar({ points, shownCount, facets, onFacets, scoreSets, encoding, hidden, onHidden }: {
  points: MapPoints; shownCount: number; facets: MapFacets; onFacets: (f: MapFacets) => void; scoreSets: ScoreSetInfo[];
  encoding: Encoding; hidden: ReadonlySet<number>; onHidden: (h: Set<number>) => void;
}) {
  const a = points.attributes;
  const n = facetCount(facets);
  return (
    <aside className="map-side" data-testid="map-filters" aria-label="Map filters">
      <div className="filters-head">
        <span className="section-title">Filters</span>
        {n > 0 && <button className="link small" onClick={() => onFacets(NO_FACETS)} data-testid="map-clear-filters">Clear {n}</button>}
      </div>
      <fieldset className="facet">
        <legend>Conversation text</legend>
        <input className="input full" placeholder="supporter messages contain…" value={facets.search} aria-label="Text search"
          onChange={(e) => onFacets({ ...facets, search: e.target.value })} data-testid="map-filter-search" />
      </fieldset>
      <p className="small muted" data-testid="map-shown" data-shown={shownCount} data-total={points.n}>{fmtInt(shownCount)} of {fmtInt(points.n)} sentences shown</p>
      {a.condition.values.length > 0 && <FacetChips title="Condition" values={a.condition.values} selected={facets.conditions} testPrefix="map-filter-condition"
        onToggle={(v) => onFacets({ ...facets, conditions: toggle(facets.conditions, v) })} onClear={() => onFacets({ ...facets, conditions: [] })} />}
      {a.round.values.length > 0 && <FacetChips title="Round" values={a.round.values} selected={facets.rounds} testPrefix="map-filter-round" pretty={false}
        onToggle={(v) => onFacets({ ...facets, rounds: toggle(facets.rounds, v) })} onClear={() => onFacets({ ...facets, rounds: [] })} />}
      {a.scenario.values.length > 0 && <FacetChips title="Scenario" values={a.scenario.values} selected={facets.scenarios} testPrefix="map-filter-scenario"
        onToggle={(v) => onFacets({ ...facets, scenarios: toggle(facets.scenarios, v) })} onClear={() => onFacets({ ...facets, scenarios: [] })} />}
      <div data-testid="map-code-filter">
        <CodeFilter state={asExplorerState(facets)} onChange={(patch) => {
          const p = typeof patch === 'function' ? patch(asExplorerState(facets)) : patch;
          onFacets({ ...facets, codeIds: p.codeIds ?? facets.codeIds, codeCoder: p.codeCoder ?? facets.codeCoder });
        }} />
      </div>
      <div data-testid="map-score-filter">
        <ScoreFilter sets={scoreSets} scoreSetId={facets.scoreSetId} ranges={facets.ranges}
          onScoreSet={(id) => onFacets({ ...facets, scoreSetId: id, ranges: {} })}
          onRange={(d, r) => onFacets({ ...facets, ranges: { ...facets.ranges, [d]: r } })} />
      </div>
      <Legend encoding={encoding} hidden={hidden}
        onToggle={(i) => {
          const next = new Set(hidden);
          if (!next.delete(i)) next.add(i);
          onHidden(next);
        }}
        onShowAll={() => onHidden(new Set())} />
    </aside>
  );
}
