import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITIONS, DIMENSIONS, SCENARIO_TYPE, SCENARIOS, overallScore, type Dimension, type Scenario } from '../main/domain/study.js';
import { mean, pearson as correlation, sd } from '../main/analysis/index.js';
import { splitSentences } from '../main/text/sentences.js';
import { writeDemoStudy, type DemoManifest } from './generate-demo-study.js';
import { eloExpected } from './pairwise.js';
import { CONVERSATION_STARTERS } from './seeker-stories.js';
import { PAPER_EFFECTS } from './scores-model.js';
import { readCsv, readDesign, readScores, readTable, recoverEffects, type ConversationInfo } from './verify-demo-study.js';

const FILES = ['participants.csv', 'conversations.csv', 'messages.csv', 'sentence_labels.csv', 'taxonomy.csv', 'scores.csv', 'self_reports.csv', 'pairwise.csv', 'study.json'];

let root: string;
let dir: string;
let manifest: DemoManifest;
let design: Map<string, ConversationInfo>;
let scores: Map<string, Int8Array>;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Collects failed checks so that loops over 100k rows make one assertion, not 100k. */
class Problems {
  readonly list: string[] = [];
  check(ok: boolean, what: () => string): void {
    if (!ok && this.list.length < 20) this.list.push(what());
  }
}

const overallCache = new Map<string, number>();
function overallOf(cid: string): number {
  let v = overallCache.get(cid);
  if (v === undefined) {
    const s = scores.get(cid)!;
    v = overallScore(Object.fromEntries(DIMENSIONS.map((d, i) => [d, s[i]!])) as Record<Dimension, number>)!;
    overallCache.set(cid, v);
  }
  return v;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'empathy-demo-study-'));
  dir = join(root, 'a');
  manifest = await writeDemoStudy(dir);
  design = await readDesign(dir);
  scores = await readScores(dir);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('demo study: files', () => {
  it('writes the study folder tables and a manifest marking it simulated', () => {
    expect(readdirSync(dir).sort()).toEqual([...FILES].sort());
    const json = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as DemoManifest;
    expect(json).toEqual(manifest);
    expect(json.name).toBe('Lend an Ear (simulated)');
    expect(json.simulated).toBe(true);
    expect(json.seed).toBe(20241031);
    expect(json.scale).toBe(1);
    expect(json.generator).toMatch(/^empathy-workbench demo generator v\d+$/);
    expect(json.generating_effects).toEqual(PAPER_EFFECTS);
  });

  it('records each file with its row count, size and sha256', () => {
    for (const name of FILES.filter((f) => f.endsWith('.csv'))) {
      const f = manifest.files[name]!;
      const bytes = readFileSync(join(dir, name));
      expect(f.bytes, name).toBe(bytes.length);
      expect(f.sha256, name).toBe(sha256(join(dir, name)));
      expect(bytes.toString('utf8').split('\n').length - 2, name).toBe(f.rows);
    }
  });

  it('writes well-formed RFC 4180 CSV: LF line ends, one field count per file, quoting only where needed', async () => {
    for (const name of FILES.filter((f) => f.endsWith('.csv'))) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text.includes('\r'), name).toBe(false);
      expect(text.endsWith('\n'), name).toBe(true);
      let width = -1;
      const problems = new Problems();
      for await (const rec of readCsv(join(dir, name))) {
        if (width < 0) width = rec.length;
        problems.check(rec.length === width, () => `${name}: ${rec.join(',')}`);
      }
      expect(problems.list).toEqual([]);
    }
    // A text with a comma is quoted; one without is not.
    const lines = readFileSync(join(dir, 'messages.csv'), 'utf8').split('\n');
    expect(lines[0]).toBe('conversation_id,turn,role,text');
    for (const line of lines.slice(1, 200)) {
      const text = line.split(',').slice(3).join(',');
      if (text.startsWith('"')) expect(text.slice(1, -1)).toMatch(/[",]/);
      else expect(text).not.toMatch(/[",]/);
    }
  });
});

describe('demo study: design', () => {
  it('has 968 participants, balanced conditions and the paper demographics', async () => {
    const participants = await readTable(join(dir, 'participants.csv'));
    expect(participants.length).toBe(968);
    expect(new Set(participants.map((p) => p.participant_id)).size).toBe(968);
    for (const c of CONDITIONS) expect(participants.filter((p) => p.condition === c).length).toBe(242);
    expect(participants.filter((p) => p.sex === 'female').length).toBe(501);
    const eth = (e: string) => participants.filter((p) => p.ethnicity === e).length;
    expect([eth('White'), eth('Black'), eth('Mixed'), eth('Other'), eth('Asian')]).toEqual([632, 110, 100, 66, 60]);
    const ages = participants.map((p) => Number(p.age));
    expect(ages.every((a) => Number.isInteger(a) && a >= 18 && a <= 86)).toBe(true);
    expect(Math.abs(mean(ages) - 45.62)).toBeLessThan(1.5);
    expect(Math.abs(sd(ages) - 15.67)).toBeLessThan(1.5);
    for (const p of participants) {
      expect(Number(p.sites)).toBeGreaterThanOrEqual(1);
      expect(Number(p.sites)).toBeLessThanOrEqual(5);
      expect(Number(p.jordan_empathy)).toBeGreaterThanOrEqual(1);
      expect(Number(p.jordan_empathy)).toBeLessThanOrEqual(5);
    }
  });

  it('gives each participant three conversations, rounds 1-3, three distinct scenarios', async () => {
    const conversations = await readTable(join(dir, 'conversations.csv'));
    expect(conversations.length).toBe(2904);
    const byPerson = new Map<string, Record<string, string>[]>();
    for (const c of conversations) {
      expect(SCENARIO_TYPE[c.scenario as Scenario]).toBe(c.scenario_type);
      byPerson.set(c.participant_id!, [...(byPerson.get(c.participant_id!) ?? []), c]);
    }
    expect(byPerson.size).toBe(968);
    for (const convs of byPerson.values()) {
      expect(convs.map((c) => c.round).sort()).toEqual(['1', '2', '3']);
      expect(new Set(convs.map((c) => c.scenario)).size).toBe(3);
    }
    // Scenario order is random: every scenario shows up in every round.
    for (const r of ['1', '2', '3']) for (const s of SCENARIOS) expect(conversations.filter((c) => c.round === r && c.scenario === s).length).toBeGreaterThan(120);
  });
});

describe('demo study: transcripts', () => {
  let messages: { cid: string; turn: number; role: string; text: string }[];
  let labels: Map<string, string[]>;

  beforeAll(async () => {
    messages = [];
    let header = true;
    for await (const [cid, turn, role, text] of readCsv(join(dir, 'messages.csv'))) {
      if (header) header = false;
      else messages.push({ cid: cid!, turn: Number(turn), role: role!, text: text! });
    }
    labels = new Map();
    header = true;
    for await (const [cid, turn, index, category] of readCsv(join(dir, 'sentence_labels.csv'))) {
      if (header) {
        header = false;
        continue;
      }
      const key = `${cid}#${turn}`;
      const list = labels.get(key) ?? [];
      expect(Number(index)).toBe(list.length);
      list.push(category!);
      labels.set(key, list);
    }
  });

  it('opens every conversation with the seeker and the scenario starter, then alternates', () => {
    const byConv = new Map<string, typeof messages>();
    for (const m of messages) byConv.set(m.cid, [...(byConv.get(m.cid) ?? []), m]);
    expect(byConv.size).toBe(2904);
    const problems = new Problems();
    for (const [cid, turns] of byConv) {
      problems.check(turns[0]!.text === CONVERSATION_STARTERS[design.get(cid)!.scenario as Scenario], () => `${cid} starts "${turns[0]!.text}"`);
      turns.forEach((m, i) => {
        problems.check(m.turn === i && m.role === (i % 2 === 0 ? 'seeker' : 'supporter') && m.text.length > 1, () => `${cid} turn ${m.turn} ${m.role}`);
      });
    }
    expect(problems.list).toEqual([]);
  });

  it('averages 11-12.5 messages and 85-140 supporter words per conversation (the pilot: 112), with variation', () => {
    const perConv = new Map<string, { n: number; words: number }>();
    for (const m of messages) {
      const e = perConv.get(m.cid) ?? { n: 0, words: 0 };
      e.n++;
      if (m.role === 'supporter') e.words += m.text.split(/\s+/).filter(Boolean).length;
      perConv.set(m.cid, e);
    }
    const counts = [...perConv.values()].map((e) => e.n);
    const words = [...perConv.values()].map((e) => e.words);
    expect(mean(counts)).toBeGreaterThanOrEqual(11);
    expect(mean(counts)).toBeLessThanOrEqual(12.5);
    expect(sd(counts)).toBeGreaterThan(1);
    expect(mean(words)).toBeGreaterThanOrEqual(85);
    expect(mean(words)).toBeLessThanOrEqual(140);
    expect(sd(words)).toBeGreaterThan(20);
    expect(messages.length).toBe(manifest.counts.messages);
  });

  it('labels every supporter sentence: splitSentences count equals the label count', async () => {
    const taxonomy = await readTable(join(dir, 'taxonomy.csv'));
    const scope = new Map(taxonomy.map((t) => [t.category!, t.scenario_type!]));
    let sentences = 0;
    const problems = new Problems();
    for (const m of messages) {
      const list = labels.get(`${m.cid}#${m.turn}`);
      if (m.role === 'seeker') {
        problems.check(list === undefined, () => `${m.cid} seeker turn ${m.turn} has labels`);
        continue;
      }
      if (!list) {
        problems.check(false, () => `${m.cid} turn ${m.turn} has no labels`);
        continue;
      }
      const units = splitSentences(m.text);
      problems.check(units.length === list.length, () => `${m.cid} turn ${m.turn}: ${units.length} sentences, ${list.length} labels: ${m.text}`);
      const type = SCENARIO_TYPE[design.get(m.cid)!.scenario as Scenario];
      for (const category of list) {
        const t = scope.get(category);
        problems.check(t === 'both' || t === type, () => `${m.cid}: ${category} in a ${type} scenario`);
      }
      sentences += list.length;
    }
    expect(problems.list).toEqual([]);
    expect(sentences).toBe(manifest.counts.supporter_sentences);
    expect(labels.size).toBe(manifest.counts.supporter_messages);
  });

  it('shifts theme incidence after training: more elaboration and validation, less advice (coach/combined)', () => {
    const share = (post: boolean, prefix: string) => {
      let hit = 0;
      let all = 0;
      for (const [key, list] of labels) {
        const info = design.get(key.split('#')[0]!)!;
        const inGroup = post ? info.round >= 2 && (info.condition === 'coach' || info.condition === 'combined') : info.round === 1;
        if (!inGroup) continue;
        all += list.length;
        hit += list.filter((c) => c.startsWith(prefix)).length;
      }
      return hit / all;
    };
    // Fig. 2B: +1.8/+3.1 pp elaboration, +3.9/+2.9 validation, -3.8/-5.1 advice, -1.6/-0.9 dismissal (personal/workplace).
    expect(share(true, 'Cognitive/EE/') - share(false, 'Cognitive/EE/')).toBeGreaterThan(0.01);
    expect(share(true, 'Affective/VE/') - share(false, 'Affective/VE/')).toBeGreaterThan(0.01);
    expect(share(true, 'Misattuned/AG/') - share(false, 'Misattuned/AG/')).toBeLessThan(-0.02);
    expect(share(true, 'Misattuned/DE/') - share(false, 'Misattuned/DE/')).toBeLessThan(-0.005);
  });
});

describe('demo study: scores', () => {
  it('scores six dimensions per conversation, 1-5, by the simulated judge, with rationales', async () => {
    const rows = await readTable(join(dir, 'scores.csv'));
    expect(rows.length).toBe(2904 * 6);
    const problems = new Problems();
    for (const r of rows)
      problems.check(
        (DIMENSIONS as readonly string[]).includes(r.dimension!) && /^[1-5]$/.test(r.score!) && r.rater === 'simulated-judge' && r.rationale!.length > 10,
        () => JSON.stringify(r),
      );
    expect(problems.list).toEqual([]);
    expect(scores.size).toBe(2904);
  });

  it('has a baseline overall-score SD of about 4', () => {
    const baseline = [...design].filter(([, c]) => c.round === 1).map(([cid]) => overallOf(cid));
    expect(baseline.length).toBe(968);
    expect(sd(baseline)).toBeGreaterThanOrEqual(3.5);
    expect(sd(baseline)).toBeLessThanOrEqual(4.5);
  });

  it('recovers the Extended Data Table 1 effects (SD units) it was calibrated to', () => {
    const effects = recoverEffects(design, scores, manifest.generating_effects);
    expect(effects.length).toBe(6 * 8);
    for (const e of effects) {
      const diff = Math.abs(e.estimate - e.target);
      const label = `${e.dimension} ${e.term}: estimate ${e.estimate.toFixed(3)}, target ${e.target}, SE ${e.se.toFixed(3)}`;
      // Post and condition:post are within-person contrasts: tight. Between-person terms get a wider band.
      if (e.term === 'post' || e.term.endsWith(':post')) expect(diff <= Math.max(2.5 * e.se, 0.15), label).toBe(true);
      else expect(diff <= 3.5 * e.se, label).toBe(true);
    }
  });

  it('writes generous self-reports unrelated to the judged scores, and trait scales unrelated too', async () => {
    const rows = await readTable(join(dir, 'self_reports.csv'));
    expect(rows.length).toBe(2904 * 4);
    expect(new Set(rows.map((r) => r.item))).toEqual(new Set(['empathized', 'showed_understanding', 'encouraged_elaboration', 'validated_feelings']));
    const values = rows.map((r) => Number(r.value));
    expect(values.every((v) => Number.isInteger(v) && v >= 1 && v <= 5)).toBe(true);
    expect(values.filter((v) => v >= 4).length / values.length).toBeGreaterThan(0.7);
    const empathized = rows.filter((r) => r.item === 'empathized');
    expect(Math.abs(correlation(empathized.map((r) => Number(r.value)), empathized.map((r) => overallOf(r.conversation_id!))))).toBeLessThan(0.1);

    const participants = await readTable(join(dir, 'participants.csv'));
    const personMean = new Map<string, number[]>();
    for (const [cid, c] of design) personMean.set(c.participant, [...(personMean.get(c.participant) ?? []), overallOf(cid)]);
    const jordan = participants.map((p) => Number(p.jordan_empathy));
    const perf = participants.map((p) => mean(personMean.get(p.participant_id!)!));
    expect(Math.abs(correlation(jordan, perf))).toBeLessThan(0.1);
    expect(Math.abs(correlation(participants.map((p) => Number(p.sites)), perf))).toBeLessThan(0.1);
  });
});

describe('demo study: experiment 2 (pairwise)', () => {
  let rows: Record<string, string>[];
  beforeAll(async () => {
    rows = await readTable(join(dir, 'pairwise.csv'));
  });

  it('has adaptive LLM judgments in trial order, every pair within one scenario', () => {
    const llm = rows.filter((r) => r.judge_kind === 'llm');
    expect(llm.length).toBe(manifest.counts.pairwise_llm);
    expect(llm.length).toBe(5 * 10_000);
    const problems = new Problems();
    llm.forEach((r, i) =>
      problems.check(
        r.judge_id === 'simulated-llm-pairwise' &&
          Number(r.trial) === i + 1 &&
          r.conversation_a !== r.conversation_b &&
          design.get(r.conversation_a!)!.scenario === design.get(r.conversation_b!)!.scenario &&
          (r.choice === 'a' || r.choice === 'b'),
        () => JSON.stringify(r),
      ),
    );
    expect(problems.list).toEqual([]);
    // The judge mostly prefers the higher-scored conversation.
    const decided = llm.filter((r) => overallOf(r.conversation_a!) !== overallOf(r.conversation_b!));
    const agree = decided.filter((r) => (overallOf(r.conversation_a!) > overallOf(r.conversation_b!)) === (r.choice === 'a'));
    expect(agree.length / decided.length).toBeGreaterThan(0.6);
  });

  it('has 150 human raters x 10 trials over 150 conversations: 30 a scenario, 3 per Elo decile', () => {
    const human = rows.filter((r) => r.judge_kind === 'human');
    expect(human.length).toBe(1500);
    const raters = new Map<string, Record<string, string>[]>();
    for (const r of human) raters.set(r.judge_id!, [...(raters.get(r.judge_id!) ?? []), r]);
    expect(raters.size).toBe(150);
    expect([...raters.keys()].sort()[0]).toBe('rater-001');
    expect([...raters.keys()].sort()[149]).toBe('rater-150');
    for (const trials of raters.values()) {
      expect(trials.map((t) => Number(t.trial))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (const t of trials) {
        expect(t.conversation_a).not.toBe(t.conversation_b);
        expect(design.get(t.conversation_a!)!.scenario).toBe(design.get(t.conversation_b!)!.scenario);
      }
    }
    const pool = new Set(human.flatMap((r) => [r.conversation_a!, r.conversation_b!]));
    expect(pool.size).toBe(150);
    for (const s of SCENARIOS) expect([...pool].filter((c) => design.get(c)!.scenario === s).length).toBe(30);

    // Replay Elo from the LLM judgments (methods.md section 7) and check the deciles of the pool.
    const elo = new Map<string, number>();
    for (const r of rows) {
      if (r.judge_kind !== 'llm') continue;
      const a = elo.get(r.conversation_a!) ?? 1000;
      const b = elo.get(r.conversation_b!) ?? 1000;
      const delta = 32 * ((r.choice === 'a' ? 1 : 0) - eloExpected(a, b));
      elo.set(r.conversation_a!, a + delta);
      elo.set(r.conversation_b!, b - delta);
    }
    for (const s of SCENARIOS) {
      const ranked = [...design.keys()].filter((c) => design.get(c)!.scenario === s).sort((x, y) => (elo.get(x) ?? 1000) - (elo.get(y) ?? 1000) || (x < y ? -1 : 1));
      const perDecile = new Array(10).fill(0);
      ranked.forEach((c, i) => {
        if (pool.has(c)) perDecile[Math.floor((i * 10) / ranked.length)]++;
      });
      expect(perDecile, s).toEqual(new Array(10).fill(3));
    }
  });
});

describe('demo study: determinism', () => {
  it('gives byte-identical files for the same seed and different files for another seed', async () => {
    const again = join(root, 'b');
    const other = join(root, 'c');
    await writeDemoStudy(again, { seed: 20241031, scale: 1 });
    await writeDemoStudy(other, { seed: 7, scale: 1 });
    for (const name of FILES) expect(sha256(join(again, name)), name).toBe(sha256(join(dir, name)));
    for (const name of FILES.filter((f) => f !== 'taxonomy.csv')) expect(sha256(join(other, name)), name).not.toBe(sha256(join(dir, name)));
  });
});
