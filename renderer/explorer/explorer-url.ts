// The explorer's view in the URL (#/conversations?cond=coach&round=2&q=…&open=ID), so a view can be
// bookmarked, sent to a colleague and restored on reload. Only what differs from the defaults is written;
// anything unreadable in a hand-edited link is dropped rather than trusted.
import { initialExplorerState, type ExplorerState, type Range } from './explorer-state.js';
import type { SortKey } from '../../main/api/contract/index.js';

const LIST_KEYS = { cond: 'conditions', scen: 'scenarios', type: 'scenarioTypes' } as const;

export function explorerStateToSearch(s: ExplorerState, openId: string | null): string {
  const p = new URLSearchParams();
  for (const [k, field] of Object.entries(LIST_KEYS)) for (const v of s[field]) p.append(k, v);
  for (const r of s.rounds) p.append('round', String(r));
  if (s.participant.trim()) p.set('participant', s.participant.trim());
  if (s.conversationIds.length) {
    p.set('ids', s.conversationIds.join(','));
    if (s.idsLabel) p.set('idsLabel', s.idsLabel);
  }
  if (s.scoredIn) p.set('scoredIn', s.scoredIn);
  for (const id of s.codeIds) p.append('code', id);
  if (s.codeIds.length && s.codeCoder) p.set('coder', s.codeCoder);
  if (s.searchText) {
    p.set('q', s.searchText);
    if (s.searchMode !== 'contains') p.set('mode', s.searchMode);
    if (s.searchRole) p.set('role', s.searchRole);
  }
  if (s.scoreSetId) p.set('set', s.scoreSetId);
  for (const [d, r] of Object.entries(s.ranges)) {
    if (r.min == null && r.max == null) continue;
    p.set(`range.${d}`, `${r.min ?? ''}..${r.max ?? ''}`);
  }
  if (s.sort.key !== initialExplorerState.sort.key || s.sort.dir !== initialExplorerState.sort.dir) p.set('sort', `${s.sort.key}:${s.sort.dir}`);
  if (openId) p.set('open', openId);
  return p.toString();
}

const num = (v: string): number | undefined => (v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));

/** The state a link describes (defaults for what it leaves out), and the conversation it opens. */
export function explorerStateFromSearch(search: string): { state: ExplorerState; openId: string | null; scoreSetGiven: boolean } {
  const p = new URLSearchParams(search);
  const state: ExplorerState = { ...initialExplorerState, ranges: {} };
  for (const [k, field] of Object.entries(LIST_KEYS)) state[field] = p.getAll(k).filter(Boolean);
  state.rounds = p.getAll('round').map(Number).filter((r) => Number.isInteger(r));
  state.participant = p.get('participant') ?? '';
  state.conversationIds = (p.get('ids') ?? '').split(',').filter(Boolean);
  state.idsLabel = state.conversationIds.length ? p.get('idsLabel') ?? 'from a link' : '';
  state.scoredIn = p.get('scoredIn') || null;
  state.codeIds = [...new Set(p.getAll('code').filter(Boolean))];
  state.codeCoder = state.codeIds.length ? p.get('coder') ?? '' : '';
  state.searchText = p.get('q') ?? '';
  state.searchMode = p.get('mode') === 'regex' ? 'regex' : 'contains';
  const role = p.get('role');
  state.searchRole = role === 'seeker' || role === 'supporter' ? role : '';
  state.scoreSetId = p.get('set') || null;
  for (const [k, v] of p) {
    if (!k.startsWith('range.')) continue;
    const [lo, hi] = v.split('..');
    const r: Range = {};
    const min = num(lo ?? ''), max = num(hi ?? '');
    if (min != null) r.min = min;
    if (max != null) r.max = max;
    if (r.min != null || r.max != null) state.ranges[k.slice(6)] = r;
  }
  const sort = p.get('sort');
  const m = sort ? /^(.+):(asc|desc)$/.exec(sort) : null;
  if (m) state.sort = { key: m[1] as SortKey, dir: m[2] as 'asc' | 'desc' };
  return { state, openId: p.get('open') || null, scoreSetGiven: p.has('set') };
}

/** The query part of the current hash (after '?'), when the hash is on the given route. */
export function hashSearch(route: string, hash = window.location.hash): string | null {
  const m = /^#\/?([^/?]+)[^?]*\?(.*)$/.exec(hash);
  return m && m[1] === route ? m[2] : null;
}
