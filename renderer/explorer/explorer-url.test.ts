import { describe, expect, it } from 'vitest';
import { initialExplorerState, type ExplorerState } from './explorer-state.js';
import { explorerStateFromSearch, explorerStateToSearch, hashSearch } from './explorer-url.js';

describe('explorer view in the URL', () => {
  it('writes nothing for the default view', () => {
    expect(explorerStateToSearch(initialExplorerState, null)).toBe('');
  });

  it('round-trips filters, search, score ranges, sort and the open conversation', () => {
    const s: ExplorerState = {
      ...initialExplorerState,
      conditions: ['coach', 'combined'], rounds: [2], scenarios: ['job_loss'], scenarioTypes: ['workplace'], participant: 'p042',
      searchText: 'so sorry & "hard"', searchMode: 'regex', searchRole: 'supporter', scoreSetId: 'judge:gpt-4o',
      ranges: { validating_emotions: { min: 3 }, advice_giving: { min: 1, max: 2 } }, sort: { key: 'overall', dir: 'desc' },
      scoredIn: 'judge:gpt-4o', conversationIds: ['c1', 'c2'], idsLabel: 'Fig. 3A bar', codeIds: ['code-a', 'code b&c'], codeCoder: 'ann',
    };
    const search = explorerStateToSearch(s, 'c0001');
    const back = explorerStateFromSearch(search);
    expect(back.state).toEqual(s);
    expect(back.openId).toBe('c0001');
    expect(back.scoreSetGiven).toBe(true);
  });

  it('drops what a hand-edited link gets wrong instead of trusting it', () => {
    const { state } = explorerStateFromSearch('round=two&round=1&role=admin&mode=glob&range.x=a..b&sort=overall');
    expect(state.rounds).toEqual([1]);
    expect(state.searchRole).toBe('');
    expect(state.searchMode).toBe('contains');
    expect(state.ranges).toEqual({});
    expect(state.sort).toEqual(initialExplorerState.sort);
    // A coder without a code filters nothing; a repeated code counts once.
    expect(explorerStateFromSearch('coder=ann').state.codeCoder).toBe('');
    expect(explorerStateFromSearch('code=x&code=x&code=').state.codeIds).toEqual(['x']);
  });

  it('reads the query part of the hash only on its route', () => {
    expect(hashSearch('conversations', '#/conversations?cond=coach')).toBe('cond=coach');
    expect(hashSearch('conversations', '#/figures?cond=coach')).toBeNull();
    expect(hashSearch('conversations', '#/conversations')).toBeNull();
  });
});
