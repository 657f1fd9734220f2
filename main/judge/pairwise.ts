// Pairwise mode (Supplementary G; methods §7): forced choice between two conversations of one scenario, pairs
// sampled adaptively, Elo from 1000 with K = 32 applied in the order answers arrive (that order is the trial
// number stored in `pairwise`). Optionally every pair is asked a second time with A and B swapped.

import type { Db } from '../db/workspace.js';
import type { JudgeElo, JudgeEloRow } from '../api/contract/index.js';
import type { WorkItem } from './engine.js';
import type { ParsedAnswer } from './parse.js';
import { buildRequest, roughTokens, templateVars, type RequestShape, type TokenCounter } from './requests.js';
import { cacheLookup } from './sources.js';
import { eloUpdate } from '../analysis/elo.js';
import { mulberry32 } from '../analysis/random.js';
import type { AnswerOp, RunWriter } from './writer.js';

export const ELO_START = 1000;
export const ELO_K = 32;

/** One Elo step (the analysis engine's update, methods §7). */
export const eloStep = (ra: number, rb: number, sa: number, k = ELO_K): [number, number] => eloUpdate(ra, rb, sa, k);

export interface Trial { a: string; b: string; choice: 'a' | 'b' }

/** Ratings after applying trials in the given order (already sorted by trial number). */
export function eloRatings(trials: Trial[], start = ELO_START, k = ELO_K): Map<string, { rating: number; comparisons: number; wins: number }> {
  const m = new Map<string, { rating: number; comparisons: number; wins: number }>();
  const get = (id: string) => m.get(id) ?? m.set(id, { rating: start, comparisons: 0, wins: 0 }).get(id)!;
  for (const t of trials) {
    const A = get(t.a);
    const B = get(t.b);
    [A.rating, B.rating] = eloStep(A.rating, B.rating, t.choice === 'a' ? 1 : 0, k);
    A.comparisons++;
    B.comparisons++;
    (t.choice === 'a' ? A : B).wins++;
  }
  return m;
}

export { mulberry32 };

/** Distinct pairs per scenario: the given number, or comparisonsPerConversation × n / 2. */
export function pairTargets(groups: Record<string, string[]>, perScenario?: number, perConversation = 10): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [s, ids] of Object.entries(groups)) {
    out[s] = ids.length < 2 ? 0 : perScenario ?? Math.ceil((perConversation * ids.length) / 2);
  }
  return out;
}

interface PlannedItem { itemId: number; a: string; b: string; scenario: string; pairNo: number; swapped: boolean }

/**
 * Adaptive pair choice within one scenario: one of the conversations planned least often (random among ties),
 * against the conversation with the closest current rating that it has not yet been paired with (ties: fewer
 * comparisons, then random). When it has met everyone, the closest rating regardless.
 */
export function choosePair(
  ids: string[], rating: (id: string) => number, planned: (id: string) => number, met: (a: string, b: string) => boolean, rng: () => number,
): [string, string] {
  let least = Infinity;
  let firsts: string[] = [];
  for (const id of ids) {
    const n = planned(id);
    if (n < least) { least = n; firsts = [id]; } else if (n === least) firsts.push(id);
  }
  const first = firsts[Math.floor(rng() * firsts.length)];
  const pick = (allowMet: boolean): string | null => {
    let best: string[] = [];
    let key: [number, number] = [Infinity, Infinity];
    for (const id of ids) {
      if (id === first || (!allowMet && met(first, id))) continue;
      const k: [number, number] = [Math.abs(rating(id) - rating(first)), planned(id)];
      if (k[0] < key[0] || (k[0] === key[0] && k[1] < key[1])) { key = k; best = [id]; } else if (k[0] === key[0] && k[1] === key[1]) best.push(id);
    }
    return best.length ? best[Math.floor(rng() * best.length)] : null;
  };
  const second = pick(false) ?? pick(true)!;
  return rng() < 0.5 ? [first, second] : [second, first];
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

export class PairwiseSource {
  private readonly queue: PlannedItem[] = [];
  private readonly byItem = new Map<number, PlannedItem>();
  private readonly ratings = new Map<string, number>();
  private readonly plannedGames = new Map<string, number>();
  private readonly met = new Set<string>();
  private readonly plannedPairs = new Map<string, number>();
  private nextItemId = 1;
  private nextPairNo = 1;
  private trial = 0;
  private rng: () => number;
  cacheHits = 0;

  private constructor(
    private readonly db: Db,
    private readonly runId: string,
    private readonly shape: RequestShape,
    private readonly writer: RunWriter,
    private readonly groups: Record<string, string[]>,
    private readonly targets: Record<string, number>,
    private readonly swap: boolean,
    seed: number,
    private readonly text: Map<string, string>,
    private readonly counter: TokenCounter | null,
    private readonly hooks: { onCached(): void; onWriteError(e: Error): void },
  ) {
    this.rng = mulberry32(seed);
  }

  /** Rebuilds the sampler from what the workspace holds: planned items, answered trials, standing failures. */
  static async load(
    db: Db, runId: string, shape: RequestShape, writer: RunWriter,
    o: { groups: Record<string, string[]>; targets: Record<string, number>; swap: boolean; seed: number },
    text: Map<string, string>, counter: TokenCounter | null, hooks: { onCached(): void; onWriteError(e: Error): void },
  ): Promise<PairwiseSource> {
    // Conversations with no text cannot be compared.
    const groups = Object.fromEntries(Object.entries(o.groups).map(([s, ids]) => [s, ids.filter((id) => text.has(id))]));
    const items = await db.all<{ item_id: number; a: string; b: string; scenario: string; pair_no: number; swapped: boolean; answered: boolean; failed: boolean }>(`
      SELECT i.item_id, i.conversation_id AS a, i.conversation_b AS b, i.scenario, i.pair_no, i.swapped,
        EXISTS (SELECT 1 FROM judge_answers x WHERE x.run_id = i.run_id AND x.item_id = i.item_id) AS answered,
        EXISTS (SELECT 1 FROM judge_failures f WHERE f.run_id = i.run_id AND f.item_id = i.item_id AND f.cleared_at IS NULL) AS failed
      FROM judge_items i WHERE i.run_id = ? ORDER BY i.item_id`, [runId]);
    const trials = await db.all<Trial>(`SELECT conversation_a AS a, conversation_b AS b, choice FROM pairwise WHERE judge_id = ? AND judge_kind = 'llm' ORDER BY trial`, [runId]);
    const planned = items.length;
    const src = new PairwiseSource(db, runId, shape, writer, groups, o.targets, o.swap, (o.seed * 7919 + planned) | 0, text, counter, hooks);
    for (const [id, r] of eloRatings(trials)) src.ratings.set(id, r.rating);
    src.trial = trials.length;
    const countedPairs = new Set<number>();
    for (const it of items) {
      const p: PlannedItem = { itemId: it.item_id, a: it.a, b: it.b, scenario: it.scenario, pairNo: it.pair_no, swapped: it.swapped };
      src.byItem.set(p.itemId, p);
      src.nextItemId = Math.max(src.nextItemId, p.itemId + 1);
      src.nextPairNo = Math.max(src.nextPairNo, p.pairNo + 1);
      if (!countedPairs.has(p.pairNo)) {
        countedPairs.add(p.pairNo);
        src.notePlanned(p);
      }
      if (!it.answered && !it.failed) src.queue.push(p);
    }
    return src;
  }

  private notePlanned(p: PlannedItem): void {
    this.plannedGames.set(p.a, (this.plannedGames.get(p.a) ?? 0) + 1);
    this.plannedGames.set(p.b, (this.plannedGames.get(p.b) ?? 0) + 1);
    this.met.add(pairKey(p.a, p.b));
    this.plannedPairs.set(p.scenario, (this.plannedPairs.get(p.scenario) ?? 0) + 1);
  }

  item(itemId: number): PlannedItem | undefined {
    return this.byItem.get(itemId);
  }

  rating(id: string): number {
    return this.ratings.get(id) ?? ELO_START;
  }

  /** Applies an answer in arrival order; returns its trial number. */
  apply(p: PlannedItem, choice: 'a' | 'b'): number {
    const [ra, rb] = eloStep(this.rating(p.a), this.rating(p.b), choice === 'a' ? 1 : 0);
    this.ratings.set(p.a, ra);
    this.ratings.set(p.b, rb);
    return ++this.trial;
  }

  private plan(): PlannedItem[] | null {
    let best: string | null = null;
    let bestFill = Infinity;
    for (const s of Object.keys(this.targets).sort()) {
      const target = this.targets[s];
      const done = this.plannedPairs.get(s) ?? 0;
      if (done >= target || (this.groups[s]?.length ?? 0) < 2) continue;
      const fill = done / target;
      if (fill < bestFill) { bestFill = fill; best = s; }
    }
    if (best === null) return null;
    const ids = this.groups[best];
    const [a, b] = choosePair(ids, (id) => this.rating(id), (id) => this.plannedGames.get(id) ?? 0, (x, y) => this.met.has(pairKey(x, y)), this.rng);
    const pairNo = this.nextPairNo++;
    const out: PlannedItem[] = [{ itemId: this.nextItemId++, a, b, scenario: best, pairNo, swapped: false }];
    if (this.swap) out.push({ itemId: this.nextItemId++, a: b, b: a, scenario: best, pairNo, swapped: true });
    this.notePlanned(out[0]);
    for (const p of out) {
      this.byItem.set(p.itemId, p);
      this.writer.add({ type: 'item', itemId: p.itemId, conversationId: p.a, dimension: null, conversationB: p.b, scenario: p.scenario, pairNo: p.pairNo, swapped: p.swapped })
        .catch((e) => this.hooks.onWriteError(e));
    }
    return out;
  }

  async next(): Promise<WorkItem | null> {
    for (;;) {
      if (!this.queue.length) {
        const planned = this.plan();
        if (!planned) return null;
        this.queue.push(...planned);
      }
      const p = this.queue.shift()!;
      const req = buildRequest(this.shape, templateVars('pairwise', { a: this.text.get(p.a)!, b: this.text.get(p.b)! }));
      const hit = (await cacheLookup(this.db, [req.cacheKey])).get(req.cacheKey);
      if (hit) {
        const parsed = JSON.parse(hit) as ParsedAnswer;
        if (parsed.kind === 'pairwise') {
          this.cacheHits++;
          const trial = this.apply(p, parsed.choice);
          const op: AnswerOp = {
            type: 'answer', itemId: p.itemId, cacheKey: req.cacheKey, fromCache: true, attempts: 0, inputTokens: null,
            outputTokens: null, cachedTokens: null, latencyMs: null, pairwise: { trial, a: p.a, b: p.b, choice: parsed.choice },
          };
          this.writer.add(op).catch((e) => this.hooks.onWriteError(e));
          this.hooks.onCached();
          continue;
        }
      }
      const tokens = this.counter ? this.counter.count(req.system, req.user) : roughTokens(req.body);
      return { itemId: p.itemId, body: req.body, cacheKey: req.cacheKey, estTokens: tokens + this.shape.params.maxTokens, dimension: null };
    }
  }
}

/** Elo of a pairwise judge (an LLM run or any judge in the pairwise table), with position-bias statistics. */
export async function judgeElo(db: Db, judgeId: string): Promise<JudgeElo> {
  const trials = await db.all<Trial>(`SELECT conversation_a AS a, conversation_b AS b, choice FROM pairwise WHERE judge_id = ? ORDER BY trial`, [judgeId]);
  const ratings = eloRatings(trials);
  const scen = new Map((await db.all<{ id: string; s: string | null }>(
    `SELECT conversation_id AS id, scenario AS s FROM conversations WHERE conversation_id IN (SELECT conversation_a FROM pairwise WHERE judge_id = ? UNION SELECT conversation_b FROM pairwise WHERE judge_id = ?)`,
    [judgeId, judgeId])).map((r) => [r.id, r.s]));
  const rows: JudgeEloRow[] = [...ratings].map(([id, r]) => ({ conversationId: id, scenario: scen.get(id) ?? null, rating: r.rating, comparisons: r.comparisons, wins: r.wins }));
  rows.sort((x, y) => (x.scenario ?? '').localeCompare(y.scenario ?? '') || y.rating - x.rating || x.conversationId.localeCompare(y.conversationId));
  const pairs = await db.all<{ swapped_pairs: number; consistent: number }>(`
    WITH c AS (
      SELECT i.pair_no, i.swapped, CASE p.choice WHEN 'a' THEN p.conversation_a ELSE p.conversation_b END AS winner
      FROM judge_items i JOIN judge_answers x USING (run_id, item_id) JOIN pairwise p ON p.judge_id = i.run_id AND p.trial = x.trial
      WHERE i.run_id = ? AND i.pair_no IS NOT NULL)
    SELECT count(*) AS swapped_pairs, count(*) FILTER (WHERE u.winner = s.winner) AS consistent
    FROM c u JOIN c s ON u.pair_no = s.pair_no AND NOT u.swapped AND s.swapped`, [judgeId]);
  const swapped = pairs[0]?.swapped_pairs ?? 0;
  const shareA = trials.length ? trials.filter((t) => t.choice === 'a').length / trials.length : null;
  return {
    judgeId,
    trials: trials.length,
    ratings: rows,
    positionBias: trials.length ? {
      swappedPairs: swapped, consistent: pairs[0]?.consistent ?? 0, consistency: swapped ? (pairs[0].consistent / swapped) : null, shareA,
    } : null,
  };
}
