// SVG snapshot tests of every figure function on fixed small inputs (tests/figures/fixtures.ts), rendered headless
// (Observable Plot on linkedom), plus the table exports. Snapshots live in tests/figures/__snapshots__.

import { describe, expect, it } from 'vitest';
import {
  agreementMatrixFigure, bradleyTerryFigure, changeDistributionFigure, contrastsTable, effectsFigure, eloDecilesFigure, type FigureSpec,
  preferenceRatesFigure, rciFigure, rowsToCsv, selfReportFigure, shiftsFigure, tableToCsv, tableToLatex, tableToMarkdown, tableToText,
  themeShiftsFigure, traitFigure, trajectoriesFigure,
} from '../../main/figures/index.js';
import { renderSvg } from '../../main/figures/headless.js';
import { SIMULATED_MARK } from '../../main/figures/render.js';
import { parseHTML } from 'linkedom';
import * as F from './fixtures.js';

const figures: [string, () => FigureSpec][] = [
  ['effects', () => effectsFigure(F.effects, F.contrasts)],
  ['rci', () => rciFigure(F.rci)],
  ['trajectories', () => trajectoriesFigure(F.rci)],
  ['change-distribution', () => changeDistributionFigure(F.rci)],
  ['trait', () => traitFigure(F.trait)],
  ['self-report', () => selfReportFigure(F.trait)],
  ['shifts', () => shiftsFigure(F.shifts)],
  ['theme-shifts', () => themeShiftsFigure(F.shifts)],
  ['elo-deciles', () => eloDecilesFigure(F.elo)],
  ['preference-rates', () => preferenceRatesFigure(F.preference)],
  ['bradley-terry', () => bradleyTerryFigure(F.preference)],
  ['agreement-matrix', () => agreementMatrixFigure(F.agreementMatrix)],
];

describe('figure functions render to stable SVG', () => {
  for (const [name, make] of figures) {
    it(name, async () => {
      const spec = make();
      const svg = renderSvg(spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(svg).toContain(spec.provenance.slice(0, 40).replaceAll('&', '&amp;'));
      expect(renderSvg(make())).toBe(svg); // deterministic
      await expect(svg).toMatchFileSnapshot(`./__snapshots__/${name}.svg`);
      await expect(rowsToCsv(spec.data)).toMatchFileSnapshot(`./__snapshots__/${name}.csv`);
    });
  }

  it('puts a conversation filter on every linked mark datum (click-through to the explorer)', () => {
    const spec = effectsFigure(F.effects);
    const bars = (spec.plot.marks as { data?: unknown[] }[]).find((m) => Array.isArray(m.data) && (m.data[0] as { filter?: unknown })?.filter)?.data as { filter: { conditions: string[]; rounds: number[] } }[];
    expect(bars.length).toBe(6); // two dimensions and the overall score, two treatments each
    expect(bars[0].filter).toEqual({ conditions: ['video'], rounds: [2, 3] });
    const rci = rciFigure(F.rci);
    const dots = (rci.plot.marks as { data?: { filter?: { participant: string } }[] }[]).find((m) => m.data?.[0]?.filter?.participant)!.data!;
    expect(dots.map((d) => d.filter!.participant)).toContain('p13');
  });

  it('stamps SIMULATED DATA inside the plot area of a simulated study, once per facet, and nowhere for a real one', () => {
    for (const [name, make] of figures) {
      const spec = make();
      expect(spec.simulated, name).toBe(true);
      const { document } = parseHTML(renderSvg(spec));
      const plot = document.querySelector('svg svg')!; // the Plot element inside the composed figure
      const stamps = [...plot.querySelectorAll('text')].filter((t) => t.textContent === SIMULATED_MARK);
      expect(stamps.length, name).toBeGreaterThan(0);
      const real = renderSvg({ ...spec, simulated: false });
      expect(real.includes(`>${SIMULATED_MARK}<`), name).toBe(false);
    }
    const { document } = parseHTML(renderSvg(effectsFigure(F.effects, F.contrasts)));
    expect([...document.querySelector('svg svg')!.querySelectorAll('text')].filter((t) => t.textContent === SIMULATED_MARK).length).toBe(3); // one per facet
  });

  it('Fig. 3A draws the RCI threshold as a bar in every condition panel', () => {
    const spec = rciFigure(F.rci);
    const bound = F.rci.threshold * F.rci.sDiff;
    expect(renderSvg(spec)).toContain(`RCI ${bound.toFixed(1)} pts`);
    expect(spec.legend.map((l) => l.label)).toContain(`RCI threshold (${bound.toFixed(2)} points)`);
  });

  it('Fig. 5B: the paper\'s items only, the overall score on −12…12 beside the 1–5 dimensions', () => {
    const spec = selfReportFigure(F.trait);
    expect((spec.plot.fx as { domain: string[] }).domain).toEqual(['Empathized', 'Encouraged elaboration']);
    const svg = renderSvg(spec);
    expect(svg).toContain('Judged overall score (−12…12)');
    expect(svg).toContain('Judged encouraging elaboration (1–5)');
    expect(svg).toContain('−12');
    expect(spec.caption).toMatch(/also available: Validated feelings/);
    expect((selfReportFigure(F.trait, { items: ['validated_feelings'] }).plot.fx as { domain: string[] }).domain).toEqual(['Validated feelings']);
  });

  it('Fig. 2C says what its labels are and which test it shows; "top-2" only when sentences carry two labels', () => {
    const planted = themeShiftsFigure({ ...F.shifts, level: 'category' });
    expect(planted.title).toBe('Frequency change of the planted categories of the simulated study (its generator’s ground truth), ranked');
    expect(planted.caption).toContain('top-2 labels per sentence');
    expect(planted.subtitle).toContain('two-proportion z test');
    const ksae = themeShiftsFigure({ ...F.shifts, level: 'category', labelling: 'theme:m64', labelsPerSentence: 2, test: 'clustered-logit' });
    expect(ksae.title).toBe('Frequency change of the themes of kSAE model m64, ranked');
    expect(ksae.subtitle).toContain('clustered by participant');
    const single = themeShiftsFigure({ ...F.shifts, level: 'category', labelsPerSentence: 1 });
    expect(single.caption).toContain('one label per sentence');
    expect(single.caption).not.toContain('top-2');
  });

  it('states why a figure is empty instead of drawing nothing', () => {
    const spec = eloDecilesFigure({ ...F.elo, deciles: [] });
    expect(spec.empty).toMatch(/six dimensions/);
    expect(renderSvg(spec)).toContain('six dimensions');
  });
});

describe('table export', () => {
  const t = contrastsTable(F.contrasts);
  it('Markdown, LaTeX, CSV and text of Extended Data Table 2', async () => {
    await expect(tableToMarkdown(t)).toMatchFileSnapshot('./__snapshots__/ed-table-2.md');
    await expect(tableToLatex(t)).toMatchFileSnapshot('./__snapshots__/ed-table-2.tex');
    await expect(tableToCsv(t)).toMatchFileSnapshot('./__snapshots__/ed-table-2.csv');
    await expect(tableToText(t)).toMatchFileSnapshot('./__snapshots__/ed-table-2.txt');
  });
  it('escapes what each format treats specially', () => {
    const tricky = { id: 'x', title: 'A & B_1', columns: [{ key: 'a', label: 'p < 0.05 | 50%' }], rows: [{ a: 'x, "y"' }] };
    expect(tableToLatex(tricky)).toContain('A \\& B\\_1');
    expect(tableToLatex(tricky)).toContain('p $<$ 0.05 | 50\\%');
    expect(tableToMarkdown(tricky)).toContain('p < 0.05 \\| 50%');
    expect(tableToCsv(tricky)).toBe('p < 0.05 | 50%\n"x, ""y"""\n');
  });
});
