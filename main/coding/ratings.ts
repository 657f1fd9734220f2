// Rating conversations on the judge's rubric: the rubric, a rater's queue (stratified by condition × round ×
// scenario, seeded) and their ratings. Each rater's ratings become score set `rater:<name>` (derived.ts).
import type { ConversationRating, RatingQueueItem, RubricDimension } from '../api/contract/index.js';
import { mulberry32 } from '../analysis/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { DIMENSIONS, DIMENSION_LABELS, PRESCRIPTIVE, SCORE_MAX, SCORE_MIN } from '../domain/study.js';
import { DIMENSION_DEFINITIONS, SCALE_TEXT } from '../judge/rubric.js';
import { canonical, type Op, type QueueRow, type RatingRow } from './tables.js';

export function rubric(): { dimensions: RubricDimension[]; scale: [number, number] } {
  const anchors = Object.fromEntries(SCALE_TEXT.split(', ').map((p) => p.split(' = ') as [string, string]));
  return {
    scale: [SCORE_MIN, SCORE_MAX],
    dimensions: DIMENSIONS.map((d) => ({
      dimension: d, label: DIMENSION_LABELS[d], kind: (PRESCRIPTIVE as readonly string[]).includes(d) ? 'prescriptive' : 'proscriptive',
      definition: DIMENSION_DEFINITIONS[d], anchors,
    })),
  };
}

interface Candidate { conversation_id: string; condition: string | null; round: number | null; scenario: string | null }

/**
 * Proportional allocation by systematic sampling over the strata in key order (condition, round, scenario) from a
 * seeded random start: each stratum gets floor or ceil of its share, and because neighbouring strata share their
 * condition and round, those margins are balanced too. Then a seeded shuffle inside each stratum picks the
 * conversations, and a seeded shuffle of the drawn ones gives the queue's order.
 */
export function stratifiedSample<T extends Candidate>(all: readonly T[], size: number, seed: number): T[] {
  const strata = new Map<string, T[]>();
  for (const c of all) {
    const k = JSON.stringify([c.condition ?? '', c.round ?? -1, c.scenario ?? '']);
    strata.set(k, [...(strata.get(k) ?? []), c]);
  }
  const keys = [...strata.keys()].sort();
  const n = Math.min(size, all.length);
  const rng = mulberry32(seed);
  const u = rng();
  let cum = 0;
  const take = keys.map((k) => {
    const before = Math.floor(cum + u);
    cum += (strata.get(k)!.length * n) / all.length;
    return Math.floor(cum + u + 1e-9) - before;
  });
  const shuffle = <X>(xs: X[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const drawn = keys.flatMap((k, i) => shuffle([...strata.get(k)!].sort((a, b) => a.conversation_id.localeCompare(b.conversation_id))).slice(0, take[i]));
  return shuffle(drawn);
}

export async function buildQueue(db: Db, rater: string, size: number, seed: number): Promise<{ ops: Op[]; row: QueueRow }> {
  const all = await db.all<Candidate>(`SELECT DISTINCT c.conversation_id, p.condition, c.round, c.scenario
    FROM conversations c LEFT JOIN participants p USING (participant_id) ORDER BY 1`);
  if (all.length === 0) throw new UserError('This study has no conversations to rate', 'missing-table');
  const items = stratifiedSample(all, size, seed).map((c) => ({ conversationId: c.conversation_id, condition: c.condition, round: c.round, scenario: c.scenario }));
  const row: QueueRow = { rater, seed, size, items: JSON.stringify(items), ts: new Date().toISOString() };
  return { ops: [{ table: 'coding_queues', key: rater, row: canonical('coding_queues', row) }], row };
}

export async function queueItems(db: Db, rater: string): Promise<RatingQueueItem[]> {
  const q = await db.one<QueueRow>(`SELECT * FROM coding_queues WHERE rater = ?`, [rater]);
  if (!q) return [];
  const rated = new Set((await db.all<{ c: string }>(`SELECT conversation_id AS c FROM coding_ratings WHERE rater = ?`, [rater])).map((r) => r.c));
  return (JSON.parse(q.items) as Omit<RatingQueueItem, 'position' | 'rated'>[]).map((it, i) => ({ position: i + 1, ...it, rated: rated.has(it.conversationId) }));
}

const ratingId = (rater: string, conversationId: string) => JSON.stringify([rater, conversationId]);

export async function buildRating(db: Db, rater: string, conversationId: string, scores: Record<string, number | null>, note: string): Promise<{ ops: Op[]; row: RatingRow }> {
  if (!(await db.value<number>(`SELECT count(*) FROM conversations WHERE conversation_id = ?`, [conversationId]))) {
    throw new UserError(`No conversation "${conversationId}"`, 'not-found');
  }
  const bad = Object.keys(scores).filter((d) => !(DIMENSIONS as readonly string[]).includes(d));
  if (bad.length) throw new UserError(`Unknown dimension(s) ${bad.join(', ')}; the rubric has ${DIMENSIONS.join(', ')}`, 'invalid-args');
  const ordered = Object.fromEntries(DIMENSIONS.filter((d) => d in scores).map((d) => [d, scores[d]]));
  const row: RatingRow = { rating_id: ratingId(rater, conversationId), rater, conversation_id: conversationId, scores: JSON.stringify(ordered), note, ts: new Date().toISOString() };
  return { ops: [{ table: 'coding_ratings', key: row.rating_id, row: canonical('coding_ratings', row) }], row };
}

export const ratingFromRow = (r: RatingRow): ConversationRating => ({
  rater: r.rater, conversationId: r.conversation_id, scores: JSON.parse(r.scores) as Record<string, number | null>, note: r.note, at: r.ts,
});

export async function listRatings(db: Db, rater: string, conversationId?: string): Promise<ConversationRating[]> {
  const rows = await db.all<RatingRow>(`SELECT * FROM coding_ratings WHERE rater = ? AND (?::VARCHAR IS NULL OR conversation_id = ?) ORDER BY conversation_id`,
    [rater, conversationId ?? null, conversationId ?? null]);
  return rows.map(ratingFromRow);
}
