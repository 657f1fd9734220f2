// Trait and self-report versus expressed empathy (methods §4): participants' trait scales and the self-reports of
// each conversation, keyed by the integer codes of common.ts. The judged side comes from overall.ts.

import type { Db } from '../db/workspace.js';
import { columns, CONVERSATION_CODES, PARTICIPANT_CODES } from './common.js';

/** Trait scales stored on participants (numeric columns of the study format). */
export const TRAIT_COLUMNS = ['jordan_empathy', 'sites'] as const;

export interface ParticipantTraits {
  participant: number[];
  jordan_empathy: (number | null)[];
  sites: (number | null)[];
  length: number;
}

export async function loadTraits(db: Db): Promise<ParticipantTraits> {
  return columns<ParticipantTraits>(
    db,
    `SELECT pc.code AS participant, p.jordan_empathy, p.sites FROM participants p JOIN ${PARTICIPANT_CODES} pc USING (participant_id) ORDER BY 1`,
  );
}

export interface SelfReportData {
  conversation: number[];
  /** Index into the requested items. */
  item: number[];
  value: number[];
  length: number;
}

export async function loadSelfReports(db: Db, items: string[]): Promise<SelfReportData> {
  return columns<SelfReportData>(
    db,
    `SELECT cc.code AS conversation, CAST(list_position(?::VARCHAR[], r.item) - 1 AS INTEGER) AS item, r.value
     FROM self_reports r JOIN ${CONVERSATION_CODES} cc USING (conversation_id)
     WHERE r.value IS NOT NULL AND list_contains(?::VARCHAR[], r.item) ORDER BY 1, 2, 3`,
    [items, items],
  );
}

export async function selfReportItems(db: Db): Promise<string[]> {
  return (await db.all<{ i: string }>(`SELECT DISTINCT item AS i FROM self_reports ORDER BY 1`)).map((r) => r.i);
}

/** Which trait columns hold any value. */
export async function traitsPresent(db: Db): Promise<string[]> {
  const row = await db.one<Record<string, number>>(`SELECT count(jordan_empathy) AS jordan_empathy, count(sites) AS sites FROM participants`);
  return TRAIT_COLUMNS.filter((t) => Number(row?.[t] ?? 0) > 0);
}
