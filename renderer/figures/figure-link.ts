// A figure's controls in the URL (`#/figures/effects?set=llm&cond=coach&cond=video&base=1`), so a figure view can
// be bookmarked, sent to a colleague and restored on reload; other pages link this way too (coding links to
// `#/figures/shifts?labelling=coding:level2&level=category`). Only the controls the figure uses and that differ
// from the study's defaults are written; a value the study does not offer is dropped rather than trusted.
import { AGREEMENT_STATS, SHIFT_LEVELS, SHIFT_TESTS, type AgreementStat, type AnalysisOptions, type ShiftLevel, type ShiftTest } from '../../main/api/contract/index.js';
import type { Control, Controls } from './catalog.js';

type Field = keyof Controls;

/** Which fields of `Controls` each control of the bar sets. */
const FIELDS_OF: Record<Control, Field[]> = {
  scoreSet: ['scoreSetId'], dimensions: ['dimensions'], conditions: ['conditions'], reference: ['reference'],
  scenarioType: ['scenarioType'], prePost: ['baselineRound', 'postRounds'], labelling: ['labelling'], level: ['level'],
  postConditions: ['postConditions'], shiftTest: ['shiftTest'], metric: ['metric'], raters: ['a', 'b'], judge: ['judgeId'],
};

/** The URL parameter of each field (short, stable: links outlive refactors). */
const PARAM: Record<Field, string> = {
  scoreSetId: 'set', dimensions: 'dim', conditions: 'cond', reference: 'ref', scenarioType: 'stype', baselineRound: 'base',
  postRounds: 'post', labelling: 'labelling', level: 'level', postConditions: 'postCond', shiftTest: 'test', metric: 'metric',
  a: 'a', b: 'b', judgeId: 'judge',
};

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** The query string (without `?`) for the controls `uses` names, writing only what differs from `defaults`. */
export function controlsToSearch(c: Controls, defaults: Controls, uses: readonly Control[]): string {
  const p = new URLSearchParams();
  for (const field of uses.flatMap((u) => FIELDS_OF[u])) {
    const v = c[field];
    if (same(v, defaults[field])) continue;
    const key = PARAM[field];
    if (Array.isArray(v)) {
      // An emptied list that was not empty by default must still be written, or the link restores the default.
      if (v.length === 0) p.append(key, '');
      for (const item of v) p.append(key, String(item));
    } else p.set(key, v == null ? '' : String(v));
  }
  return p.toString();
}

const oneOf = <T extends string>(allowed: readonly T[], v: string | null): T | undefined =>
  v != null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

/** A rater the agreement controls accept: a score set, or the median of two or more expert score sets. */
function knownRater(v: string | null, o: AnalysisOptions): string | null | undefined {
  if (v == null) return undefined;
  if (v === '') return null;
  const ids = o.scoreSets.map((s) => s.id);
  if (ids.includes(v)) return v;
  const m = /^median\((.+)\)$/.exec(v);
  const parts = m ? m[1].split(',') : [];
  return parts.length >= 2 && parts.every((x) => ids.includes(x)) ? v : undefined;
}

/** The controls a link sets (only those present and valid for this study); the page fills the rest with defaults. */
export function linkedControls(hash: string, o: AnalysisOptions): Partial<Controls> {
  const q = hash.indexOf('?');
  if (q < 0) return {};
  const p = new URLSearchParams(hash.slice(q + 1));
  const out: Partial<Controls> = {};
  const has = (f: Field) => p.has(PARAM[f]);
  const all = (f: Field) => p.getAll(PARAM[f]).filter((v) => v !== '');
  /** A list control: the offered values given; an explicitly empty list (`cond=`) is a choice ("all"), a list of
   *  nothing but unknown values is not. */
  const list = <T>(f: Field, offered: readonly T[], parse: (v: string) => T) => {
    if (!has(f)) return undefined;
    const given = all(f);
    const kept = given.map(parse).filter((v) => offered.includes(v));
    return given.length > 0 && kept.length === 0 ? undefined : kept;
  };

  const set = p.get(PARAM.scoreSetId);
  if (set && o.scoreSets.some((s) => s.id === set)) out.scoreSetId = set;
  const setDims = o.scoreSets.find((s) => s.id === (out.scoreSetId ?? o.scoreSets[0]?.id))?.dimensions ?? [];
  const dims = list('dimensions', setDims, String);
  if (dims) out.dimensions = dims;
  const conds = list('conditions', o.conditions, String);
  if (conds) out.conditions = conds;
  const postConds = list('postConditions', o.conditions, String);
  if (postConds) out.postConditions = postConds;
  const ref = oneOf(o.conditions, p.get(PARAM.reference));
  if (ref) out.reference = ref;
  if (has('scenarioType')) {
    const t = p.get(PARAM.scenarioType) ?? '';
    if (t === '') out.scenarioType = null;
    else if (o.scenarioTypes.includes(t)) out.scenarioType = t;
  }
  const base = Number(p.get(PARAM.baselineRound));
  if (has('baselineRound') && o.rounds.slice(0, -1).includes(base)) out.baselineRound = base;
  const baseline = out.baselineRound ?? o.rounds[0] ?? 1;
  const post = list('postRounds', o.rounds.filter((r) => r > baseline), Number);
  if (post) out.postRounds = post;
  const labelling = oneOf(o.labellings, p.get(PARAM.labelling));
  if (labelling) out.labelling = labelling;
  const level = oneOf<ShiftLevel>(SHIFT_LEVELS, p.get(PARAM.level));
  if (level) out.level = level;
  const test = oneOf<ShiftTest>(SHIFT_TESTS, p.get(PARAM.shiftTest));
  if (test) out.shiftTest = test;
  const metric = oneOf<AgreementStat>(AGREEMENT_STATS, p.get(PARAM.metric));
  if (metric) out.metric = metric;
  const a = knownRater(p.get(PARAM.a), o);
  if (a !== undefined) out.a = a;
  const b = knownRater(p.get(PARAM.b), o);
  if (b !== undefined) out.b = b;
  const judge = p.get(PARAM.judgeId);
  if (judge != null && (judge === '' || o.pairwiseJudges.some((j) => j.judgeId === judge))) out.judgeId = judge || null;
  return out;
}
