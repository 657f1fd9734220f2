// The map's facet filters (condition, round, scenario), applied to the points' own attributes so toggling a chip
// redraws at once without a round trip; nothing selected in a facet means "all". The text search and the score
// ranges are the explorer's filter, applied by the backend (`visible`).
import type { ConversationFilter, MapCategory, MapPoints } from '../../main/api/contract/index.js';
import { initialExplorerState, toFilter, type ExplorerState, type Range } from '../explorer/explorer-state.js';

/**
 * `search`: text the point's conversation must contain in a supporter message; `scoreSetId` + `ranges`: the
 * explorer's score ranges (min..max per dimension of one score set); `codeIds` + `codeCoder`: the explorer's code
 * filter (conversations with a sentence carrying one of the codes).
 */
export interface MapFacets {
  conditions: string[]; rounds: string[]; scenarios: string[]; search: string;
  scoreSetId: string | null; ranges: Record<string, Range>;
  codeIds: string[]; codeCoder: string;
}

export const NO_FACETS: MapFacets = { conditions: [], rounds: [], scenarios: [], search: '', scoreSetId: null, ranges: {}, codeIds: [], codeCoder: '' };

/** The explorer state holding the facets the backend applies, so the explorer's filter panels and toFilter serve the map too. */
export function asExplorerState(f: MapFacets): ExplorerState {
  return { ...initialExplorerState, searchText: f.search.trim(), searchRole: 'supporter', scoreSetId: f.scoreSetId, ranges: f.ranges, codeIds: f.codeIds, codeCoder: f.codeCoder };
}

/** The part of the facets the backend applies, as the explorer's filter (the explorer builds it, so both agree); null when empty. */
export function backendFilter(f: MapFacets): ConversationFilter | null {
  const filter = toFilter(asExplorerState(f));
  return Object.keys(filter).length ? filter : null;
}

export function facetCount(f: MapFacets): number {
  const backend = backendFilter({ ...f, search: '' });
  return f.conditions.length + f.rounds.length + f.scenarios.length + (f.search.trim() ? 1 : 0) + (backend?.scoreRanges?.length ?? 0) + (backend?.codes ? 1 : 0);
}

/** For each point, whether its category is among `keep` (a point without a value never is). */
function allowed(cat: MapCategory, keep: string[]): Uint8Array {
  const ok = new Uint8Array(cat.values.length);
  cat.values.forEach((v, i) => { ok[i] = keep.includes(v) ? 1 : 0; });
  return ok;
}

/**
 * 1 where a point passes every active facet and the backend's filter (`visible`, the text search), 0 elsewhere; null
 * when nothing filters.
 */
export function facetMask(p: MapPoints, f: MapFacets): number[] | null {
  const active: [MapCategory, Uint8Array][] = [];
  if (f.conditions.length) active.push([p.attributes.condition, allowed(p.attributes.condition, f.conditions)]);
  if (f.rounds.length) active.push([p.attributes.round, allowed(p.attributes.round, f.rounds)]);
  if (f.scenarios.length) active.push([p.attributes.scenario, allowed(p.attributes.scenario, f.scenarios)]);
  if (!active.length) return p.visible;
  const mask = new Array<number>(p.n);
  for (let i = 0; i < p.n; i++) {
    let keep = p.visible ? p.visible[i] : 1;
    for (const [cat, ok] of keep ? active : []) {
      const c = cat.codes[i];
      if (c < 0 || !ok[c]) { keep = 0; break; }
    }
    mask[i] = keep;
  }
  return mask;
}

/** The distinct conversations of the given points, in first-seen order. */
export function conversationsOf(p: MapPoints, indices: number[]): string[] {
  const seen = new Set<number>();
  for (const i of indices) seen.add(p.conversation[i]);
  return [...seen].map((c) => p.conversations[c]);
}
