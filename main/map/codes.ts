// Codes on the map (issues 9 and 10): each point's code under a scope (one coder's effective codes, or the study's
// `coding:*` labellings), a selection's counts by code, and "code these", which hands the selected sentences to the
// coding service's assign-many (one event of its log, so the coder's undo takes it back). The coding rules (theme
// codes expanded, sentence codes overriding them, consensus first) stay in main/coding: this file only reads its
// SQL and labellings and calls its service.
import { listValue } from '@duckdb/node-api';
import type {
  CodeNode, MapCodeCategory, MapCodeScope, MapCodeSelectionArgs, MapCodeSelectionResult, MapSelection,
} from '../api/contract/index.js';
import { SEVERAL_CODES } from '../api/contract/index.js';
import type { CodingService } from '../coding/service.js';
import { EFFECTIVE_CTES, LABELLINGS, TREE_CTE } from '../coding/sql.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { requireDone } from './store.js';

/** What the map needs of the coding service. */
export type MapCodingDeps = Pick<CodingService, 'codebook' | 'assignMany'>;

export const SEVERAL_COLOR = '#33383f';
export const SEVERAL_LABEL = 'several codes';

/**
 * `pc(conversation_id, turn, sentence_index, path)`: the code paths each sentence unit carries under the scope, at
 * its level. Follows `WITH RECURSIVE`; its parameters come first.
 */
function scopeCte(scope: MapCodeScope): { sql: string; params: (string | number | null)[] } {
  const depth = scope.depth ?? null;
  if (scope.coder === undefined) {
    const labelling = LABELLINGS.find((l) => l.depth === depth)!.labelling;
    return { sql: `pc AS (SELECT DISTINCT conversation_id, turn, sentence_index, category AS path FROM sentence_labels WHERE labelling = ?)`, params: [labelling] };
  }
  return {
    sql: `${TREE_CTE}, ${EFFECTIVE_CTES},
      pc AS (SELECT DISTINCT e.conversation_id, e.turn, e.sentence_index, CASE WHEN ?::INTEGER IS NULL THEN t.path ELSE t.paths[?::INTEGER] END AS path
        FROM effective e JOIN tree t USING (code_id) WHERE e.coder = ? AND t.depth >= coalesce(?::INTEGER, 1))`,
    params: [depth, depth, scope.coder, depth],
  };
}

/** Point index → the code paths of its sentence under the scope, for the given points (all of the projection's when null). */
async function pointPaths(db: Db, projectionId: string, scope: MapCodeScope, indices: number[] | null): Promise<Map<number, string[]>> {
  const cte = scopeCte(scope);
  const rows = await db.all<{ i: number; paths: string[] }>(`
    WITH RECURSIVE ${cte.sql}
    SELECT p.point_index AS i, list(DISTINCT pc.path ORDER BY pc.path) AS paths
    FROM projection_points p JOIN pc USING (conversation_id, turn, sentence_index)
    WHERE p.projection_id = ? AND (?::INTEGER[] IS NULL OR p.point_index IN (SELECT unnest(?::INTEGER[])))
    GROUP BY 1`, [...cte.params, projectionId, indices ? listValue(indices) : null, indices ? listValue(indices) : null]);
  return new Map(rows.map((r) => [r.i, r.paths]));
}

/** The codebook's codes at the scope's level (every code when it has none), in tree order. */
function codesAtLevel(codes: CodeNode[], scope: MapCodeScope): CodeNode[] {
  return scope.depth ? codes.filter((c) => c.depth === scope.depth) : codes;
}

/** Each point's code: its one code, SEVERAL_CODES when it carries more, -1 when none. */
export async function pointCodes(db: Db, coding: MapCodingDeps, projectionId: string, n: number, scope: MapCodeScope): Promise<MapCodeCategory> {
  const level = codesAtLevel((await coding.codebook()).codes, scope);
  const index = new Map(level.map((c, i) => [c.path, i]));
  const codes = new Array<number>(n).fill(-1);
  let several = false;
  for (const [i, paths] of await pointPaths(db, projectionId, scope, null)) {
    const known = paths.filter((p) => index.has(p));
    if (known.length === 1) codes[i] = index.get(known[0])!;
    else if (known.length > 1) {
      codes[i] = level.length;
      several = true;
    }
  }
  return {
    values: [...level.map((c) => c.codeId), ...(several ? [SEVERAL_CODES] : [])],
    labels: [...level.map((c) => c.path), ...(several ? [SEVERAL_LABEL] : [])],
    colors: [...level.map((c) => c.color), ...(several ? [SEVERAL_COLOR] : [])],
    codes, scope,
  };
}

/** A selection's sentences per code under the scope (uncoded ones as codeId null), and the listed sentences' paths. */
export async function selectionCodes(db: Db, projectionId: string, unique: number[], listed: number[], scope: MapCodeScope):
  Promise<{ byCode: MapSelection['byCode']; paths: Map<number, string[]> }> {
  const all = await pointPaths(db, projectionId, scope, unique);
  const counts = new Map<string, number>();
  for (const paths of all.values()) for (const p of paths) counts.set(p, (counts.get(p) ?? 0) + 1);
  // Only the paths' ids and colours: the hover tooltip asks this for every point it settles on, so no codebook counts.
  const byPath = new Map((await db.all<{ codeId: string; path: string; color: string }>(`WITH RECURSIVE ${TREE_CTE}
    SELECT t.code_id AS "codeId", t.path, c.color FROM tree t JOIN coding_codes c USING (code_id)`)).map((c) => [c.path, c]));
  const byCode: MapSelection['byCode'] = [...counts].map(([path, count]) => ({
    codeId: byPath.get(path)?.codeId ?? null, path, color: byPath.get(path)?.color ?? null, count,
  }));
  byCode.sort((a, b) => b.count - a.count || (a.path ?? '').localeCompare(b.path ?? ''));
  const uncoded = unique.length - all.size;
  if (uncoded > 0) byCode.push({ codeId: null, path: null, color: null, count: uncoded });
  return { byCode, paths: new Map(listed.map((i) => [i, all.get(i) ?? []])) };
}

/** How many of the points' sentences the coder's effective codes already give the code. */
export async function countWithCode(db: Db, projectionId: string, unique: number[], codeId: string, coder: string): Promise<number> {
  return Number(await db.value<number>(`
    WITH ${EFFECTIVE_CTES},
      hit AS (SELECT DISTINCT conversation_id, turn, sentence_index FROM effective WHERE coder = ? AND code_id = ?)
    SELECT count(*) FROM projection_points p JOIN hit USING (conversation_id, turn, sentence_index)
    WHERE p.projection_id = ? AND p.point_index IN (SELECT unnest(?::INTEGER[]))`, [coder, codeId, projectionId, listValue(unique)]));
}

/** The distinct indices, refused by position when one is past the projection's points. */
export async function checkIndices(db: Db, projectionId: string, indices: number[]): Promise<number[]> {
  const { points } = await requireDone(db, projectionId);
  const bad = indices.findIndex((i) => i >= points);
  if (bad >= 0) throw new UserError(`indices.${bad}: ${indices[bad]} is past the projection's ${points} points`, 'invalid-args');
  return [...new Set(indices)].sort((a, b) => a - b);
}

/** "Code these": one coding event of sentence assignments for the selected points' sentences. */
export async function codeSelection(db: Db, coding: MapCodingDeps, a: MapCodeSelectionArgs): Promise<MapCodeSelectionResult> {
  const unique = await checkIndices(db, a.projectionId, a.indices);
  const keys = await db.all<{ conversationId: string; turn: number; sentenceIndex: number }>(`
    SELECT conversation_id AS "conversationId", turn, sentence_index AS "sentenceIndex" FROM projection_points
    WHERE projection_id = ? AND point_index IN (SELECT unnest(?::INTEGER[])) ORDER BY point_index`, [a.projectionId, listValue(unique)]);
  const already = await countWithCode(db, a.projectionId, unique, a.codeId, a.coder);
  const { assignments } = await coding.assignMany({ coder: a.coder, codeId: a.codeId, units: keys.map((k) => ({ grain: 'sentence' as const, ...k })) });
  return { sentences: keys.length, assigned: assignments, already };
}
