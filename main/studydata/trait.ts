// Trait and self-report versus expressed empathy (methods §4), summarized in DuckDB from the set's score pivot
// (score-pivot.ts: one row per conversation, keyed by integer code): per participant, the trait scales and each
// outcome's count, sum (and for the overall score the within sum of squares) over the selected conversations; per
// self-report item and judged outcome, the counted (self, judge) value pairs. A 100x study's 290,400 conversations and
// 1.16 M self-reports become ~97,000 participant rows and a few hundred pairs. (A dimension's value is the pivot's:
// the mean of the set's scores of the conversation, which is the score itself, since imports refuse duplicates; the
// overall score is loadOverall's in every case.)

import type { Db } from '../db/workspace.js';
import { typedColumns } from './common.js';
import { freshConversationCodes, freshParticipantCodes, freshSelfReportCodes } from './codes.js';
import { freshScorePivot, PIVOT_DIMENSIONS } from './score-pivot.js';

/** Trait scales stored on participants (numeric columns of the study format). */
export const TRAIT_COLUMNS = ['jordan_empathy', 'sites'] as const;

/** The outcome columns: 0 the overall score, 1 … 6 the six dimensions in PRESCRIPTIVE, PROSCRIPTIVE order. */
const OUTCOMES = [0, 1, 2, 3, 4, 5, 6];
// From the set's score pivot (one row per conversation; identifiers from its fixed list): its overall score is
// loadOverall's, each dimension the set's score of the conversation on it.
const OUTCOME_SQL = ['v.overall AS o0', ...PIVOT_DIMENSIONS.map((d, i) => `v.${d} AS o${i + 1}`)].join(', ');

/** Which conversations count: participants' conditions and rounds (null: all). */
export interface TraitSelection { conditions: string[] | null; rounds: number[] | null }

/** Per participant (code order) with a selected conversation scored by the set; NaN where SQL has NULL. */
export interface TraitParticipants {
  participant: Int32Array;
  /** Index into the conditions given, -1 when none. */
  condition: Int32Array;
  jordan_empathy: Float64Array;
  sites: Float64Array;
  /** Selected conversations. */
  conversations: Int32Array;
  /** Per outcome k (0 overall, 1 … 6 dimensions): non-null values and their sum; m0: overall's within sum of squares. */
  n0: Int32Array; s0: Float64Array; m0: Float64Array;
  n1: Int32Array; s1: Float64Array; n2: Int32Array; s2: Float64Array; n3: Int32Array; s3: Float64Array;
  n4: Int32Array; s4: Float64Array; n5: Int32Array; s5: Float64Array; n6: Int32Array; s6: Float64Array;
  length: number;
}

/** Self-report values against judged outcomes: per item, outcome, self value and judge value (null: not judged), the count. */
export interface SelfReportPairs {
  /** Index into the items given. */
  item: number[];
  /** Outcome column (0 overall, 1 … 6 dimensions). */
  outcome: number[];
  self: number[];
  judge: (number | null)[];
  n: number[];
  length: number;
}

const SELECTED = `($3::VARCHAR[] IS NULL OR list_contains($3::VARCHAR[], p.condition)) AND ($4::INTEGER[] IS NULL OR list_contains($4::INTEGER[], c.round))`;
const PARTICIPANT_COLUMNS = {
  participant: Int32Array, condition: Int32Array, jordan_empathy: Float64Array, sites: Float64Array, conversations: Int32Array, m0: Float64Array,
  ...Object.fromEntries(OUTCOMES.flatMap((k) => [[`n${k}`, Int32Array], [`s${k}`, Float64Array]])),
} as const;
const NAN = `'NaN'::DOUBLE`;

/**
 * Trait's two summaries in one statement, so the selected conversations are joined to the pivot and to their
 * participants once, all by the integer codes stored in codes.ts (the self-reports too): part 0, per participant with a selected conversation scored by
 * the set, the traits and each outcome's count and sum (overall's within sum of squares too); part 1, the self-reports
 * of those conversations, each paired with the outcomes `compare` names for its item (pairs of item index and outcome
 * column), counted per distinct (self, judge) value pair. Participant columns come back typed (NaN for NULL), to be
 * moved to the analysis worker; the few hundred pairs as plain arrays.
 */
export async function loadTraitSummaries(
  db: Db, scoreSetId: string, conditions: string[], sel: TraitSelection, items: string[], compare: { item: number; outcome: number }[],
): Promise<{ participants: TraitParticipants; pairs: SelfReportPairs | null }> {
  const version = await freshScorePivot(db, [scoreSetId]);
  const [conversationCodes, participantCodes, selfReportCodes] = [await freshConversationCodes(db), await freshParticipantCodes(db), await freshSelfReportCodes(db)];
  const perOutcome = OUTCOMES.map((k) => `, CAST(count(o${k}) AS INTEGER) AS n${k}, coalesce(sum(o${k}), ${NAN}) AS s${k}`).join('');
  const noPart = ', NULL, NULL'.repeat(OUTCOMES.length);
  const judge = `CASE w.outcome ${OUTCOMES.map((k) => `WHEN ${k} THEN s.o${k}`).join(' ')} END`;
  const c = await typedColumns(
    db,
    `WITH r AS MATERIALIZED (
       SELECT c.code AS conversation, p.code AS participant, p.condition, p.jordan_empathy, p.sites, ${OUTCOME_SQL}
       FROM score_pivot v JOIN conversation_codes c ON c.code = v.conversation
         LEFT JOIN participant_codes p ON p.code = c.participant AND p.built_for = $10
       WHERE v.built_for = $1 AND v.score_set_id = $2 AND c.built_for = $9 AND ${SELECTED}),
     w AS (SELECT unnest($5::INTEGER[]) AS item, unnest($6::INTEGER[]) AS outcome),
     s AS (
       SELECT CAST(list_position($7::VARCHAR[], sr.item) - 1 AS INTEGER) AS item, CAST(sr.value AS DOUBLE) AS self, r.*
       FROM self_report_codes sr JOIN r USING (conversation)
       WHERE sr.built_for = $11 AND list_contains($7::VARCHAR[], sr.item))
     SELECT 0 AS part, participant, CAST(coalesce(list_position($8::VARCHAR[], any_value(condition)), 0) - 1 AS INTEGER) AS condition,
       coalesce(any_value(jordan_empathy), ${NAN}) AS jordan_empathy, coalesce(any_value(sites), ${NAN}) AS sites,
       CAST(count(*) AS INTEGER) AS conversations${perOutcome}, coalesce(var_pop(o0) * count(o0), ${NAN}) AS m0,
       NULL AS item, NULL AS outcome, NULL AS self, NULL AS judge, NULL AS judged, NULL AS n
     FROM r WHERE participant IS NOT NULL GROUP BY participant
     UNION ALL
     SELECT 1, NULL, NULL, NULL, NULL, NULL${noPart}, NULL,
       s.item, CAST(w.outcome AS INTEGER), s.self, coalesce(CAST(${judge} AS DOUBLE), ${NAN}),
       CAST(${judge} IS NOT NULL AS INTEGER), CAST(count(*) AS INTEGER)
     FROM s JOIN w ON w.item = s.item GROUP BY s.item, w.outcome, s.self, ${judge}
     ORDER BY part, participant, item, outcome, self, judged, judge`,
    [version, scoreSetId, sel.conditions, sel.rounds, compare.map((x) => x.item), compare.map((x) => x.outcome), items, conditions,
      conversationCodes, participantCodes, selfReportCodes],
    { part: Int32Array, ...PARTICIPANT_COLUMNS, item: Int32Array, outcome: Int32Array, self: Float64Array, judge: Float64Array, judged: Int32Array, n: Int32Array },
  );
  let P = 0;
  while (P < c.length && c.part[P] === 0) P++;
  const participants = { length: P } as Record<string, unknown>;
  for (const name of Object.keys(PARTICIPANT_COLUMNS)) participants[name] = (c as unknown as Record<string, Int32Array | Float64Array>)[name].subarray(0, P);
  const pairs: SelfReportPairs = { item: [], outcome: [], self: [], judge: [], n: [], length: c.length - P };
  for (let i = P; i < c.length; i++) {
    pairs.item.push(c.item[i]);
    pairs.outcome.push(c.outcome[i]);
    pairs.self.push(c.self[i]);
    pairs.judge.push(c.judged[i] ? c.judge[i] : null);
    pairs.n.push(c.n[i]);
  }
  return { participants: participants as unknown as TraitParticipants, pairs: items.length ? pairs : null };
}

export async function selfReportItems(db: Db): Promise<string[]> {
  return (await db.all<{ i: string }>(`SELECT DISTINCT item AS i FROM self_reports ORDER BY 1`)).map((r) => r.i);
}

/** Which trait columns hold any value. */
export async function traitsPresent(db: Db): Promise<string[]> {
  const row = await db.one<Record<string, number>>(`SELECT count(jordan_empathy) AS jordan_empathy, count(sites) AS sites FROM participants`);
  return TRAIT_COLUMNS.filter((t) => Number(row?.[t] ?? 0) > 0);
}
