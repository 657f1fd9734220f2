import { describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../main/api/contract/index.js';
import { linkedControls } from './figure-link.js';

const options = { labellings: ['ground-truth', 'coding:level2'] } as AnalysisOptions;

describe('figure links', () => {
  it('takes a labelling the study offers and a known level from the hash', () => {
    expect(linkedControls('#/figures/shifts?labelling=coding%3Alevel2&level=category', options)).toEqual({ labelling: 'coding:level2', level: 'category' });
  });

  it('ignores what the study does not offer, and hashes without parameters', () => {
    expect(linkedControls('#/figures/shifts?labelling=coding:leaf&level=level9', options)).toEqual({});
    expect(linkedControls('#/figures/shifts', options)).toEqual({});
  });
});
