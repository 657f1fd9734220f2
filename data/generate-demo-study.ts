// Writes a simulated Lend an Ear study as a study folder (see shared/docs/data-format.md).
//   npx tsx data/generate-demo-study.ts --out DIR [--seed S] [--scale N]
// Same seed and scale give byte-identical files. Conversations are generated and written one at a
// time, so memory stays flat at any scale; only per-conversation overall scores are kept for the
// pairwise experiment.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIMENSIONS, SCENARIO_TYPE, SCENARIOS, type Dimension } from '../main/domain/study.js';
import { CsvWriter, type FileStats } from './csv.js';
import { EFFECTS_MODEL, GENERATOR_VERSION, manifestJson, STUDY_NAME, type DemoCounts, type DemoManifest } from './manifest.js';
import { simulateExperiment2, HUMAN_SLOPE, LLM_SLOPE, ELO_K, ELO_START, PERCEIVED_SD, type PairwiseRow } from './pairwise.js';
import { generateParticipants, PARTICIPANTS_PER_SCALE, AGE_LATENT } from './participants.js';
import { Random } from './prng.js';
import { rationale } from './rationales.js';
import {
  calibration,
  COMMON_CONVERSATION_SHARE,
  COMMON_PARTICIPANT_SHARE,
  DEMOGRAPHIC_EFFECTS,
  drawConversationScores,
  drawParticipantLatent,
  LATENT_SD,
  PAPER_EFFECTS,
  PARTICIPANT_SHARE,
  RESPONSE_SD,
  RESPONSE_SHAPE,
  SCENARIO_SHIFT,
} from './scores-model.js';
import { drawSelfReports, SELF_REPORT_ITEMS_GENERATED } from './self-reports.js';
import { CATEGORIES, GROUP_STRENGTH, LEVEL1_SCALE, SCORE_MULTIPLIER } from './taxonomy.js';
import { composeConversation, drawShape } from './transcript.js';

export type { DemoManifest } from './manifest.js';

export { LLM_JUDGMENTS_PER_SCENARIO } from './pairwise.js';

export const DEFAULT_SEED = 20241031;
export const SCORE_RATER = 'simulated-judge';

export interface DemoOptions {
  seed?: number;
  scale?: number;
}

/** Taxonomy prefixes whose sentences count as evidence for each dimension in the rationales. */
const EVIDENCE_PREFIX: Record<Dimension, string> = {
  encouraging_elaboration: 'Cognitive/EE/',
  validating_emotions: 'Affective/VE/',
  demonstrating_understanding: 'Cognitive/DU/',
  advice_giving: 'Misattuned/AG/',
  self_oriented: 'Misattuned/SO/',
  dismissing_emotions: 'Misattuned/DE/',
};

/** Each category's dimension index for the rationales' evidence counts (-1: none). */
export const EVIDENCE_DIMENSION = new Map(
  CATEGORIES.map((c) => [c.id, DIMENSIONS.findIndex((d) => c.id.startsWith(EVIDENCE_PREFIX[d]))] as const),
);

function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

export async function writeDemoStudy(dir: string, options: DemoOptions = {}): Promise<DemoManifest> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  mkdirSync(dir, { recursive: true });

  const participantCount = Math.max(4, Math.round(PARTICIPANTS_PER_SCALE * scale));
  const participants = generateParticipants(seed, participantCount);
  const conversationCount = participantCount * 3;
  const idWidth = Math.max(7, String(conversationCount).length);
  const conversationId = (i: number) => `C${String(i + 1).padStart(idWidth, '0')}`;
  const cal = calibration();

  const files: Record<string, FileStats> = {};
  const open = (name: string, header: string[]) => new CsvWriter(join(dir, name), header);
  const participantsCsv = open('participants.csv', ['participant_id', 'condition', 'age', 'sex', 'ethnicity', 'jordan_empathy', 'sites']);
  const conversationsCsv = open('conversations.csv', ['conversation_id', 'participant_id', 'round', 'scenario', 'scenario_type']);
  const messagesCsv = open('messages.csv', ['conversation_id', 'turn', 'role', 'text']);
  const labelsCsv = open('sentence_labels.csv', ['conversation_id', 'turn', 'sentence_index', 'category']);
  const scoresCsv = open('scores.csv', ['conversation_id', 'dimension', 'score', 'rater', 'rationale']);
  const selfCsv = open('self_reports.csv', ['conversation_id', 'item', 'value']);

  const overall = new Int8Array(conversationCount);
  const scenarioOf = new Uint8Array(conversationCount);
  let messages = 0;
  let supporterMessages = 0;
  let sentences = 0;
  let words = 0;

  for (const p of participants) {
    participantsCsv.row([p.id, p.condition, p.age, p.sex, p.ethnicity, p.jordanEmpathy.toFixed(2), p.sites]);
    const rng = new Random(seed, 'scores', p.index);
    const latent = drawParticipantLatent(rng, p.sex === 'female', p.age, new Random(seed, 'response', p.index));
    for (let r = 0; r < 3; r++) {
      const c = p.index * 3 + r;
      const cid = conversationId(c);
      const scenario = p.scenarios[r]!;
      const { scores } = drawConversationScores(rng, latent, p.condition, r > 0, scenario, cal);
      conversationsCsv.row([cid, p.id, r + 1, scenario, SCENARIO_TYPE[scenario]]);

      const textRng = new Random(seed, 'text', c);
      const turns = composeConversation(textRng, scenario, scores, drawShape(textRng, p.verbosity));
      const evidence = new Int32Array(DIMENSIONS.length);
      turns.forEach((turn, t) => {
        messagesCsv.row([cid, t, turn.role, turn.text]);
        if (!turn.labels) return;
        supporterMessages++;
        words += wordCount(turn.text);
        turn.labels.forEach((category, s) => {
          labelsCsv.row([cid, t, s, category]);
          const d = EVIDENCE_DIMENSION.get(category)!;
          if (d >= 0) evidence[d]!++;
        });
        sentences += turn.labels.length;
      });
      messages += turns.length;

      const noteRng = new Random(seed, 'notes', c);
      let total = 0;
      DIMENSIONS.forEach((d, i) => {
        const s = scores[i]!;
        total += i < 3 ? s : -s;
        scoresCsv.row([cid, d, s, SCORE_RATER, rationale(noteRng, d, s, evidence[i]!)]);
      });
      overall[c] = total;
      scenarioOf[c] = SCENARIOS.indexOf(scenario);
      drawSelfReports(noteRng, p.selfRating).forEach((v, i) => selfCsv.row([cid, SELF_REPORT_ITEMS_GENERATED[i], v]));
    }
  }
  for (const [name, w] of [
    ['participants.csv', participantsCsv],
    ['conversations.csv', conversationsCsv],
    ['messages.csv', messagesCsv],
    ['sentence_labels.csv', labelsCsv],
    ['scores.csv', scoresCsv],
    ['self_reports.csv', selfCsv],
  ] as const) files[name] = w.close();

  // Experiment 2.
  const pairwiseCsv = open('pairwise.csv', ['judge_id', 'judge_kind', 'trial', 'conversation_a', 'conversation_b', 'choice']);
  const emit = (row: PairwiseRow) => pairwiseCsv.row([row.judgeId, row.judgeKind, row.trial, conversationId(row.a), conversationId(row.b), row.choice]);
  const experiment2 = simulateExperiment2(seed, scale, overall, scenarioOf, emit);
  files['pairwise.csv'] = pairwiseCsv.close();

  const taxonomyCsv = open('taxonomy.csv', ['category', 'level1', 'level2', 'level3', 'label', 'scenario_type', 'level2_label', 'driver_dimension']);
  for (const c of CATEGORIES) taxonomyCsv.row([c.id, c.level1, c.level2, c.level3, c.label, c.scenarioType, c.level2Label, c.driver ?? '']);
  files['taxonomy.csv'] = taxonomyCsv.close();

  const counts: DemoCounts = {
    participants: participantCount,
    conversations: conversationCount,
    messages,
    supporter_messages: supporterMessages,
    supporter_sentences: sentences,
    supporter_words: words,
    scores: conversationCount * DIMENSIONS.length,
    self_reports: conversationCount * SELF_REPORT_ITEMS_GENERATED.length,
    pairwise_llm: experiment2.llmRows,
    pairwise_human: experiment2.humanRows,
    human_raters: experiment2.raters,
    human_pool_conversations: experiment2.pools.reduce((n, p) => n + p.length, 0),
    taxonomy_categories: CATEGORIES.length,
  };
  const manifest: DemoManifest = {
    name: STUDY_NAME,
    simulated: true,
    seed,
    scale,
    generator: GENERATOR_VERSION,
    generating_effects: PAPER_EFFECTS,
    effects_model: EFFECTS_MODEL,
    counts,
    model: {
      score_rater: SCORE_RATER,
      latent_sd: LATENT_SD,
      response_sd: RESPONSE_SD,
      response_shape: RESPONSE_SHAPE,
      participant_share: PARTICIPANT_SHARE,
      common_participant_share: COMMON_PARTICIPANT_SHARE,
      common_conversation_share: COMMON_CONVERSATION_SHARE,
      scenario_shift: SCENARIO_SHIFT,
      demographic_effects: DEMOGRAPHIC_EFFECTS,
      calibrated_cells: Object.fromEntries(
        DIMENSIONS.map((d) => [
          d,
          {
            cells: ['control', 'video', 'coach', 'combined'].flatMap((cond) => [`${cond}:pre`, `${cond}:post`]),
            latent_means: cal[d].latentMeans.map((x) => Number(x.toFixed(6))),
            expected_scores: cal[d].expectedScores.map((x) => Number(x.toFixed(6))),
            expected_sd: Number(cal[d].expectedSd.toFixed(6)),
          },
        ]),
      ),
      sentence_category_multiplier_by_score: SCORE_MULTIPLIER,
      sentence_group_strength: GROUP_STRENGTH,
      sentence_level1_scale: LEVEL1_SCALE,
      age_latent: AGE_LATENT,
      pairwise: {
        llm_judge_id: 'simulated-llm-pairwise',
        llm_judgments_per_scenario: experiment2.judgmentsPerScenario,
        llm_slope_per_point: LLM_SLOPE,
        elo_start: ELO_START,
        elo_k: ELO_K,
        human_slope_per_point: HUMAN_SLOPE,
        perceived_quality_sd: PERCEIVED_SD,
      },
    },
    files,
  };
  writeFileSync(join(dir, 'study.json'), manifestJson(manifest));
  return manifest;
}

function parseArgs(argv: string[]): { out: string; seed?: number; scale?: number } {
  let out: string | undefined;
  let seed: number | undefined;
  let scale: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') out = value();
    else if (arg === '--seed') seed = Number(value());
    else if (arg === '--scale') scale = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npx tsx data/generate-demo-study.ts --out DIR [--seed S] [--scale N]');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!out) throw new Error('--out DIR is required');
  return { out, seed, scale };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const manifest = await writeDemoStudy(resolve(args.out), { seed: args.seed, scale: args.scale });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const mb = (Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(1);
  console.log(
    `${STUDY_NAME}: seed ${manifest.seed}, scale ${manifest.scale}: ${manifest.counts.participants} participants, ` +
      `${manifest.counts.conversations} conversations, ${manifest.counts.messages} messages, ${mb} MB in ${seconds} s -> ${resolve(args.out)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
