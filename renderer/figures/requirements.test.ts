import { describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../main/api/contract/index.js';
import { FIGURES } from './catalog.js';
import { figureUnsupported } from './requirements.js';

const full: AnalysisOptions = {
  study: 's', simulated: true, appVersion: '0',
  scoreSets: [{ id: 'a', rater: 'a', kind: 'llm-judge', dimensions: [], conversations: 1 }, { id: 'b', rater: 'b', kind: 'expert', dimensions: [], conversations: 1 }],
  conditions: ['control', 'coach'], rounds: [1, 2, 3], scenarioTypes: ['personal', 'workplace'], scenarios: ['x'],
  labellings: ['ground-truth'], taxonomyLevels: ['category', 'level1', 'level2'],
  pairwiseJudges: [{ judgeId: 'h', kind: 'human', judgments: 3 }, { judgeId: 'l', kind: 'llm', judgments: 3 }],
  selfReportItems: ['felt'], traits: ['jordan_empathy'],
};

describe('figureUnsupported', () => {
  it('a study with every table supports every figure of the page', () => {
    expect(FIGURES.map((f) => [f.id, figureUnsupported(f.id, full)])).toEqual(FIGURES.map((f) => [f.id, null]));
  });

  it('a pilot (ratings only: no conditions, rounds, pairs or self-reports) supports rater agreement alone, each other figure with its reason', () => {
    const pilot: AnalysisOptions = { ...full, conditions: [], rounds: [], labellings: [], taxonomyLevels: [], pairwiseJudges: [], selfReportItems: [], traits: [] };
    const supported = FIGURES.filter((f) => !figureUnsupported(f.id, pilot)).map((f) => f.id);
    expect(supported).toEqual(['agreement']);
    expect(figureUnsupported('effects', pilot)).toBe('needs two or more conditions');
    expect(figureUnsupported('self-report', pilot)).toBe('needs self-reports');
    expect(figureUnsupported('bradley-terry', pilot)).toBe('needs pairwise choices by people');
    expect(figureUnsupported('scenario-trajectories', { ...full, scenarioTypes: ['personal'] })).toBe('needs conversations of two scenario types (e.g. workplace and personal)');
    expect(figureUnsupported('agreement', { ...pilot, scoreSets: pilot.scoreSets.slice(0, 1) })).toBe('needs two score sets');
  });
});
