// Reads a generated study folder back and checks it against its own generating values: design counts,
// transcript lengths, and the condition effects recovered by the paper's model (for a saturated
// design the OLS coefficients are exactly these cell-mean contrasts).
//   npx tsx data/verify-demo-study.ts DIR

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONDITIONS, DIMENSIONS, type Condition, type Dimension } from '../main/domain/study.js';
import type { DemoManifest } from './manifest.js';
import { TERMS, type Term } from './scores-model.js';
import { calibrationChecks, formatCalibration } from './verify-calibration.js';
import { readCsv, readTable } from './verify-csv.js';
import { textChecks, textStats } from './verify-text.js';

export { readCsv, readTable };

export interface EffectEstimate {
  dimension: Dimension;
  term: Term;
  target: number;
  estimate: number;
  /** Homoskedastic, cluster-free OLS standard error. */
  se: number;
}

export interface ConversationInfo {
  participant: string;
  condition: Condition;
  round: number;
  scenario: string;
}

export async function readDesign(dir: string): Promise<Map<string, ConversationInfo>> {
  const condition = new Map<string, Condition>();
  for (const p of await readTable(join(dir, 'participants.csv'))) condition.set(p.participant_id!, p.condition as Condition);
  const conversations = new Map<string, ConversationInfo>();
  for (const c of await readTable(join(dir, 'conversations.csv')))
    conversations.set(c.conversation_id!, {
      participant: c.participant_id!,
      condition: condition.get(c.participant_id!)!,
      round: Number(c.round),
      scenario: c.scenario!,
    });
  return conversations;
}

/** Per conversation, the six scores in DIMENSIONS order. */
export async function readScores(dir: string): Promise<Map<string, Int8Array>> {
  const scores = new Map<string, Int8Array>();
  let header = true;
  for await (const [cid, dim, score] of readCsv(join(dir, 'scores.csv'))) {
    if (header) {
      header = false;
      continue;
    }
    let s = scores.get(cid!);
    if (!s) scores.set(cid!, (s = new Int8Array(DIMENSIONS.length)));
    s[DIMENSIONS.indexOf(dim as Dimension)] = Number(score);
  }
  return scores;
}

/**
 * The paper's model y = score / sd(score) ~ condition * post, per dimension, from cell means (equal
 * to OLS in this saturated design), with homoskedastic SEs from the pooled within-cell variance.
 */
export function recoverEffects(
  design: Map<string, ConversationInfo>,
  scores: Map<string, Int8Array>,
  targets: Record<Dimension, Record<Term, number>>,
): EffectEstimate[] {
  const out: EffectEstimate[] = [];
  DIMENSIONS.forEach((dim, di) => {
    const ys: number[] = [];
    const cells: number[] = [];
    for (const [cid, info] of design) {
      const s = scores.get(cid);
      if (!s) continue;
      ys.push(s[di]!);
      cells.push(CONDITIONS.indexOf(info.condition) * 2 + (info.round >= 2 ? 1 : 0));
    }
    const n = ys.length;
    const mean = ys.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(ys.reduce((a, y) => a + (y - mean) ** 2, 0) / (n - 1));
    const sum = new Float64Array(8);
    const cnt = new Float64Array(8);
    ys.forEach((y, i) => {
      sum[cells[i]!]! += y / sd;
      cnt[cells[i]!]!++;
    });
    const m = Array.from(sum, (s, k) => s / cnt[k]!);
    let rss = 0;
    ys.forEach((y, i) => (rss += (y / sd - m[cells[i]!]!) ** 2));
    const sigma2 = rss / (n - 8);
    const cell = (c: Condition, post: boolean) => CONDITIONS.indexOf(c) * 2 + (post ? 1 : 0);
    const inv = (...ks: number[]) => Math.sqrt(sigma2 * ks.reduce((a, k) => a + 1 / cnt[k]!, 0));
    const c0 = cell('control', false);
    const c1 = cell('control', true);
    const est: Partial<Record<Term, [number, number]>> = {
      intercept: [m[c0]!, inv(c0)],
      post: [m[c1]! - m[c0]!, inv(c0, c1)],
    };
    for (const c of ['video', 'coach', 'combined'] as const) {
      const p0 = cell(c, false);
      const p1 = cell(c, true);
      est[c] = [m[p0]! - m[c0]!, inv(p0, c0)];
      est[`${c}:post`] = [m[p1]! - m[p0]! - (m[c1]! - m[c0]!), inv(p0, p1, c0, c1)];
    }
    for (const term of TERMS) out.push({ dimension: dim, term, target: targets[dim][term], estimate: est[term]![0], se: est[term]![1] });
  });
  return out;
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? '.');
  const manifest = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as DemoManifest;
  const design = await readDesign(dir);
  const scores = await readScores(dir);
  console.log(`${manifest.name} (seed ${manifest.seed}, scale ${manifest.scale}): ${design.size} conversations`);
  console.log(JSON.stringify(manifest.counts));
  const c = manifest.counts;
  console.log(`messages/conversation ${(c.messages / c.conversations).toFixed(2)}, supporter words/conversation ${(c.supporter_words / c.conversations).toFixed(1)}`);
  const effects = recoverEffects(design, scores, manifest.generating_effects);
  console.log('dimension                    term            target  estimate   diff     SE   diff/SE');
  for (const e of effects)
    console.log(
      `${e.dimension.padEnd(28)} ${e.term.padEnd(14)} ${e.target.toFixed(3).padStart(7)} ${e.estimate.toFixed(3).padStart(9)} ${(e.estimate - e.target).toFixed(3).padStart(7)} ${e.se.toFixed(3).padStart(6)} ${((e.estimate - e.target) / e.se).toFixed(2).padStart(8)}`,
    );
  const inside = effects.filter((e) => Math.abs(e.estimate - e.target) <= 1.959964 * e.se).length;
  console.log(`${inside} of ${effects.length} generating values inside the 95% CIs (nonrobust SEs)`);
  console.log('\ntext');
  for (const t of textChecks(await textStats(dir)))
    console.log(`  ${t.name.padEnd(52)} ${t.value.padStart(14)}  target ${t.target}  ${t.target === 'report' ? '' : t.ok ? 'ok' : 'MISSED'}`);
  console.log(`\ncalibration (scale ${manifest.scale}; the issue asks for these at scale 10)`);
  for (const line of formatCalibration(await calibrationChecks(dir))) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
