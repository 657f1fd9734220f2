// Theme / taxonomy-node incidence shifts (methods §5): counts of supporter sentences carrying each label (among the
// sentence's top-k labels of one labelling), by scenario type and pre/post group. Aggregated in SQL so that large
// studies never ship millions of sentences to JavaScript.

import type { Db } from '../db/workspace.js';
import type { ShiftLevel } from '../api/contract/index.js';
import { columns } from './common.js';

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

// The taxonomy key of each level; constants, never user input.
const NODE_EXPR: Record<ShiftLevel, string> = {
  category: 'l.category',
  level1: 'coalesce(t.level1, \'(unmapped)\')',
  level2: "CASE WHEN t.level1 IS NULL THEN '(unmapped)' ELSE t.level1 || '/' || coalesce(t.level2, '') END",
  level3: "CASE WHEN t.level1 IS NULL THEN '(unmapped)' ELSE t.level1 || '/' || coalesce(t.level2, '') || '/' || coalesce(t.level3, '') END",
};

/**
 * A sentence is a unit when it has at least one label of the labelling with rank <= topK; pre units come from
 * baseline-round conversations of the pre conditions, post units from post-round conversations of the post
 * conditions. A label (or node) occurs in a unit when any of the unit's top-k categories is it (or belongs to it).
 */
/** The sentence units of a shift query (scenario type, group, sentence id, category, cluster) as SQL CTEs. */
async function unitsSql(db: Db, q: ShiftQuery): Promise<string> {
  // A sentence's identity packed into one BIGINT (conversation code, turn, sentence index) makes the distinct counts
  // several times faster on large studies; the struct form covers turn or sentence indexes beyond 16 bits.
  const range = await db.one<{ t: number | null; s: number | null }>(
    `SELECT max(turn) AS t, max(sentence_index) AS s FROM sentence_labels WHERE labelling = ?`, [q.labelling]);
  const packed = (range?.t ?? 0) < 65536 && (range?.s ?? 0) < 65536 && (range?.t ?? 0) >= 0 && (range?.s ?? 0) >= 0;
  const sid = packed ? 'CAST(conv.code AS BIGINT) * 4294967296 + l.turn * 65536 + l.sentence_index' : '(conv.code, l.turn, l.sentence_index)';
  // The cluster is the participant; a conversation without one is its own cluster.
  return `
    WITH conv AS (
      SELECT c.conversation_id, CAST(row_number() OVER (ORDER BY c.conversation_id) AS INTEGER) AS code, c.scenario_type,
        coalesce('p:' || c.participant_id, 'c:' || c.conversation_id) AS cluster,
        CASE WHEN c.round = $3 AND ($4::VARCHAR[] IS NULL OR list_contains($4::VARCHAR[], p.condition)) THEN 'pre'
             WHEN list_contains($5::INTEGER[], c.round) AND list_contains($6::VARCHAR[], p.condition) THEN 'post' END AS grp
      FROM conversations c LEFT JOIN participants p ON p.participant_id = c.participant_id
      WHERE c.scenario_type IS NOT NULL AND ($7::VARCHAR[] IS NULL OR list_contains($7::VARCHAR[], c.scenario_type))),
    unit AS MATERIALIZED (
      SELECT conv.scenario_type, conv.grp, conv.cluster, ${sid} AS sid, l.category
      FROM sentence_labels l JOIN conv ON conv.conversation_id = l.conversation_id
      WHERE l.labelling = $1 AND l.rank <= $2 AND conv.grp IS NOT NULL)`;
}

function params(q: ShiftQuery): Parameters<typeof columns>[2] {
  return [q.labelling, q.topK, q.baselineRound, q.preConditions, q.postRounds, q.postConditions, q.scenarioTypes];
}

/**
 * A sentence is a unit when it has at least one label of the labelling with rank <= topK; pre units come from
 * baseline-round conversations of the pre conditions, post units from post-round conversations of the post
 * conditions. A label (or node) occurs in a unit when any of the unit's top-k categories is it (or belongs to it).
 */
export async function loadShiftCounts(db: Db, q: ShiftQuery): Promise<ShiftCounts> {
  const sql = `${await unitsSql(db, q)}
    SELECT scenario_type, grp, NULL::VARCHAR AS label, count(DISTINCT sid) AS n FROM unit GROUP BY ALL
    UNION ALL
    SELECT u.scenario_type, u.grp, ${NODE_EXPR[q.level].replace('l.category', 'u.category')} AS label, count(DISTINCT u.sid) AS n
    FROM unit u LEFT JOIN taxonomy t ON t.category = u.category GROUP BY ALL
    ORDER BY 1, 2, 3 NULLS FIRST`;
  const all = await columns<{ scenario_type: string[]; grp: string[]; label: (string | null)[]; n: number[] }>(db, sql, params(q));
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

/** Units per scenario type, group and participant, and per label how many of them carry it: the clustered model's input. */
export interface ShiftCell { scenarioType: string; group: 'pre' | 'post'; cluster: string; n: number; counts: Record<string, number> }

/** The same units as loadShiftCounts, counted per participant (cluster) as well. */
export async function loadShiftCells(db: Db, q: ShiftQuery): Promise<ShiftCell[]> {
  const sql = `${await unitsSql(db, q)}
    SELECT scenario_type, grp, cluster, NULL::VARCHAR AS label, count(DISTINCT sid) AS n FROM unit GROUP BY ALL
    UNION ALL
    SELECT u.scenario_type, u.grp, u.cluster, ${NODE_EXPR[q.level].replace('l.category', 'u.category')} AS label, count(DISTINCT u.sid) AS n
    FROM unit u LEFT JOIN taxonomy t ON t.category = u.category GROUP BY ALL
    ORDER BY 1, 2, 3, 4 NULLS FIRST`;
  const all = await columns<{ scenario_type: string[]; grp: ('pre' | 'post')[]; cluster: string[]; label: (string | null)[]; n: number[] }>(db, sql, params(q));
  const cells: ShiftCell[] = [];
  let cell: ShiftCell | null = null;
  for (let i = 0; i < all.length; i++) {
    // Rows are ordered so that a cell's total (label NULL) comes first, then its labels.
    if (all.label[i] === null) cells.push((cell = { scenarioType: all.scenario_type[i], group: all.grp[i], cluster: all.cluster[i], n: all.n[i], counts: {} }));
    else cell!.counts[all.label[i]!] = all.n[i];
  }
  return cells;
}

/** The most labels any sentence of the labelling carries among its top k (1 for one category per sentence). */
export async function labelsPerSentence(db: Db, labelling: string, topK: number): Promise<number> {
  return Number((await db.value(`SELECT coalesce(max(n), 0) FROM (
    SELECT count(DISTINCT category) AS n FROM sentence_labels WHERE labelling = ? AND rank <= ? GROUP BY conversation_id, turn, sentence_index)`, [labelling, topK])) ?? 0);
}

export async function labellings(db: Db): Promise<string[]> {
  return (await db.all<{ l: string }>(`SELECT DISTINCT labelling AS l FROM sentence_labels ORDER BY 1`)).map((r) => r.l);
}

export interface TaxonomyRow { category: string; level1: string | null; level2: string | null; level3: string | null; label: string | null }

export async function loadTaxonomy(db: Db): Promise<TaxonomyRow[]> {
  return db.all<TaxonomyRow>(`SELECT category, level1, level2, level3, label FROM taxonomy ORDER BY category`);
}
