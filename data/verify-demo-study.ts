// Reads a generated study folder back and checks it against its own generating values: design counts,
// transcript lengths, and the condition effects recovered by the paper's model (for a saturated
// design the OLS coefficients are exactly these cell-mean contrasts).
//   npx tsx data/verify-demo-study.ts DIR

import { createReadStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONDITIONS, DIMENSIONS, type Condition, type Dimension } from '../main/domain/study.js';
import type { DemoManifest } from './manifest.js';
import { TERMS, type Term } from './scores-model.js';

/** Streaming RFC 4180 parser: yields each record (header included) as an array of fields. */
export async function* readCsv(path: string): AsyncGenerator<string[]> {
  // 0: outside quotes, 1: inside quotes, 2: a quote seen inside quotes (closing, or the first of "").
  let state = 0;
  let field = '';
  let record: string[] = [];
  let pending = false;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = chunk as string;
    const out: string[][] = [];
    let i = 0;
    while (i < text.length) {
      pending = true;
      if (state === 1) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          i = text.length;
        } else {
          field += text.slice(i, q);
          state = 2;
          i = q + 1;
        }
        continue;
      }
      if (state === 2) {
        state = 0;
        if (text.charCodeAt(i) === 34) {
          field += '"';
          state = 1;
          i++;
          continue;
        }
      }
      let j = i;
      let c = 0;
      while (j < text.length && (c = text.charCodeAt(j)) !== 44 && c !== 10 && c !== 13 && c !== 34) j++;
      field += text.slice(i, j);
      if (j === text.length) break;
      i = j + 1;
      if (c === 34) state = 1;
      else if (c === 44) {
        record.push(field);
        field = '';
      } else if (c === 10) {
        record.push(field);
        out.push(record);
        record = [];
        field = '';
        pending = false;
      }
    }
    yield* out;
  }
  if (pending) {
    record.push(field);
    yield record;
  }
}

/** Reads a whole CSV into objects keyed by header (for the smaller tables). */
export async function readTable(path: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  let header: string[] | null = null;
  for await (const rec of readCsv(path)) {
    if (!header) header = rec;
    else rows.push(Object.fromEntries(header.map((h, i) => [h, rec[i] ?? ''])));
  }
  return rows;
}

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
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
