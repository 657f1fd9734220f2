// The figures of the Figures page: which analysis each one calls with which controls, and the (shared) figure
// function that draws it. The CLI's `workbench figures` draws the same specs (main/figures/catalog.ts).

import type { AgreementStat, AnalysisOptions, ShiftLevel, ShiftTest } from '../../main/api/contract/index.js';
import {
  agreementMatrixFigure, agreementResultTable, bradleyTerryFigure, changeDistributionFigure, effectsFigure, eloDecilesFigure,
  type FigureSpec, preferenceRatesFigure, rciFigure, scenarioBaselineFigure, scenarioTrajectoriesFigure, selfReportFigure, shiftsFigure, type TableSpec,
  themeShiftsFigure, traitFigure, trajectoriesFigure,
} from '../../main/figures/index.js';
import type { WorkbenchClient } from '../api/client.js';

export type Control = 'scoreSet' | 'dimensions' | 'conditions' | 'reference' | 'scenarioType' | 'prePost' | 'labelling' | 'level' | 'postConditions' | 'shiftTest' | 'metric' | 'raters' | 'judge';

export interface Controls {
  scoreSetId: string | null;
  dimensions: string[];
  conditions: string[];
  reference: string | null;
  scenarioType: string | null;
  baselineRound: number;
  postRounds: number[];
  labelling: string | null;
  level: ShiftLevel;
  postConditions: string[];
  /** Incidence shifts: the paper's z test (default) or the participant-clustered logit. */
  shiftTest: ShiftTest;
  metric: AgreementStat;
  a: string | null;
  b: string | null;
  judgeId: string | null;
}

export function defaultControls(o: AnalysisOptions): Controls {
  const conds = o.conditions;
  return {
    scoreSetId: o.scoreSets[0]?.id ?? null,
    dimensions: [],
    conditions: [],
    reference: conds.includes('control') ? 'control' : (conds[0] ?? null),
    scenarioType: null,
    baselineRound: o.rounds[0] ?? 1,
    postRounds: [],
    labelling: o.labellings.includes('ground-truth') ? 'ground-truth' : (o.labellings[0] ?? null),
    level: 'level2',
    postConditions: [],
    shiftTest: 'z',
    metric: 'kappa_scale',
    a: null,
    b: null,
    judgeId: null,
  };
}

export interface Loaded { figure: FigureSpec; extraTables?: TableSpec[] }

export interface FigureDef {
  id: string;
  label: string;
  paperRef: string;
  group: string;
  controls: Control[];
  /** Tables beside the figure (wide layout) rather than below it. */
  tablesBeside?: boolean;
  load(api: WorkbenchClient, c: Controls): Promise<Loaded>;
}

const opt = <T>(v: T | null | undefined | '') => (v === null || v === '' ? undefined : v);
const list = <T>(v: T[]) => (v.length ? v : undefined);
const prePost = (c: Controls) => ({ baselineRound: c.baselineRound, postRounds: list(c.postRounds) });
const effectsArgs = (c: Controls) => ({
  scoreSetId: opt(c.scoreSetId), conditions: list(c.conditions), reference: opt(c.reference), dimensions: list(c.dimensions),
  scenarioType: c.scenarioType, ...prePost(c),
});
const rciArgs = (c: Controls) => ({ scoreSetId: opt(c.scoreSetId), control: opt(c.reference), conditions: list(c.conditions), ...prePost(c) });
/** Extended Data Figs. 3-4: `conditions` pool the first conversation, `postConditions` the trajectories. */
const scenarioArgs = (c: Controls) => ({ scoreSetId: opt(c.scoreSetId), conditions: list(c.conditions), trajectoryConditions: list(c.postConditions) });
const shiftArgs = (c: Controls, level: ShiftLevel) => ({
  labelling: opt(c.labelling), level, postConditions: list(c.postConditions), scenarioTypes: c.scenarioType ? [c.scenarioType] : undefined, test: c.shiftTest, ...prePost(c),
});

export const FIGURES: FigureDef[] = [
  {
    id: 'effects', label: 'Condition effects', paperRef: 'Fig. 3B · Extended Data Tables 1–2', group: 'Training effects', tablesBeside: true,
    controls: ['scoreSet', 'dimensions', 'conditions', 'reference', 'scenarioType', 'prePost'],
    load: async (api, c) => {
      const [e, k] = await Promise.all([api.call('analysis-effects', { ...effectsArgs(c), includeOverall: c.dimensions.length === 0 }), api.call('analysis-contrasts', effectsArgs(c))]);
      return { figure: effectsFigure(e, k) };
    },
  },
  {
    id: 'rci', label: 'Reliable change per participant', paperRef: 'Fig. 3A', group: 'Training effects',
    controls: ['scoreSet', 'conditions', 'reference', 'prePost'],
    load: async (api, c) => ({ figure: rciFigure(await api.call('analysis-rci', rciArgs(c))) }),
  },
  {
    id: 'trajectories', label: 'Trajectories, pre to post', paperRef: 'Extended Data Fig. 2', group: 'Training effects',
    controls: ['scoreSet', 'conditions', 'reference', 'prePost'],
    load: async (api, c) => ({ figure: trajectoriesFigure(await api.call('analysis-rci', rciArgs(c))) }),
  },
  {
    id: 'change-distribution', label: 'Distribution of change', paperRef: 'Extended Data Fig. 1', group: 'Training effects',
    controls: ['scoreSet', 'conditions', 'reference', 'prePost'],
    load: async (api, c) => ({ figure: changeDistributionFigure(await api.call('analysis-rci', rciArgs(c))) }),
  },
  {
    id: 'scenario-baseline', label: 'Trouble types: first conversation', paperRef: 'Extended Data Fig. 3', group: 'Training effects',
    controls: ['scoreSet', 'conditions'],
    load: async (api, c) => ({ figure: scenarioBaselineFigure(await api.call('analysis-scenario-types', scenarioArgs(c))) }),
  },
  {
    id: 'scenario-trajectories', label: 'Trouble types: trajectories', paperRef: 'Extended Data Fig. 4', group: 'Training effects',
    controls: ['scoreSet', 'postConditions'],
    load: async (api, c) => ({ figure: scenarioTrajectoriesFigure(await api.call('analysis-scenario-types', scenarioArgs(c))) }),
  },
  {
    id: 'shifts', label: 'Incidence shifts: taxonomy nodes', paperRef: 'Fig. 2B', group: 'Communication patterns',
    controls: ['labelling', 'level', 'postConditions', 'scenarioType', 'prePost', 'shiftTest'],
    load: async (api, c) => ({ figure: shiftsFigure(await api.call('analysis-shifts', shiftArgs(c, c.level))) }),
  },
  {
    id: 'theme-shifts', label: 'Incidence shifts: every theme', paperRef: 'Fig. 2C', group: 'Communication patterns',
    controls: ['labelling', 'postConditions', 'scenarioType', 'prePost', 'shiftTest'],
    load: async (api, c) => ({ figure: themeShiftsFigure(await api.call('analysis-shifts', shiftArgs(c, 'category'))) }),
  },
  {
    id: 'trait', label: 'Trait vs expressed empathy', paperRef: 'Fig. 5A', group: 'Felt vs expressed empathy',
    controls: ['scoreSet', 'conditions'],
    load: async (api, c) => ({ figure: traitFigure(await api.call('analysis-trait', { scoreSetId: opt(c.scoreSetId), conditions: list(c.conditions) })) }),
  },
  {
    id: 'self-report', label: 'Self-report vs judged', paperRef: 'Fig. 5B', group: 'Felt vs expressed empathy',
    controls: ['scoreSet', 'conditions'],
    load: async (api, c) => ({ figure: selfReportFigure(await api.call('analysis-trait', { scoreSetId: opt(c.scoreSetId), conditions: list(c.conditions) })) }),
  },
  {
    id: 'elo-deciles', label: 'Elo by score decile', paperRef: 'Fig. 6A', group: 'Human–LLM preference',
    controls: ['scoreSet', 'judge'],
    load: async (api, c) => ({ figure: eloDecilesFigure(await api.call('analysis-elo', { scoreSetId: opt(c.scoreSetId), judgeId: opt(c.judgeId) })) }),
  },
  {
    id: 'preference-rates', label: 'Human choices by score gap', paperRef: 'Fig. 6B · Supplementary Tables 9–12', group: 'Human–LLM preference',
    controls: ['scoreSet', 'judge'],
    load: async (api, c) => ({ figure: preferenceRatesFigure(await api.call('analysis-preference', { scoreSetId: opt(c.scoreSetId), llmJudgeId: opt(c.judgeId) })) }),
  },
  {
    id: 'bradley-terry', label: 'Human rankings vs Elo', paperRef: 'Fig. 6C', group: 'Human–LLM preference',
    controls: ['scoreSet', 'judge'],
    load: async (api, c) => ({ figure: bradleyTerryFigure(await api.call('analysis-preference', { scoreSetId: opt(c.scoreSetId), llmJudgeId: opt(c.judgeId) })) }),
  },
  {
    id: 'agreement', label: 'Rater agreement', paperRef: 'dimensions × rater pairs', group: 'Raters',
    controls: ['metric', 'raters'],
    load: async (api, c) => {
      const m = await api.call('analysis-agreement-matrix', { metric: c.metric });
      const extra: TableSpec[] = [];
      if (c.a && c.b && c.a !== c.b) extra.push(agreementResultTable(await api.call('analysis-agreement', { a: c.a, b: c.b, flagMetric: c.metric })));
      return { figure: agreementMatrixFigure(m, { metric: c.metric }), extraTables: extra };
    },
  },
];
