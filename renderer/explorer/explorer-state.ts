import type { ConversationFilter, ConversationQuery, ScoreRange, SortKey } from '../../main/api/contract/index.js';

export interface Range { min?: number; max?: number }

/** What is wrong with a score range on a scale, in the user's words; null when it is fine. */
export function rangeProblem(r: Range, scaleMin: number, scaleMax: number): string | null {
  for (const [name, v] of [['min', r.min], ['max', r.max]] as const) {
    if (v != null && (v < scaleMin || v > scaleMax)) return `${name} ${v} is outside the scale (${scaleMin}–${scaleMax})`;
  }
  if (r.min != null && r.max != null && r.min > r.max) return `min ${r.min} is above max ${r.max}: no conversation can match`;
  return null;
}

/** Everything the user has chosen in the explorer; turned into a ConversationQuery for the backend. */
export interface ExplorerState {
  conditions: string[];
  scenarios: string[];
  scenarioTypes: string[];
  rounds: number[];
  participant: string;
  /** Conversations picked in a figure (click-through), with where they came from. */
  conversationIds: string[];
  idsLabel: string;
  /** Only conversations scored in this score set (from a judge run's page). */
  scoredIn: string | null;
  /** Only conversations with a sentence carrying one of these codes (or a descendant). */
  codeIds: string[];
  /** Whose codes: '' = the study's coding labellings (consensus where resolved), else one coder's. */
  codeCoder: string;
  searchText: string;
  searchMode: 'contains' | 'regex';
  searchRole: '' | 'seeker' | 'supporter';
  scoreSetId: string | null;
  /** Per dimension of the chosen score set. */
  ranges: Record<string, Range>;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
}

export const initialExplorerState: ExplorerState = {
  conditions: [],
  scenarios: [],
  scenarioTypes: [],
  rounds: [],
  participant: '',
  conversationIds: [],
  idsLabel: '',
  scoredIn: null,
  codeIds: [],
  codeCoder: '',
  searchText: '',
  searchMode: 'contains',
  searchRole: '',
  scoreSetId: null,
  ranges: {},
  sort: { key: 'conversation_id', dir: 'asc' },
};

export function toFilter(s: ExplorerState): ConversationFilter {
  const f: ConversationFilter = {};
  if (s.conditions.length) f.conditions = s.conditions;
  if (s.scenarios.length) f.scenarios = s.scenarios;
  if (s.scenarioTypes.length) f.scenarioTypes = s.scenarioTypes;
  if (s.rounds.length) f.rounds = s.rounds;
  if (s.participant.trim()) f.participant = s.participant.trim();
  if (s.conversationIds.length) f.conversationIds = s.conversationIds;
  if (s.searchText.trim()) {
    f.search = { text: s.searchText, mode: s.searchMode, ...(s.searchRole ? { role: s.searchRole } : {}) };
  }
  if (s.scoredIn) f.scoredIn = s.scoredIn;
  if (s.codeIds.length) f.codes = { codeIds: s.codeIds, ...(s.codeCoder ? { coder: s.codeCoder } : {}) };
  if (s.scoreSetId) {
    const ranges: ScoreRange[] = [];
    for (const [dimension, r] of Object.entries(s.ranges)) {
      if (r.min == null && r.max == null) continue;
      // An empty range (min above max) is flagged beside its inputs (ScoreFilter), not sent.
      if (r.min != null && r.max != null && r.min > r.max) continue;
      ranges.push({ scoreSetId: s.scoreSetId, dimension, ...(r.min != null ? { min: r.min } : {}), ...(r.max != null ? { max: r.max } : {}) });
    }
    if (ranges.length) f.scoreRanges = ranges;
  }
  return f;
}

export function toQuery(s: ExplorerState): Omit<ConversationQuery, 'offset' | 'limit'> {
  return { filter: toFilter(s), scoreSetId: s.scoreSetId, sort: s.sort };
}

/** How many filters are active (for the "Clear" affordance). */
export function activeFilterCount(s: ExplorerState): number {
  const f = toFilter(s);
  return (f.conditions ? 1 : 0) + (f.scenarios ? 1 : 0) + (f.scenarioTypes ? 1 : 0) + (f.rounds ? 1 : 0)
    + (f.participant ? 1 : 0) + (f.conversationIds ? 1 : 0) + (f.scoredIn ? 1 : 0) + (f.search ? 1 : 0) + (f.codes ? 1 : 0) + (f.scoreRanges?.length ?? 0);
}

export function clearFilters(s: ExplorerState): ExplorerState {
  return { ...initialExplorerState, scoreSetId: s.scoreSetId, sort: s.sort, searchMode: s.searchMode };
}

/**
 * The explorer state that shows a figure's conversations (a click on a mark), or a judge run's: its filter,
 * nothing else, and the score set to show when one is named.
 */
export function fromFigureFilter(s: ExplorerState, f: ConversationFilter, label: string, scoreSetId?: string): ExplorerState {
  const base = clearFilters(scoreSetId ? { ...s, scoreSetId, ranges: {} } : s);
  return {
    ...base,
    scoredIn: f.scoredIn ?? null,
    codeIds: f.codes?.codeIds ?? [], codeCoder: f.codes?.coder ?? '',
    conditions: f.conditions ?? [], scenarios: f.scenarios ?? [], scenarioTypes: f.scenarioTypes ?? [], rounds: f.rounds ?? [],
    participant: f.participant ?? '', conversationIds: f.conversationIds ?? [], idsLabel: f.conversationIds?.length ? label : '',
  };
}

export function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}
