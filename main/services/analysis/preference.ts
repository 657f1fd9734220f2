// §6 human-LLM preference: logistic models of the human choice (higher score, LLM choice), observed rates by score
// difference, and Bradley-Terry strengths per scenario, fitted in the analysis worker (workers/analysis/preference.ts)
// for large studies.

import type { PreferenceArgs, PreferenceResult } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { derivedReadScope } from '../../db/derived-table.js';
import { UserError } from '../../domain/errors.js';
import { conversationIds, requireTable, resolveScoreSet } from '../../studydata/common.js';
import { loadPivotRows } from '../../studydata/score-pivot.js';
import { loadJudgments, loadPairwise, pairwiseJudges } from '../../studydata/pairwise.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import {
  choiceBuffers, modelsInOrder, type PreferenceFit, type PreferenceInput, preferenceRows, scenarioChoices, strengthBuffers,
} from '../../../workers/analysis/preference.js';
import { overallLabels, SIX } from './common.js';
import { defaultLlmJudge } from './elo.js';
import { provenance } from './provenance.js';

/** The first stage of the reads: the score set, the judges, the labels and the human trials (typed columns). */
async function readTrials(db: Db, args: PreferenceArgs) {
  await requireTable(db, 'pairwise', 'Human-LLM preference');
  const set = await resolveScoreSet(db, args.scoreSetId);
  const missing = SIX.filter((d) => !set.dimensions.includes(d));
  if (missing.length) throw new UserError(`Preference analyses use the overall score; score set ${set.id} lacks ${missing.join(', ')}`, 'bad-request');
  const judges = await pairwiseJudges(db);
  const humanJudges = judges.filter((j) => j.kind === 'human').map((j) => j.judgeId);
  if (humanJudges.length === 0) throw new UserError('Human-LLM preference needs human forced-choice trials (pairwise rows with judge_kind = human)', 'missing-table');
  const labels = await overallLabels(db);
  // Typed columns, so that they move to the worker instead of being copied (150,000 trials at 100x).
  const human = await loadPairwise(db, humanJudges, labels.scenarios);
  return { set, judges, humanJudges, scenarios: labels.scenarios, human };
}

/** The second: the trials' conversations' scores (their rows of the score pivot, not every conversation's). */
async function readScores(db: Db, scoreSetId: string, human: HumanTrialColumns) {
  const trialCodes = distinctCodes(human.a, human.b);
  const d = await loadPivotRows(db, scoreSetId, trialCodes);
  return { trialCodes, data: { conversation: d.conversation, overall: d.overall, length: d.length, dims: d.dims } };
}

/** The third: the LLM judge's judgments, or null without one. */
async function readLlm(db: Db, args: PreferenceArgs, judges: Awaited<ReturnType<typeof pairwiseJudges>>) {
  const llmJudgeId = await defaultLlmJudge(db, args.llmJudgeId, judges);
  return { llmJudgeId, llm: llmJudgeId ? await loadJudgments(db, llmJudgeId) : null };
}

type HumanTrialColumns = Awaited<ReturnType<typeof loadPairwise>>;

/** What the preference fit reads, in one go (the fit in one thread, tests); computePreference interleaves the stages with the fits. */
export async function loadPreferenceInput(db: Db, args: PreferenceArgs = {}): Promise<{ input: PreferenceInput; scoreSetId: string; llmJudgeId: string | null }> {
  const { set, judges, humanJudges, scenarios, human } = await readTrials(db, args);
  const { data } = await readScores(db, set.id, human);
  const { llmJudgeId, llm } = await readLlm(db, args, judges);
  return { input: { human, humanJudges, scenarios, data, llm, referenceScenario: args.referenceScenario, binEdges: args.binEdges }, scoreSetId: set.id, llmJudgeId };
}

/** The non-negative codes of two columns, each once, in order of first appearance (a's column, then b's). */
function distinctCodes(a: Int32Array, b: Int32Array): number[] {
  let max = -1;
  for (const col of [a, b]) for (let i = 0; i < col.length; i++) if (col[i] > max) max = col[i];
  const seen = new Uint8Array(max + 1);
  const out: number[] = [];
  for (const col of [a, b])
    for (let i = 0; i < col.length; i++) {
      const c = col[i];
      if (c >= 0 && !seen[c]) {
        seen[c] = 1;
        out.push(c);
      }
    }
  return out;
}

/** A block copy of typed columns (the original's buffers move to one worker, the copy's to the other). */
const copyOf = (c: Int32Array) => new Int32Array(c);

/**
 * The fit on two workers (two cores), each part started as soon as what it needs is read, so that the reads (about a
 * third of the time at 100x) overlap the fits:
 * - lane 0, after the trials: Bradley-Terry per scenario (human choices only);
 * - lane 1, after the scores: the two higher-score models and the rates (no LLM);
 * - lane 0, after the LLM's judgments: the two LLM-choice models (its votes and Elo ratings) and the counts;
 * - lane 1, last: the Bradley-Terry items with their Elo ratings and overall scores, and the Spearman rows.
 * Bradley-Terry and the LLM-choice models share a lane because the judgments are read last, so that lane would idle
 * until then; the higher-score models start on the other lane without waiting for Bradley-Terry. The same functions
 * as preferenceFit, so the same fit.
 */
export function computePreference(db: Db, args: PreferenceArgs = {}): Promise<PreferenceResult> {
  // Each derived table's freshness is checked once for the call (the reads below make seven checks of five tables).
  return derivedReadScope(() => fitPreference(db, args));
}

async function fitPreference(db: Db, args: PreferenceArgs): Promise<PreferenceResult> {
  const { set, judges, humanJudges, scenarios, human } = await readTrials(db, args);
  const choices = scenarioChoices(human);
  const fitsDone = fitInWorker('preferenceScenarioStrengths', [choices], choiceBuffers(choices), human.length, undefined, 0);
  // Everything started settles before any error is thrown, so no fit is left running unobserved; each is observed
  // from its start, so that one failing while a read is awaited is not an unhandled rejection.
  const started: Promise<unknown>[] = [];
  const track = <T>(p: Promise<T>): Promise<T> => {
    started.push(p);
    p.catch(() => {});
    return p;
  };
  track(fitsDone);
  try {
    const { trialCodes, data } = await readScores(db, set.id, human);
    const base = { humanJudges, scenarios, data, referenceScenario: args.referenceScenario, binEdges: args.binEdges };
    const h = human;
    const humanCopy = { judge: copyOf(h.judge), a: copyOf(h.a), b: copyOf(h.b), choice: copyOf(h.choice), scenario: copyOf(h.scenario), length: h.length };
    const higherRows = human.length + data.length;
    const higherDone = fitInWorker('preferenceHigherModels', [{ ...base, human: humanCopy, llm: null }],
      [humanCopy.judge, humanCopy.a, humanCopy.b, humanCopy.choice, humanCopy.scenario].map((c) => c.buffer), higherRows, undefined, 1);
    track(higherDone);
    const { llmJudgeId, llm } = await readLlm(db, args, judges);
    const input: PreferenceInput = { ...base, human, llm };
    const rows = preferenceRows(input);
    const llmCopy = llm && { a: copyOf(llm.a), b: copyOf(llm.b), choice: copyOf(llm.choice), length: llm.length };
    const llmDone = fitInWorker('preferenceLlmModels', [input],
      [human.judge, human.a, human.b, human.choice, human.scenario, ...(llm ? [llm.a, llm.b, llm.choice] : [])].map((c) => c.buffer), rows);
    track(llmDone);
    const idsDone = track(conversationIds(db, trialCodes));
    const fits = await fitsDone;
    const itemsDone = fitInWorker('preferenceStrengthItems', [{ fits, scenarios, data, llm: llmCopy }],
      [...strengthBuffers(fits), ...(llmCopy ? [llmCopy.a.buffer, llmCopy.b.buffer, llmCopy.choice.buffer] : [])], rows, undefined, 1);
    track(itemsDone);
    const [higher, other, strengths, pairIds] = await Promise.all([higherDone, llmDone, itemsDone, idsDone]);
    return await shapeResult(db, args, set.id, llmJudgeId, { ...higher, ...other, ...strengths, models: modelsInOrder(higher.models, other.models) }, pairIds);
  } finally {
    await Promise.allSettled(started);
  }
}

/** The fit as the API returns it: conversation codes turned back into ids, with its provenance. */
async function shapeResult(
  db: Db, args: PreferenceArgs, scoreSetId: string, llmJudgeId: string | null, fit: PreferenceFit, pairIds: Map<number, string>,
): Promise<PreferenceResult> {
  const { models, edges } = fit;
  const parameters = {
    llmJudgeId, referenceScenario: models[0].reference || args.referenceScenario || null, binEdges: edges,
    llmChoice: "the LLM judge's majority choice for that pair, else the higher Elo rating",
    components: 'per-dimension score of the pick (higher overall / LLM choice) minus the other',
  };
  return {
    provenance: await provenance(db, 'preference', scoreSetId, parameters),
    scoreSetId,
    llmJudgeId,
    trials: fit.trials,
    models,
    bins: fit.bins.map(({ codes, ...bin }) => ({ ...bin, conversationIds: sortedIds(codes, pairIds) })),
    curve: fit.curve,
    items: fit.items.map(({ code, ...item }) => ({ conversationId: pairIds.get(code)!, ...item })),
    bradleyTerryRegularized: fit.regularized,
    spearman: fit.spearman,
  };
}

/**
 * The ids of ascending codes, sorted. Codes follow DuckDB's order of the ids (codes.ts), which is JavaScript's for any
 * id without characters beyond U+FFFF, so the ids usually come out sorted; they are sorted only when they do not.
 */
function sortedIds(codes: number[], ids: Map<number, string>): string[] {
  const out = codes.map((c) => ids.get(c)!);
  for (let i = 1; i < out.length; i++) if (out[i - 1] > out[i]) return out.sort();
  return out;
}
