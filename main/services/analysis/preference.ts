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
import { type PreferenceInput, preferenceRows } from '../../../workers/analysis/preference.js';
import { overallLabels, SIX } from './common.js';
import { defaultLlmJudge } from './elo.js';
import { provenance } from './provenance.js';

export async function computePreference(db: Db, args: PreferenceArgs = {}): Promise<PreferenceResult> {
  await requireTable(db, 'pairwise', 'Human-LLM preference');
  const set = await resolveScoreSet(db, args.scoreSetId);
  const missing = SIX.filter((d) => !set.dimensions.includes(d));
  if (missing.length) throw new UserError(`Preference analyses use the overall score; score set ${set.id} lacks ${missing.join(', ')}`, 'bad-request');
  const judges = await pairwiseJudges(db);
  const humanJudges = judges.filter((j) => j.kind === 'human').map((j) => j.judgeId);
  if (humanJudges.length === 0) throw new UserError('Human-LLM preference needs human forced-choice trials (pairwise rows with judge_kind = human)', 'missing-table');
  const labels = await overallLabels(db);
  const human = await loadPairwise(db, humanJudges, labels.scenarios);
  // Only the trials' conversations are looked up: their rows of the score pivot, not every conversation's scores.
  const trialCodes = [...new Set([...human.a, ...human.b])].filter((c) => c >= 0);
  const data = await loadPivotRows(db, set.id, trialCodes);
  const llmJudgeId = await defaultLlmJudge(db, args.llmJudgeId);
  const llm = llmJudgeId ? await loadJudgments(db, llmJudgeId) : null;
  const input: PreferenceInput = {
    human, humanJudges, scenarios: labels.scenarios, data: { conversation: data.conversation, overall: data.overall, length: data.length, dims: data.dims },
    llm, referenceScenario: args.referenceScenario, binEdges: args.binEdges,
  };
  const fit = await fitInWorker('preference', [input], llm ? [llm.a.buffer, llm.b.buffer, llm.choice.buffer] : [], preferenceRows(input));
  const pairIds = await conversationIds(db, trialCodes);
  const models = fit.models;
  const edges = fit.edges;
  const parameters = {
    llmJudgeId, referenceScenario: models[0].reference || args.referenceScenario || null, binEdges: edges,
    llmChoice: "the LLM judge's majority choice for that pair, else the higher Elo rating",
    components: 'per-dimension score of the pick (higher overall / LLM choice) minus the other',
  };
  return {
    provenance: await provenance(db, 'preference', set.id, parameters),
    scoreSetId: set.id,
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
