import { describe, expect, it } from 'vitest';
import { activeFilterCount, clearFilters, fromFigureFilter, initialExplorerState, rangeProblem, toFilter, toQuery, toggle } from './explorer-state.js';
import { scoreSetName } from './ScoreFilter.js';

describe('explorer state -> backend query', () => {
  it('sends nothing for an untouched explorer', () => {
    expect(toFilter(initialExplorerState)).toEqual({});
    expect(activeFilterCount(initialExplorerState)).toBe(0);
  });

  it('maps every filter, and score ranges only for the chosen score set', () => {
    const s = {
      ...initialExplorerState,
      conditions: ['coach'], rounds: [2], scenarios: ['job_loss'], scenarioTypes: ['workplace'], participant: ' P001 ',
      searchText: 'lost', searchMode: 'regex' as const, searchRole: 'supporter' as const,
      scoreSetId: 'judge', ranges: { validating_emotions: { min: 3 }, advice_giving: { max: 2 }, self_oriented: {} },
      sort: { key: 'overall' as const, dir: 'desc' as const },
    };
    expect(toQuery(s)).toEqual({
      filter: {
        conditions: ['coach'], rounds: [2], scenarios: ['job_loss'], scenarioTypes: ['workplace'], participant: 'P001',
        search: { text: 'lost', mode: 'regex', role: 'supporter' },
        scoreRanges: [
          { scoreSetId: 'judge', dimension: 'validating_emotions', min: 3 },
          { scoreSetId: 'judge', dimension: 'advice_giving', max: 2 },
        ],
      },
      scoreSetId: 'judge',
      sort: { key: 'overall', dir: 'desc' },
    });
    expect(activeFilterCount(s)).toBe(8);
    const cleared = clearFilters(s);
    expect(toFilter(cleared)).toEqual({});
    expect(cleared.scoreSetId).toBe('judge');
    expect(toFilter({ ...s, scoreSetId: null }).scoreRanges).toBeUndefined();
  });

  it('ignores a blank search and toggles facet values', () => {
    expect(toFilter({ ...initialExplorerState, searchText: '   ' }).search).toBeUndefined();
    expect(toggle([1, 2], 2)).toEqual([1]);
    expect(toggle([1], 3)).toEqual([1, 3]);
  });
});

describe('rangeProblem', () => {
  it('flags a bound outside the scale and a min above the max, in the user\'s words', () => {
    expect(rangeProblem({ min: 2, max: 4 }, 1, 5)).toBeNull();
    expect(rangeProblem({}, 1, 5)).toBeNull();
    expect(rangeProblem({ min: 9 }, 1, 5)).toBe('min 9 is outside the scale (1–5)');
    expect(rangeProblem({ max: 0 }, 1, 5)).toBe('max 0 is outside the scale (1–5)');
    expect(rangeProblem({ min: 5, max: 1 }, 1, 5)).toBe('min 5 is above max 1: no conversation can match');
  });
  it('does not send an empty range to the backend', () => {
    const q = toQuery({ ...initialExplorerState, scoreSetId: 's', ranges: { validating_emotions: { min: 5, max: 1 }, advice_giving: { min: 2 } } });
    expect(q.filter.scoreRanges).toEqual([{ scoreSetId: 's', dimension: 'advice_giving', min: 2 }]);
  });
});

describe('opening the list from a judge run', () => {
  it('shows the run\'s score set and only the conversations it scored, dropping other filters', () => {
    const before = { ...initialExplorerState, scoreSetId: 'old', conditions: ['coach'], ranges: { x: { min: 2 } } };
    const s = fromFigureFilter(before, { scoredIn: 'run-1' }, 'scored in run-1', 'run-1');
    expect(s.scoreSetId).toBe('run-1');
    expect(s.ranges).toEqual({});
    expect(toFilter(s)).toEqual({ scoredIn: 'run-1' });
    expect(activeFilterCount(s)).toBe(1);
    expect(clearFilters(s).scoredIn).toBeNull();
  });
});

describe('the code filter', () => {
  it('sends the codes with the coder only when one is chosen, counts as one filter, and clears', () => {
    const s = { ...initialExplorerState, codeIds: ['a', 'b'], codeCoder: '' };
    expect(toFilter(s)).toEqual({ codes: { codeIds: ['a', 'b'] } });
    expect(toFilter({ ...s, codeCoder: 'ann' })).toEqual({ codes: { codeIds: ['a', 'b'], coder: 'ann' } });
    expect(toFilter({ ...s, codeIds: [], codeCoder: 'ann' })).toEqual({});
    expect(activeFilterCount(s)).toBe(1);
    expect(clearFilters({ ...s, codeCoder: 'ann' })).toMatchObject({ codeIds: [], codeCoder: '' });
    expect(fromFigureFilter(initialExplorerState, { codes: { codeIds: ['a'], coder: 'bob' } }, 'x')).toMatchObject({ codeIds: ['a'], codeCoder: 'bob' });
  });
});

describe('score set names in the picker', () => {
  it('a judge run\'s label first, then the rater, and the id to tell runs apart', () => {
    expect(scoreSetName({ id: 'judge-20261201-1', rater: 'gpt-4o/default-scores@v1', label: 'pilot rerun' })).toBe('pilot rerun — gpt-4o/default-scores@v1 (judge-20261201-1)');
    expect(scoreSetName({ id: 'judge-20261201-2', rater: 'gpt-4o/default-scores@v1', label: null })).toBe('gpt-4o/default-scores@v1 (judge-20261201-2)');
    expect(scoreSetName({ id: 'expert1', rater: 'expert1', label: null })).toBe('expert1');
  });
});
