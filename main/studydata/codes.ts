// The study's design with dense integer codes, stored once per data stamp as derived tables (main/db/derived-table.ts,
// migration 19), so that large reads move numbers rather than strings and no call numbers the ids again. At 100x a
// call of trait, Elo or effects sorted the 290,400 conversation ids (and the 96,800 participant ids) to code them, and
// trait joined 1.16 M self-reports to the conversations by their text id; the tables below do that once per data stamp.
// Codes follow the identifier's sort order, so they are the codes score_pivot and pairwise_codes hold;
// conversationIds / participantIds (common.ts) decode them.

import { derivedTable, freshDerived } from '../db/derived-table.js';
import type { Db } from '../db/workspace.js';

/** Conversation codes computed from the table (what the derived tables below store, and what older builds join). */
export const CONVERSATION_CODES = `(SELECT conversation_id, CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code FROM conversations)`;
export const PARTICIPANT_CODES = `(SELECT participant_id, CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code FROM participants)`;

/**
 * Every conversation in code order with its participant's code (-1 when it has none or the study does not have it),
 * round, scenario and scenario type. It depends on both tables: the participant codes follow the participant ids.
 */
export const CONVERSATION_CODES_TABLE = derivedTable({
  table: 'conversation_codes',
  dependsOn: ['conversations', 'participants'],
  build: (db, stamp) => db.run(
    `INSERT INTO conversation_codes
     SELECT $1, c.code, c.conversation_id, coalesce(p.code, -1), c.round, c.scenario, c.scenario_type
     FROM (SELECT conversation_id, participant_id, round, scenario, scenario_type,
             CAST(row_number() OVER (ORDER BY conversation_id) - 1 AS INTEGER) AS code FROM conversations) c
       LEFT JOIN ${PARTICIPANT_CODES} p ON p.participant_id = c.participant_id
     ORDER BY c.code`,
    [stamp],
  ),
});

/** Every participant in code order with its condition and trait scales. */
export const PARTICIPANT_CODES_TABLE = derivedTable({
  table: 'participant_codes',
  dependsOn: ['participants'],
  build: (db, stamp) => db.run(
    `INSERT INTO participant_codes
     SELECT $1, CAST(row_number() OVER (ORDER BY participant_id) - 1 AS INTEGER) AS code, participant_id, condition, jordan_empathy, sites
     FROM participants ORDER BY code`,
    [stamp],
  ),
});

/**
 * The self-reports that have a value, keyed by their conversation's code; those of a conversation the study does not
 * have are left out (no analysis can place them). Written in conversation-code order.
 */
export const SELF_REPORT_CODES_TABLE = derivedTable({
  table: 'self_report_codes',
  dependsOn: ['self_reports', 'conversations'],
  build: (db, stamp) => db.run(
    `INSERT INTO self_report_codes
     SELECT $1, c.code, sr.item, CAST(sr.value AS DOUBLE)
     FROM self_reports sr JOIN ${CONVERSATION_CODES} c ON c.conversation_id = sr.conversation_id
     WHERE sr.value IS NOT NULL ORDER BY c.code, sr.item`,
    [stamp],
  ),
});

/** The stamp conversation_codes holds every conversation for, after building it if the data changed since. */
export function freshConversationCodes(db: Db): Promise<string> {
  return freshDerived(db, CONVERSATION_CODES_TABLE);
}

export function freshParticipantCodes(db: Db): Promise<string> {
  return freshDerived(db, PARTICIPANT_CODES_TABLE);
}

export function freshSelfReportCodes(db: Db): Promise<string> {
  return freshDerived(db, SELF_REPORT_CODES_TABLE);
}
