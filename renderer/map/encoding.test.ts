import { describe, expect, it } from 'vitest';
import type { MapPoints, MapThemeLabel } from '../../main/api/contract/index.js';
import { CONTINUOUS_STEPS, GREY, encode, normalise, pointRows, ramp, shownIndices } from './encoding.js';
import { conversationsOf, facetCount, facetMask, NO_FACETS } from './filters.js';
import { placeLabels } from './labels.js';
import { toProjectArgs, EMPTY_PROJECT_FORM } from './project-form.js';
import { linearScale } from './scale.js';

/** Six points in two conversations; the last point has no condition and no theme. */
function points(): MapPoints {
  return {
    projectionId: 'p1', engine: 'workbench-umap', n: 6,
    x: [0, 10, 10, 0, 5, 5], y: [0, 0, 4, 4, 2, 2],
    conversations: ['c1', 'c2'], conversation: [0, 0, 0, 1, 1, 1], turn: [1, 1, 3, 1, 3, 5], sentenceIndex: [0, 1, 0, 0, 0, 2],
    attributes: {
      condition: { values: ['control', 'coach'], labels: ['control', 'coach'], codes: [0, 0, 0, 1, 1, -1] },
      round: { values: ['1', '2'], labels: ['1', '2'], codes: [0, 1, 0, 1, 0, 1] },
      scenario: { values: ['job'], labels: ['job'], codes: [0, 0, 0, 0, 0, 0] },
      theme: { values: ['L0', 'L3'], labels: ['Advice', 'L3'], codes: [0, 1, 1, 0, 1, -1] },
      code: null,
    },
    score: { scoreSetId: 's', dimension: 'empathy', values: [1, 3, 5, null, 2, 4], min: 1, max: 5 },
    visible: null, visibleCount: 6,
    bounds: { xMin: 0, xMax: 10, yMin: 0, yMax: 4 },
  };
}

describe('normalise', () => {
  it('maps the bounds into [-1, 1] with one scale for both axes, centred', () => {
    const p = points();
    const n = normalise(p.x, p.y, p.bounds);
    const half = 5 * 1.05;
    expect(n.x[0]).toBeCloseTo(-5 / half, 6);
    expect(n.x[1]).toBeCloseTo(5 / half, 6);
    expect(n.y[0]).toBeCloseTo(-2 / half, 6);
    expect(n.toNdc(5, 2)).toEqual([0, 0]);
    for (const v of [...n.x, ...n.y]) expect(Math.abs(v)).toBeLessThan(1);
  });
});

describe('encode', () => {
  it('gives categories their index, missing values the last (grey) one, and counts the legend', () => {
    const e = encode(points(), 'condition');
    expect([...e.values]).toEqual([0, 0, 0, 1, 1, 2]);
    expect(e.colors).toHaveLength(3);
    expect(e.colors[2]).toBe(GREY);
    expect(e.legend.map((l) => [l.value, l.count])).toEqual([['control', 3], ['coach', 2], [null, 1]]);
  });

  it('labels theme categories with their descriptions', () => {
    const e = encode(points(), 'theme');
    expect(e.legend.map((l) => l.label)).toEqual(['Advice', 'L3', '(none)']);
  });

  it('bins a score into the continuous steps, missing scores apart', () => {
    const e = encode(points(), 'score');
    expect(e.kind).toBe('continuous');
    expect([...e.values]).toEqual([0, Math.round(0.5 * (CONTINUOUS_STEPS - 1)), CONTINUOUS_STEPS - 1, CONTINUOUS_STEPS, Math.round(0.25 * (CONTINUOUS_STEPS - 1)), Math.round(0.75 * (CONTINUOUS_STEPS - 1))]);
    expect(e.range).toMatchObject({ min: 1, max: 5, title: 'empathy' });
    expect(e.legend).toEqual([{ index: CONTINUOUS_STEPS, value: null, label: 'no score', color: GREY, count: 1 }]);
  });

  it('falls back to one colour when the attribute is absent', () => {
    const p = { ...points(), score: null };
    const e = encode(p, 'score');
    expect(e.colorBy).toBe('none');
    expect(e.colors).toHaveLength(1);
  });

  it('ramps from viridis purple to yellow', () => {
    const r = ramp(64);
    expect(r[0]).toBe('#440154');
    expect(r[63]).toBe('#fde725');
  });
});

describe('which points are shown', () => {
  it('is null when nothing is filtered or hidden', () => {
    expect(shownIndices(6, null, encode(points(), 'condition').values, new Set())).toBeNull();
  });

  it('combines the facet mask with hidden legend categories', () => {
    const p = points();
    const mask = facetMask(p, { ...NO_FACETS, conditions: ['control', 'coach'] });
    expect(mask).toEqual([1, 1, 1, 1, 1, 0]);
    const e = encode(p, 'theme');
    expect(shownIndices(6, mask, e.values, new Set([1]))).toEqual([0, 3]);
    expect(facetMask(p, { ...NO_FACETS, rounds: ['2'], scenarios: ['job'] })).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('keeps only what the backend\'s filter left visible (text search), with the facets on top', () => {
    const p = { ...points(), visible: [1, 1, 1, 0, 0, 0], visibleCount: 3 };
    expect(facetMask(p, NO_FACETS)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(facetMask(p, { ...NO_FACETS, rounds: ['1'] })).toEqual([1, 0, 1, 0, 0, 0]);
    expect(facetMask(points(), NO_FACETS)).toBeNull();
  });

  it('counts the active facets, a search as one', () => {
    expect(facetCount({ ...NO_FACETS, conditions: ['a', 'b'], scenarios: ['s'], search: '  ' })).toBe(3);
    expect(facetCount({ ...NO_FACETS, search: 'sorry' })).toBe(1);
  });

  it('lists the conversations of a selection once each', () => {
    expect(conversationsOf(points(), [4, 0, 3, 1])).toEqual(['c2', 'c1']);
  });
});

describe('pointRows', () => {
  it('writes the shown points with their key, position and attributes', () => {
    const rows = pointRows(points(), [1, 5]);
    expect(rows).toEqual([
      { index: 1, conversation_id: 'c1', turn: 1, sentence_index: 1, x: 10, y: 0, condition: 'control', round: '2', scenario: 'job', theme: 'L3', score_empathy: 3 },
      { index: 5, conversation_id: 'c2', turn: 5, sentence_index: 2, x: 5, y: 2, condition: null, round: '2', scenario: 'job', theme: null, score_empathy: 4 },
    ]);
  });
});

describe('placeLabels', () => {
  const label = (latent: number, x: number, y: number, count: number): MapThemeLabel => ({ latent, value: `L${latent}`, description: null, x, y, count });
  const identity = (x: number, y: number): [number, number] => [x, y];

  it('keeps the larger of two overlapping labels and drops labels off screen or hidden', () => {
    const placed = placeLabels([label(1, 100, 100, 5), label(2, 105, 102, 50), label(3, 300, 100, 1), label(4, 900, 100, 9), label(5, 300, 300, 7)],
      identity, 800, 600, new Set(['L5']));
    expect(placed.map((p) => p.value)).toEqual(['L2', 'L3']);
  });
});

describe('toProjectArgs', () => {
  it('sends only the fields filled in, as numbers', () => {
    expect(toProjectArgs({ ...EMPTY_PROJECT_FORM, embeddingSetId: 'e1', pca: '0', neighbors: '10', minDist: '0.25', seed: '7', label: ' x ' }))
      .toEqual({ embeddingSetId: 'e1', pca: 0, neighbors: 10, minDist: 0.25, seed: 7, engine: 'workbench-umap', label: 'x' });
  });

  it('names the bad field', () => {
    expect(() => toProjectArgs({ ...EMPTY_PROJECT_FORM, embeddingSetId: 'e1', neighbors: '1' })).toThrow('Neighbours: a whole number from 2 to 200, got "1"');
    expect(() => toProjectArgs({ ...EMPTY_PROJECT_FORM, embeddingSetId: 'e1', epochs: '2.5' })).toThrow(/^Epochs/);
    expect(() => toProjectArgs(EMPTY_PROJECT_FORM)).toThrow('Embedding set: choose one');
  });
});

describe('linearScale', () => {
  it('maps, inverts and follows domain / range updates as regl-scatterplot makes them', () => {
    const s = linearScale([-1, 1], [0, 200]);
    expect(s(0)).toBe(100);
    s.domain([-2, 2]);
    expect(s(1)).toBe(150);
    s.range([0, 400]);
    expect(s.invert(300)).toBe(1);
    expect(s.copy().domain()).toEqual([-2, 2]);
  });
});
