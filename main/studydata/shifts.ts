// Theme / taxonomy-node incidence shifts (methods §5): counts of supporter sentences carrying each label (among the
// sentence's top-k labels of one labelling), by scenario type and pre/post group. Aggregated in SQL so that large
// studies never ship millions of sentences to JavaScript; the z tests' counts are sums over the labelling's cells
// (shift-cells.ts), the clustered model's sums over participants come from the participant cells (shift-participants.ts).

import type { Db } from '../db/workspace.js';
import type { ShiftLevel } from '../api/contract/index.js';
import { columns } from './common.js';
import { freshShiftCells } from './shift-cells.js';
import { freshShiftParticipants } from './shift-participants.js';
import type { ClusteredShiftSums } from '../analysis/incidence.js';

export interface ShiftCounts {
  /** Per scenario type and group: the number of labelled sentences (the denominator). */
  totals: { scenario_type: string[]; grp: string[]; n: number[]; length: number };
  /** Per scenario type, group and label (category or taxonomy node): sentences carrying it. */
  counts: { scenario_type: string[]; grp: string[]; label: string[]; n: number[]; length: number };
}

export interface ShiftQuery {
  labelling: string;
  level: ShiftLevel;
  topK: number;
  baselineRound: number;
  postRounds: number[];
  /** null = every condition (and conversations without one). */
  preConditions: string[] | null;
  postConditions: string[];
  scenarioTypes: string[] | null;
}

// The taxonomy key of each level, over a label's category (u.category) and its taxonomy row (t); constants, never
// user input.
const NODE_EXPR: Record<ShiftLevel, string> = {
  category: 'u.category',
  level1: 'coalesce(t.level1, \'(unmapped)\')',
  level2: "CASE WHEN t.level1 IS NULL THEN '(unmapped)' ELSE t.level1 || '/' || coalesce(t.level2, '') END",
  level3: "CASE WHEN t.level1 IS NULL THEN '(unmapped)' ELSE t.level1 || '/' || coalesce(t.level2, '') || '/' || coalesce(t.level3, '') END",
};

function params(q: ShiftQuery): NonNullable<Parameters<typeof columns>[2]> {
  return [q.labelling, q.topK, q.baselineRound, q.preConditions, q.postRounds, q.postConditions, q.scenarioTypes];
}

/**
 * A sentence is a unit when it has at least one label of the labelling with rank <= topK; pre units come from
 * baseline-round conversations of the pre conditions, post units from post-round conversations of the post
 * conditions. A label (or node) occurs in a unit when any of the unit's top-k categories is it (or belongs to it).
 * Summed from the labelling's cells (shift-cells.ts): a cell is one label set, so a node counts a cell's sentences once.
 */
export async function loadShiftCounts(db: Db, q: ShiftQuery): Promise<ShiftCounts> {
  const version = await freshShiftCells(db, q.labelling);
  const sql = `
    WITH u AS MATERIALIZED (
      SELECT * FROM (
        SELECT row_number() OVER () AS cell, scenario_type,
          CASE WHEN round = $3 AND ($4::VARCHAR[] IS NULL OR list_contains($4::VARCHAR[], condition)) THEN 'pre'
               WHEN list_contains($5::INTEGER[], round) AND list_contains($6::VARCHAR[], condition) THEN 'post' END AS grp,
          list_filter(labels, x -> x.rank <= $2) AS top, sentences
        FROM shift_label_cells
        WHERE built_for = $8 AND labelling = $1 AND scenario_type IS NOT NULL AND ($7::VARCHAR[] IS NULL OR list_contains($7::VARCHAR[], scenario_type)))
      WHERE grp IS NOT NULL AND len(top) > 0),
    node AS (
      SELECT DISTINCT u.cell, u.scenario_type, u.grp, u.sentences, ${NODE_EXPR[q.level]} AS label
      FROM (SELECT cell, scenario_type, grp, sentences, unnest(top).category AS category FROM u) u LEFT JOIN taxonomy t ON t.category = u.category)
    SELECT scenario_type, grp, NULL::VARCHAR AS label, CAST(sum(sentences) AS BIGINT) AS n FROM u GROUP BY ALL
    UNION ALL
    SELECT scenario_type, grp, label, CAST(sum(sentences) AS BIGINT) AS n FROM node GROUP BY ALL
    ORDER BY 1, 2, 3 NULLS FIRST`;
  const all = await columns<{ scenario_type: string[]; grp: string[]; label: (string | null)[]; n: number[] }>(db, sql, [...params(q), version]);
  const totals: ShiftCounts['totals'] = { scenario_type: [], grp: [], n: [], length: 0 };
  const counts: ShiftCounts['counts'] = { scenario_type: [], grp: [], label: [], n: [], length: 0 };
  for (let i = 0; i < all.length; i++) {
    if (all.label[i] === null) {
      totals.scenario_type.push(all.scenario_type[i]);
      totals.grp.push(all.grp[i]);
      totals.n.push(all.n[i]);
      totals.length++;
    } else {
      counts.scenario_type.push(all.scenario_type[i]);
      counts.grp.push(all.grp[i]);
      counts.label.push(all.label[i]!);
      counts.n.push(all.n[i]);
      counts.length++;
    }
  }
  return { totals, counts };
}

/**
 * The clustered model's moments for the query's level and top k, after computing them if they are missing for the
 * data the participant cells were built for. Per scenario type, condition (constant within a participant) and label:
 * n, k: units and units carrying the label per round, summed over participants; nn, kk, kn: sums over participants of
 * the products of their counts in rounds r1 and r2; g: participants per set of rounds with units. A query's sums are
 * sums of these over the rounds and conditions it puts pre and post, since a participant's pre or post count is a sum
 * of their per-round counts.
 */
async function freshShiftMoments(db: Db, q: ShiftQuery): Promise<string> {
  const version = await freshShiftParticipants(db, q.labelling);
  const key = [version, q.labelling, q.level, q.topK];
  const built = () => db.value<boolean>(
    `SELECT EXISTS (SELECT 1 FROM shift_participant_moments WHERE built_for = $1 AND labelling = $2 AND level = $3 AND top_k = $4 AND kind = 'built')`, key);
  if (await built()) return version;
  // Not a table of main/db/derived-table.ts: its rows are computed from the participant cells' build (keyed by that
  // build's stamp, and by level and top k), not from study tables. Built on the database's queue all the same, so that
  // two connections asking at once (the background build and an analysis) build once instead of conflicting.
  await db.database.serial('derived:shift_participant_moments', () => db.transaction(async () => {
    if (await built()) return;
    await db.run('DELETE FROM shift_participant_moments WHERE built_for <> $1 OR (labelling = $2 AND level = $3 AND top_k = $4)', key);
    await db.run(
      `INSERT INTO shift_participant_moments
       WITH setnode AS (
         SELECT DISTINCT u.set_id, ${NODE_EXPR[q.level]} AS label
         FROM (SELECT set_id, unnest(list_filter(labels, x -> x.rank <= $4)).category AS category
               FROM shift_label_sets WHERE built_for = $1 AND labelling = $2) u LEFT JOIN taxonomy t ON t.category = u.category),
       c AS MATERIALIZED (
         SELECT scenario_type, condition, cluster, round, set_id, sentences FROM shift_participant_cells
         WHERE built_for = $1 AND labelling = $2 AND scenario_type IS NOT NULL AND round IS NOT NULL AND set_id IN (SELECT set_id FROM setnode)),
       n AS MATERIALIZED (SELECT scenario_type, condition, cluster, round, CAST(sum(sentences) AS BIGINT) AS n FROM c GROUP BY ALL),
       k AS MATERIALIZED (
         SELECT c.scenario_type, c.condition, c.cluster, c.round, s.label, CAST(sum(c.sentences) AS BIGINT) AS k
         FROM c JOIN setnode s USING (set_id) GROUP BY ALL)
       SELECT $1, $2, $3, $4, 'n', scenario_type, condition, NULL, round, NULL, NULL, sum(n) FROM n GROUP BY ALL
       UNION ALL
       SELECT $1, $2, $3, $4, 'k', scenario_type, condition, label, round, NULL, NULL, sum(k) FROM k GROUP BY ALL
       UNION ALL
       SELECT $1, $2, $3, $4, 'nn', a.scenario_type, a.condition, NULL, a.round, b.round, NULL, sum(a.n * b.n)
       FROM n a JOIN n b ON a.scenario_type = b.scenario_type AND a.cluster = b.cluster GROUP BY a.scenario_type, a.condition, a.round, b.round
       UNION ALL
       SELECT $1, $2, $3, $4, 'kk', a.scenario_type, a.condition, a.label, a.round, b.round, NULL, sum(a.k * b.k)
       FROM k a JOIN k b ON a.scenario_type = b.scenario_type AND a.cluster = b.cluster AND a.label = b.label
       GROUP BY a.scenario_type, a.condition, a.label, a.round, b.round
       UNION ALL
       SELECT $1, $2, $3, $4, 'kn', a.scenario_type, a.condition, a.label, a.round, b.round, NULL, sum(a.k * b.n)
       FROM k a JOIN n b ON a.scenario_type = b.scenario_type AND a.cluster = b.cluster GROUP BY a.scenario_type, a.condition, a.label, a.round, b.round
       UNION ALL
       SELECT $1, $2, $3, $4, 'g', scenario_type, condition, NULL, NULL, NULL, rounds, count(*)
       FROM (SELECT scenario_type, condition, cluster, list_sort(list(round)) AS rounds FROM n GROUP BY ALL) GROUP BY ALL
       UNION ALL
       SELECT $1, $2, $3, $4, 'built', NULL, NULL, NULL, NULL, NULL, NULL, 0`,
      key,
    );
  }));
  return version;
}

/**
 * The clustered model's input (main/analysis/incidence.ts, ClusteredShiftSums): per scenario type its units pre and
 * post, clusters and sums of products of each cluster's pre (A) and post (B) units; per label its counts and the sums of
 * products with each cluster's pre (K) and post (L) units carrying it. Summed from the moments of the query's level
 * and top k (a few thousand rows at 100x): a round is pre for a condition when it is the baseline and the condition
 * a pre condition, post when it is a post round of a post condition and not pre, as a conversation's group is defined.
 */
export async function loadClusteredShiftSums(db: Db, q: ShiftQuery): Promise<ClusteredShiftSums[]> {
  const version = await freshShiftMoments(db, q);
  const preCond = `coalesce($4::VARCHAR[] IS NULL OR list_contains($4::VARCHAR[], condition), false)`;
  const postCond = `coalesce(list_contains($6::VARCHAR[], condition), false)`;
  const pre = (r: string) => `coalesce(${r} = $3, false) AND ${preCond}`;
  const post = (r: string) => `${postCond} AND coalesce(list_contains($5::INTEGER[], ${r}), false) AND NOT (${pre(r)})`;
  const sum = (what: string) => `CAST(coalesce(sum(v) FILTER (WHERE ${what}), 0) AS BIGINT)`;
  const sql = `
    WITH m AS (
      SELECT * FROM shift_participant_moments
      WHERE built_for = $8 AND labelling = $1 AND level = $9 AND top_k = $2 AND kind <> 'built'
        AND ($7::VARCHAR[] IS NULL OR list_contains($7::VARCHAR[], scenario_type))),
    types AS (
      SELECT scenario_type, NULL::VARCHAR AS label, ${sum(`kind = 'n' AND ${pre('r1')}`)} AS n_pre, ${sum(`kind = 'n' AND ${post('r1')}`)} AS n_post,
        ${sum(`kind = 'g' AND ((${preCond} AND list_contains(rounds, $3))
          OR (${postCond} AND len(list_filter(rounds, x -> list_contains($5::INTEGER[], x)))
                              > CASE WHEN ${preCond} AND list_contains(rounds, $3) AND list_contains($5::INTEGER[], $3) THEN 1 ELSE 0 END))`)} AS clusters,
        ${sum(`kind = 'nn' AND ${pre('r1')} AND ${pre('r2')}`)} AS aa, ${sum(`kind = 'nn' AND ${post('r1')} AND ${post('r2')}`)} AS bb,
        ${sum(`kind = 'nn' AND ${pre('r1')} AND ${post('r2')}`)} AS ab,
        NULL::BIGINT AS kk, NULL::BIGINT AS ka, NULL::BIGINT AS ll, NULL::BIGINT AS lb, NULL::BIGINT AS kl, NULL::BIGINT AS kb, NULL::BIGINT AS al
      FROM m WHERE label IS NULL GROUP BY scenario_type),
    labels AS (
      SELECT scenario_type, label, ${sum(`kind = 'k' AND ${pre('r1')}`)} AS n_pre, ${sum(`kind = 'k' AND ${post('r1')}`)} AS n_post, NULL::BIGINT AS clusters,
        NULL::BIGINT AS aa, NULL::BIGINT AS bb, NULL::BIGINT AS ab,
        ${sum(`kind = 'kk' AND ${pre('r1')} AND ${pre('r2')}`)} AS kk, ${sum(`kind = 'kn' AND ${pre('r1')} AND ${pre('r2')}`)} AS ka,
        ${sum(`kind = 'kk' AND ${post('r1')} AND ${post('r2')}`)} AS ll, ${sum(`kind = 'kn' AND ${post('r1')} AND ${post('r2')}`)} AS lb,
        ${sum(`kind = 'kk' AND ${pre('r1')} AND ${post('r2')}`)} AS kl, ${sum(`kind = 'kn' AND ${pre('r1')} AND ${post('r2')}`)} AS kb,
        ${sum(`kind = 'kn' AND ${post('r1')} AND ${pre('r2')}`)} AS al
      FROM m WHERE label IS NOT NULL GROUP BY scenario_type, label)
    SELECT * FROM types WHERE n_pre + n_post > 0
    UNION ALL
    SELECT * FROM labels WHERE n_pre + n_post > 0 AND scenario_type IN (SELECT scenario_type FROM types WHERE n_pre + n_post > 0)
    ORDER BY 1, 2 NULLS FIRST`;
  type Col = (number | null)[];
  const all = await columns<{ scenario_type: string[]; label: (string | null)[]; n_pre: number[]; n_post: number[]; clusters: Col;
    aa: Col; bb: Col; ab: Col; kk: Col; ka: Col; ll: Col; lb: Col; kl: Col; kb: Col; al: Col }>(db, sql, [...params(q), version, q.level]);
  const out: ClusteredShiftSums[] = [];
  for (let i = 0; i < all.length; i++) {
    // Rows are ordered so that a scenario type's totals (label NULL) come before its labels.
    if (all.label[i] === null) {
      out.push({ scenarioType: all.scenario_type[i], nPre: all.n_pre[i], nPost: all.n_post[i], clusters: all.clusters[i]!,
        aa: all.aa[i]!, bb: all.bb[i]!, ab: all.ab[i]!, labels: [] });
    } else {
      out[out.length - 1].labels.push({ label: all.label[i]!, countPre: all.n_pre[i], countPost: all.n_post[i],
        kk: all.kk[i]!, ka: all.ka[i]!, ll: all.ll[i]!, lb: all.lb[i]!, kl: all.kl[i]!, kb: all.kb[i]!, al: all.al[i]! });
    }
  }
  return out;
}

/**
 * The most labels any sentence of the labelling carries among its top k (1 for one category per sentence), from the
 * tables the query already counted: the z tests' cells or the clustered model's label sets (either, not both built).
 */
export async function labelsPerSentence(db: Db, labelling: string, topK: number, from: 'cells' | 'participants' = 'cells'): Promise<number> {
  const version = from === 'cells' ? await freshShiftCells(db, labelling) : await freshShiftParticipants(db, labelling);
  return Number((await db.value(
    `SELECT coalesce(max(len(list_distinct(list_transform(list_filter(labels, x -> x.rank <= ?), x -> x.category)))), 0)
     FROM ${from === 'cells' ? 'shift_label_cells' : 'shift_label_sets'} WHERE built_for = ? AND labelling = ?`, [topK, version, labelling])) ?? 0);
}

export async function labellings(db: Db): Promise<string[]> {
  return (await db.all<{ l: string }>(`SELECT DISTINCT labelling AS l FROM sentence_labels ORDER BY 1`)).map((r) => r.l);
}

export interface TaxonomyRow { category: string; level1: string | null; level2: string | null; level3: string | null; label: string | null }

export async function loadTaxonomy(db: Db): Promise<TaxonomyRow[]> {
  return db.all<TaxonomyRow>(`SELECT category, level1, level2, level3, label FROM taxonomy ORDER BY category`);
}
