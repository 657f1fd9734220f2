import { describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../main/api/contract/index.js';
import { type Control, type Controls, defaultControls } from './catalog.js';
import { controlsToSearch, linkedControls } from './figure-link.js';

const options = {
  scoreSets: [
    { id: 'llm', rater: 'gpt', kind: 'llm', dimensions: ['EE', 'DU', 'AG'], conversations: 10 },
    { id: 'expert1', rater: 'e1', kind: 'human', dimensions: ['EE'], conversations: 5 },
    { id: 'expert2', rater: 'e2', kind: 'human', dimensions: ['EE'], conversations: 5 },
  ],
  conditions: ['control', 'video', 'coach', 'combined'],
  rounds: [1, 2, 3],
  scenarioTypes: ['personal', 'workplace'],
  labellings: ['ground-truth', 'coding:level2'],
  pairwiseJudges: [{ judgeId: 'pairs-1', kind: 'llm', judgments: 4 }],
} as unknown as AnalysisOptions;

const ALL: Control[] = ['scoreSet', 'dimensions', 'conditions', 'reference', 'scenarioType', 'prePost', 'labelling', 'level', 'postConditions', 'shiftTest', 'metric', 'raters', 'judge'];
const defaults = defaultControls(options);
const roundTrip = (c: Controls, uses = ALL) => ({ ...defaults, ...linkedControls(`#/figures/x?${controlsToSearch(c, defaults, uses)}`, options) });

describe('figure links', () => {
  it('takes a labelling the study offers and a known level from the hash', () => {
    expect(linkedControls('#/figures/shifts?labelling=coding%3Alevel2&level=category', options)).toEqual({ labelling: 'coding:level2', level: 'category' });
  });

  it('ignores what the study does not offer, and hashes without parameters', () => {
    expect(linkedControls('#/figures/shifts?labelling=coding:leaf&level=level9', options)).toEqual({});
    expect(linkedControls('#/figures/shifts', options)).toEqual({});
    expect(linkedControls('#/figures/effects?set=nope&cond=coach&cond=alien&base=3&post=1&test=t&metric=r2&judge=x&a=median(expert1,ghost)', options))
      .toEqual({ conditions: ['coach'] });
  });

  it('writes nothing for the defaults', () => {
    expect(controlsToSearch(defaults, defaults, ALL)).toBe('');
  });

  it('restores every control from the link it writes', () => {
    const c: Controls = {
      ...defaults, scoreSetId: 'llm', dimensions: ['DU', 'AG'], conditions: ['coach', 'combined'], reference: 'video', scenarioType: 'workplace',
      baselineRound: 2, postRounds: [3], labelling: 'coding:level2', level: 'category', postConditions: ['coach'], shiftTest: 'clustered-logit',
      metric: 'alpha', a: 'llm', b: 'median(expert1,expert2)', judgeId: 'pairs-1',
    };
    expect(roundTrip(c)).toEqual(c);
  });

  it('writes only the controls the figure uses', () => {
    const c: Controls = { ...defaults, conditions: ['coach'], metric: 'alpha' };
    expect(controlsToSearch(c, defaults, ['conditions'])).toBe('cond=coach');
    expect(roundTrip(c, ['metric'])).toEqual({ ...defaults, metric: 'alpha' });
  });

  it('keeps an emptied choice that differs from the default', () => {
    const withScenario = { ...defaults, scenarioType: 'personal' };
    expect(roundTrip({ ...withScenario, scenarioType: null }, ['scenarioType'])).toEqual({ ...defaults, scenarioType: null });
    const c = { ...defaults, a: 'expert1', b: null };
    expect(roundTrip(c, ['raters'])).toEqual(c);
  });
});
