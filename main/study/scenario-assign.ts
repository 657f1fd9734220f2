// Scenarios assigned by hand. An importer can fail to tell a conversation's scenario (the pilot's opening
// lines that match no known starter); the researcher assigns it, one conversation at a time or by a rule on
// the opening line, and the assignment is written into the workspace like imported data, with a record of
// who-did-what in study_meta so the provenance of every hand-assigned scenario stays visible.
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import type { ScenarioAssignArgs, ScenarioAssignResult } from '../api/contract/study.js';
import { bumpDataVersion } from '../services/analysis/cache.js';

/**
 * The opening line as the rule compares it: lower case, every run of other than a-z and 0-9 folded to one space.
 * The SQL and the JS spell the same rule (RE2's [:alnum:] is ASCII), so a rule typed with accents or curly
 * apostrophes matches the stored lines the same way.
 */
const NORMALISED = (expr: string) => `trim(regexp_replace(lower(${expr}), '[^a-z0-9]+', ' ', 'g'))`;

function normaliseOpening(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

const OPENING_SQL = `(SELECT m.text FROM messages m WHERE m.conversation_id = c.conversation_id ORDER BY m.turn LIMIT 1)`;

export async function assignScenario(db: Db, args: ScenarioAssignArgs): Promise<ScenarioAssignResult> {
  const scenario = args.scenario.trim();
  if (!scenario) throw new UserError('scenario: give the scenario to assign', 'invalid-args');
  const ids = args.conversationIds ?? [];
  const rule = args.openingStartsWith != null ? normaliseOpening(args.openingStartsWith) : null;
  if (!ids.length && rule == null) throw new UserError('Give conversationIds or openingStartsWith: which conversations get the scenario', 'invalid-args');
  if (rule != null && rule.length < 3) throw new UserError('openingStartsWith: give at least three letters of the opening line', 'invalid-args');

  // A rule only ever fills scenarios that are missing; listed conversations are reassigned as asked.
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (ids.length) {
    where.push(`c.conversation_id IN (${ids.map(() => '?').join(', ')})`);
    params.push(...ids);
  }
  if (rule != null) {
    where.push(`(c.scenario IS NULL AND starts_with(${NORMALISED(OPENING_SQL)}, ?))`);
    params.push(rule);
  }
  const matchSql = `SELECT c.conversation_id FROM conversations c WHERE ${where.join(' OR ')}`;
  const matched = (await db.all<{ conversation_id: string }>(`${matchSql} ORDER BY 1`, params)).map((r) => r.conversation_id);
  const found = new Set(matched);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new UserError(`conversationIds: no conversation ${missing.slice(0, 3).map((m) => `"${m}"`).join(', ')}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ''} in this study`, 'not-found');

  // The scenario's type follows the study's other conversations of that scenario unless given.
  const scenarioType = args.scenarioType ?? await db.value<string | null>(
    `SELECT mode(scenario_type) FROM conversations WHERE scenario = ? AND scenario_type IS NOT NULL`, [scenario]);
  if (args.dryRun) return { scenario, scenarioType: scenarioType ?? null, conversations: matched.length, sample: matched.slice(0, 20), applied: false };
  if (!matched.length) return { scenario, scenarioType: scenarioType ?? null, conversations: 0, sample: [], applied: false };

  await db.transaction(async () => {
    const list = `(${matched.map(() => '?').join(', ')})`;
    await db.run(`UPDATE conversations SET scenario = ?, scenario_type = ? WHERE conversation_id IN ${list}`, [scenario, scenarioType ?? null, ...matched]);
    await db.run(`UPDATE conversation_stats SET scenario = ?, scenario_type = ? WHERE conversation_id IN ${list}`, [scenario, scenarioType ?? null, ...matched]);
    const record = { at: new Date().toISOString(), scenario, scenarioType: scenarioType ?? null, rule: args.openingStartsWith ?? null, conversations: matched };
    const prev = await db.value<string | null>(`SELECT CAST(value AS VARCHAR) FROM study_meta WHERE key = 'scenario_assignments'`);
    const log = [...(prev ? (JSON.parse(prev) as unknown[]) : []), record];
    await db.run(`DELETE FROM study_meta WHERE key = 'scenario_assignments'`);
    await db.run(`INSERT INTO study_meta VALUES ('scenario_assignments', ?::JSON)`, [JSON.stringify(log)]);
    // An update in place changes no row count: cached analyses learn of it from the data version.
    await bumpDataVersion(db, ['conversations']);
  });
  return { scenario, scenarioType: scenarioType ?? null, conversations: matched.length, sample: matched.slice(0, 20), applied: true };
}

/** Conversations without a scenario, in a study where others have one (else the question does not arise). */
export async function unassignedScenarioCount(db: Db): Promise<number> {
  return Number(await db.value<number | bigint>(
    `SELECT CASE WHEN count(scenario) = 0 THEN 0 ELSE count(*) - count(scenario) END FROM conversations`));
}
