// §6 human-LLM preference: logistic models of the human choice (higher score, LLM choice), observed rates by score
// difference, and Bradley-Terry strengths per scenario, fitted in the analysis worker (workers/analysis/preference.ts)
// for large studies.

import type { PreferenceArgs, PreferenceResult } from '../../api/contract/index.js';
import type { Db } from '../../db/workspace.js';
import { UserError } from '../../domain/errors.js';
import { conversationIds, requireTable, resolveScoreSet } from '../../studydata/common.js';
import { loadPivotRows } from '../../studydata/score-pivot.js';
import { loadJudgments, loadPairwise, pairwiseJudges } from '../../studydata/pairwise.js';
import { fitInWorker } from '../../../workers/analysis/handle.js';
import { choiceBuffers, type PreferenceInput, preferenceRows, scenarioChoices } from '../../../workers/analysis/preference.js';
import { overallLabels, SIX } from './common.js';
import { defaultLlmJudge } from './elo.js';
import { provenance } from './provenance.js';

/**
 * What the preference fit reads, the codes of the trials' conversations (to turn back into ids) and the buffers of
 * its typed columns (moved to the worker, not copied).
 */
export async function loadPreferenceInput(
  db: Db, args: PreferenceArgs = {},
): Promise<{ input: PreferenceInput; scoreSetId: string; llmJudgeId: string | null; trialCodes: number[]; buffers: ArrayBufferLike[] }> {
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
  // Only the trials' conversations are looked up: their rows of the score pivot, not every conversation's scores.
  const trialCodes = distinctCodes(human.a, human.b);
  const data = await loadPivotRows(db, set.id, trialCodes);
  const llmJudgeId = await defaultLlmJudge(db, args.llmJudgeId, judges);
  const llm = llmJudgeId ? await loadJudgments(db, llmJudgeId) : null;
  const input: PreferenceInput = {
    human, humanJudges, scenarios: labels.scenarios, data: { conversation: data.conversation, overall: data.overall, length: data.length, dims: data.dims },
    llm, referenceScenario: args.referenceScenario, binEdges: args.binEdges,
  };
  const buffers = [human.judge, human.a, human.b, human.choice, human.scenario, ...(llm ? [llm.a, llm.b, llm.choice] : [])].map((c) => c.buffer);
  return { input, scoreSetId: set.id, llmJudgeId, trialCodes, buffers };
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

export async function computePreference(db: Db, args: PreferenceArgs = {}): Promise<PreferenceResult> {
  const { input, scoreSetId, llmJudgeId, trialCodes, buffers } = await loadPreferenceInput(db, args);
  // Two workers (two cores): the second fits Bradley-Terry and then the first logit with the rates, whose trials need
  // only the human choices and the scores; the first fits the other three logits. At 100x that evens their shares
  // (≈ 0.5 s each): the four logits took twice as long as Bradley-Terry. The first worker is the longer, so it starts
  // first; the second's inputs are copied out of the trials before (block copies), since the trials' columns move to
  // the first, and its choices are sorted out after. The same functions as preferenceFit, so the same fit.
  const rows = preferenceRows(input);
  const copy = (c: ArrayLike<number>) => new Int32Array(c as Int32Array);
  const llm = input.llm && { a: copy(input.llm.a), b: copy(input.llm.b), choice: copy(input.llm.choice), length: input.llm.length };
  const h = input.human;
  const human = { judge: copy(h.judge), a: copy(h.a), b: copy(h.b), choice: copy(h.choice), scenario: copy(h.scenario), length: h.length };
  const modelsFit = fitInWorker('preferenceOtherModels', [input], buffers, rows);
  const choices = scenarioChoices(human);
  const strengthsIn = { choices, scenarios: input.scenarios, data: input.data, llm };
  const strengthBuffers = [...choiceBuffers(choices), ...(llm ? [llm.a.buffer, llm.b.buffer, llm.choice.buffer] : [])];
  const strengthsFit = fitInWorker('preferenceStrengths', [strengthsIn], strengthBuffers, rows, undefined, 1);
  const firstIn = { ...input, human, llm: null };
  const firstFit = fitInWorker('preferenceFirstModel', [firstIn], [human.judge, human.a, human.b, human.choice, human.scenario].map((c) => c.buffer), rows, undefined, 1);
  // The trials' ids are read while the workers fit. Everything settles before any error is thrown, so no fit is
  // left running unobserved.
  const [m, first, st, ids] = await Promise.allSettled([modelsFit, firstFit, strengthsFit, conversationIds(db, trialCodes)]);
  if (m.status === 'rejected') throw m.reason;
  if (first.status === 'rejected') throw first.reason;
  if (st.status === 'rejected') throw st.reason;
  if (ids.status === 'rejected') throw ids.reason;
  const { model, ...rates } = first.value;
  const fit = { ...m.value, ...st.value, ...rates, models: [model, ...m.value.models] };
  const pairIds = ids.value;
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
    bins: fit.bins.map(({ codes, ...bin }) => ({ ...bin, conversationIds: codes.map((c) => pairIds.get(c)!).sort() })),
    curve: fit.curve,
    items: fit.items.map(({ code, ...item }) => ({ conversationId: pairIds.get(code)!, ...item })),
    bradleyTerryRegularized: fit.regularized,
    spearman: fit.spearman,
  };
}
