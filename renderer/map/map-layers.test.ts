import { describe, expect, it } from 'vitest';
import type { MapPoints } from '../../main/api/contract/index.js';
import { SEVERAL_CODES } from '../../main/api/contract/index.js';
import { CONTOUR_GRID, densityContours, gridTransform, toGrid } from './contours.js';
import { encode, GREY, pointRows } from './encoding.js';
import { backendFilter, facetCount, NO_FACETS } from './filters.js';
import { codeScopeOf } from './MapToolbar.js';

/** Four points: one per code, one with several, one uncoded. */
function points(): MapPoints {
  return {
    projectionId: 'p1', engine: 'workbench-umap', n: 4, x: [0, 1, 2, 3], y: [0, 1, 2, 3],
    conversations: ['c1'], conversation: [0, 0, 0, 0], turn: [1, 1, 1, 3], sentenceIndex: [0, 1, 2, 0],
    attributes: {
      condition: { values: [], labels: [], codes: [-1, -1, -1, -1] },
      round: { values: [], labels: [], codes: [-1, -1, -1, -1] },
      scenario: { values: [], labels: [], codes: [-1, -1, -1, -1] },
      theme: null,
      code: {
        values: ['code-a', 'code-b', SEVERAL_CODES], labels: ['Affective', 'Affective/Warmth', 'several codes'], colors: ['#112233', '#445566', '#33383f'],
        codes: [0, 2, -1, 1], scope: { coder: 'ann' },
      },
    },
    score: null, visible: null, visibleCount: 4, bounds: { xMin: 0, xMax: 3, yMin: 0, yMax: 3 },
  };
}

describe('colour by code', () => {
  it("uses the codebook's colours, a legend of code paths with counts, and grey for uncoded points", () => {
    const e = encode(points(), 'code');
    expect(e.colorBy).toBe('code');
    expect([...e.values]).toEqual([0, 2, 3, 1]);
    expect(e.colors).toEqual(['#112233', '#445566', '#33383f', GREY]);
    expect(e.legend.map((l) => [l.value, l.label, l.count])).toEqual([
      ['code-a', 'Affective', 1], ['code-b', 'Affective/Warmth', 1], [SEVERAL_CODES, 'several codes', 1], [null, '(none)', 1],
    ]);
    expect(pointRows(points(), [3])[0]).toMatchObject({ code: 'Affective/Warmth' });
  });

  it('falls back to one colour without codes, and asks for codes only when colouring by them', () => {
    const p = points();
    expect(encode({ ...p, attributes: { ...p.attributes, code: null } }, 'code').colorBy).toBe('none');
    const c = { colorBy: 'code' as const, themeModelId: null, scoreSetId: null, dimension: null, codeCoder: null, codeDepth: null };
    expect(codeScopeOf(c)).toEqual({});
    expect(codeScopeOf({ ...c, codeCoder: 'ann', codeDepth: 2 })).toEqual({ coder: 'ann', depth: 2 });
    expect(codeScopeOf({ ...c, colorBy: 'theme' })).toBeNull();
  });
});

describe("the map's backend filter", () => {
  it("is the explorer's filter: supporter text search and score ranges of one set, empty and inverted ranges left out", () => {
    expect(backendFilter(NO_FACETS)).toBeNull();
    const f = { ...NO_FACETS, search: ' sorry ', scoreSetId: 's1', ranges: { empathy: { min: 2 }, warmth: { min: 4, max: 3 }, clarity: {}, insight: { max: 4 } } };
    expect(backendFilter(f)).toEqual({
      search: { text: 'sorry', mode: 'contains', role: 'supporter' },
      scoreRanges: [{ scoreSetId: 's1', dimension: 'empathy', min: 2 }, { scoreSetId: 's1', dimension: 'insight', max: 4 }],
    });
    expect(facetCount(f)).toBe(3);
    expect(facetCount({ ...f, scoreSetId: null })).toBe(1);
  });

  it("carries the explorer's code filter, with its coder when one is chosen", () => {
    expect(backendFilter({ ...NO_FACETS, codeIds: ['code-a'] })).toEqual({ codes: { codeIds: ['code-a'] } });
    const f = { ...NO_FACETS, codeIds: ['code-a', 'code-b'], codeCoder: 'ann' };
    expect(backendFilter(f)).toEqual({ codes: { codeIds: ['code-a', 'code-b'], coder: 'ann' } });
    expect(facetCount(f)).toBe(1);
  });
});

describe('density contours', () => {
  /** Two discs of 200 evenly spread points (a sunflower spiral), centred at (-0.5, -0.5) and (0.5, 0.5). */
  function clusters(): { x: Float32Array; y: Float32Array } {
    const x = new Float32Array(400), y = new Float32Array(400);
    for (let i = 0; i < 400; i++) {
      const c = i < 200 ? -0.5 : 0.5;
      const k = i % 200, r = 0.08 * Math.sqrt((k + 0.5) / 200), t = k * 2.399963;
      x[i] = c + r * Math.cos(t);
      y[i] = c + r * Math.sin(t);
    }
    return { x, y };
  }
  const boxOf = (path: string) => {
    const nums = [...path.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    return { x0: Math.min(...nums.map((n) => n[0])), x1: Math.max(...nums.map((n) => n[0])), y0: Math.min(...nums.map((n) => n[1])), y1: Math.max(...nums.map((n) => n[1])) };
  };

  it('rings the dense regions: the innermost level encloses both cluster centres and not the empty middle', () => {
    const { x, y } = clusters();
    const levels = densityContours(x, y, null);
    expect(levels.length).toBeGreaterThan(2);
    expect(levels.map((l) => l.value)).toEqual([...levels.map((l) => l.value)].sort((a, b) => a - b));
    const inner = levels.at(-1)!.path;
    expect(inner.split('M')).toHaveLength(3);
    const [ga, gb, mid] = [toGrid(-0.5, -0.5), toGrid(0.5, 0.5), toGrid(0, 0)];
    const boxes = inner.split('M').slice(1).map((p) => boxOf('M' + p));
    const inside = (g: [number, number]) => boxes.some((b) => g[0] > b.x0 && g[0] < b.x1 && g[1] > b.y0 && g[1] < b.y1);
    expect(inside(ga)).toBe(true);
    expect(inside(gb)).toBe(true);
    expect(inside(mid)).toBe(false);
  });

  it('uses only the shown points', () => {
    const { x, y } = clusters();
    const one = densityContours(x, y, Array.from({ length: 200 }, (_, i) => i));
    const box = boxOf(one[0].path);
    expect(box.x1).toBeLessThan(toGrid(0, 0)[0]);
    expect(densityContours(x, y, [0, 1])).toEqual([]);
  });

  it('maps grid units to canvas pixels as the camera maps normalised space', () => {
    // A camera zoomed 2x around (0.2, -0.1) on an 800 x 600 canvas, y up in normalised space.
    const toScreen = (px: number, py: number): [number, number] => [400 + (px - 0.2) * 2 * 400, 300 - (py + 0.1) * 2 * 300];
    const [a, d, e, f] = gridTransform({ toScreen });
    for (const [px, py] of [[-1, -1], [1, 1], [0.3, -0.7]]) {
      const [gx, gy] = toGrid(px, py);
      const [sx, sy] = toScreen(px, py);
      expect(a * gx + e).toBeCloseTo(sx, 6);
      expect(d * gy + f).toBeCloseTo(sy, 6);
    }
    expect(toGrid(1, -1)).toEqual([CONTOUR_GRID, CONTOUR_GRID]);
  });
});
