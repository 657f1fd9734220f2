// What the open study holds: counts, levels, score sets, and which analyses its tables can feed.
import type { Db } from '../db/workspace.js';
import type { ScoreSetInfo, StudyInfo, StudyOverview, TableName } from '../api/contract/index.js';
import { SCHEMA_VERSION } from '../db/schema.js';
import { unassignedScenarioCount } from './scenario-assign.js';

const TABLES: TableName[] = ['participants', 'conversations', 'messages', 'sentences', 'scores', 'score_sets', 'self_reports', 'pairwise', 'taxonomy', 'sentence_labels'];

const NEEDED_BY: Partial<Record<TableName, string>> = {
  participants: 'condition filters, condition effects, reliable change, trait analyses',
  scores: 'score columns, score filters, every figure',
  self_reports: 'self-report versus expressed empathy (Fig. 5)',
  pairwise: 'human-LLM preference and Elo (Fig. 6)',
  taxonomy: 'taxonomy incidence shifts (Fig. 2B)',
  sentence_labels: 'ground-truth theme incidence',
};

export async function studyInfo(db: Db, path: string): Promise<StudyInfo> {
  const counts = await db.one<Record<string, number>>(
    `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`,
  );
  const meta = Object.fromEntries(
    (await db.all<{ key: string; value: string }>('SELECT key, CAST(value AS VARCHAR) AS value FROM study_meta')).map((r) => [r.key, JSON.parse(r.value)]),
  );
  const list = async (sql: string) => (await db.all<{ v: string | number }>(sql)).map((r) => r.v);
  const scoreSets = await db.all<ScoreSetInfo>(`
    SELECT s.score_set_id AS id, s.rater, json_extract_string(s.provenance, '$.label') AS label, s.kind, s.scale_min AS "scaleMin", s.scale_max AS "scaleMax",
      (SELECT count(DISTINCT conversation_id) FROM scores x WHERE x.score_set_id = s.score_set_id) AS conversations,
      coalesce((SELECT list(DISTINCT dimension ORDER BY dimension) FROM scores x WHERE x.score_set_id = s.score_set_id), []) AS dimensions
    FROM score_sets s ORDER BY s.created_at, s.score_set_id`);
  return {
    path,
    name: String(meta.name ?? 'Untitled study'),
    simulated: meta.simulated === true,
    source: meta.source ? String(meta.source) : null,
    participants: counts!.participants,
    conversations: counts!.conversations,
    messages: counts!.messages,
    sentences: counts!.sentences,
    conditions: (await list(`SELECT DISTINCT condition AS v FROM participants WHERE condition IS NOT NULL ORDER BY 1`)) as string[],
    scenarios: (await list(`SELECT DISTINCT scenario AS v FROM conversations WHERE scenario IS NOT NULL ORDER BY 1`)) as string[],
    unassignedScenarios: await unassignedScenarioCount(db),
    scenarioTypes: (await list(`SELECT DISTINCT scenario_type AS v FROM conversations WHERE scenario_type IS NOT NULL ORDER BY 1`)) as string[],
    rounds: (await list(`SELECT DISTINCT round AS v FROM conversations WHERE round IS NOT NULL ORDER BY 1`)) as number[],
    scoreSets,
    tables: Object.fromEntries(TABLES.map((t) => [t, counts![t]])) as Record<TableName, number>,
    schemaVersion: SCHEMA_VERSION,
  };
}

export async function studyOverview(db: Db): Promise<StudyOverview> {
  const by = (col: string, from: string) => db.all<{ key: string; conversations: number; participants: number }>(
    `SELECT coalesce(CAST(${col} AS VARCHAR), '(none)') AS key, count(*) AS conversations, count(DISTINCT c.participant_id) AS participants
     FROM conversations c ${from} GROUP BY 1 ORDER BY 1`);
  const join = 'LEFT JOIN participants p USING (participant_id)';
  const counts = await db.one<Record<string, number>>(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
  return {
    byCondition: await by('p.condition', join),
    byScenario: await by('c.scenario', ''),
    byRound: await by('c.round', ''),
    byConditionRound: await db.all(
      `SELECT coalesce(p.condition, '(none)') AS condition, c.round, count(*) AS conversations
       FROM conversations c ${join} GROUP BY 1, 2 ORDER BY 1, 2`),
    missingTables: (Object.keys(NEEDED_BY) as TableName[]).filter((t) => counts![t] === 0).map((t) => ({ table: t, neededBy: NEEDED_BY[t]! })),
  };
}
