import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { ident } from '../db/workspace.js';
import type { ConversationFilter, ConversationQuery, SortKey } from '../api/contract/index.js';
import { NO_SCENARIO } from '../api/contract/explorer.js';
import { CONSENSUS_CODER } from '../api/contract/coding.js';
import { CHOSEN_CTES, EFFECTIVE_CTES, TREE_CTE } from '../coding/sql.js';
import { UserError } from '../domain/errors.js';
import { PRESCRIPTIVE, PROSCRIPTIVE } from '../domain/study.js';
import { ROLE_BIT, type Candidates } from '../search/word-index.js';
import { DOC_COLUMN } from './score-pivot.js';

/** `countSql` is null when the page query carries the total itself (column `total`). */
export interface BuiltQuery { sql: string; params: DuckDBValue[]; countSql: string | null; countParams: DuckDBValue[] }

/**
 * `docs`: read explorer_docs (migration 11, only while main/search/explorer-docs.ts says it is ready) instead of
 * conversation_stats, so candidates, the default sort and the page's join back are on document numbers.
 * `searchText`: search_text holds the text of the workspace's imports (main/search/search-text.ts), so a `contains`
 * search reads it; otherwise (while the background job has not built it) the search scans the messages, with the same
 * matches. The word index's `candidates` are given only with it.
 */
export interface QueryOpts { scoreTable?: string | null; candidates?: Candidates | null; docs?: boolean; searchText?: boolean }

/** The table the page reads, the key its rows are joined and tie-broken on, and what the listed columns exclude. */
function source(opts: QueryOpts): { docs: boolean; table: string; key: string; listed: string; exclude: string; scoreOn: string } {
  const docs = !!opts.docs;
  return docs
    ? { docs, table: 'explorer_docs', key: 'doc', listed: `s.doc, ${LISTED}`, exclude: ' EXCLUDE (doc)', scoreOn: `ON sc.${DOC_COLUMN} = f.doc` }
    : { docs, table: 'conversation_stats', key: 'conversation_id', listed: LISTED, exclude: '', scoreOn: 'USING (conversation_id)' };
}

// Identifiers in this file come only from these fixed tables (or the score set's dimensions, read from
// the database). They are Maps, not object literals, so a key such as "toString" or "__proto__" finds
// nothing instead of an inherited property.
const BASE_SORT: ReadonlyMap<string, string> = new Map([
  ['conversation_id', 'f.conversation_id'],
  ['participant_id', 'f.participant_id'],
  ['condition', 'f.condition'],
  ['round', 'f.round'],
  ['scenario', 'f.scenario'],
  ['messages', 'f.messages'],
  ['supporter_words', 'f.supporter_words'],
]);
const SEARCH_ROLES: ReadonlySet<string> = new Set(ROLE_BIT.keys());

/**
 * The explorer's one query. Every user value is a parameter; identifiers come only from the score
 * set's own dimension list, read from the database, and `scoreTable` is a pivot made by score-pivot.ts.
 */
export function buildConversationQuery(
  q: ConversationQuery, dimensions: string[], opts: QueryOpts,
): BuiltQuery {
  const params: DuckDBValue[] = [];
  const src = source(opts);
  const where = filterClauses(q.filter, params, opts.candidates ?? null, src.docs, !!opts.searchText);
  const hasOverall = [...PRESCRIPTIVE, ...PROSCRIPTIVE].every((d) => dimensions.includes(d));
  const overall = hasOverall
    ? `(${PRESCRIPTIVE.map((d) => `sc.${ident(d)}`).join(' + ')}) - (${PROSCRIPTIVE.map((d) => `sc.${ident(d)}`).join(' + ')})`
    : 'NULL';
  let scoreJoin = '';
  let scoreSelect = '';
  if (opts.scoreTable && dimensions.length) {
    scoreJoin = `LEFT JOIN ${ident(opts.scoreTable)} sc ${src.scoreOn}`;
    scoreSelect = `, ${dimensions.map((d) => `sc.${ident(d)}`).join(', ')}, ${overall} AS overall`;
  } else {
    scoreSelect = ', NULL AS overall';
  }
  // The total is usually a separate count over the one table: a window count would make every page sort
  // all matches. A text search is the exception: scanning the text twice costs more than that sort.
  const whereSql = where.length ? 'WHERE ' + where.join(' AND ') : '';
  const searching = !!q.filter.search?.text.trim();
  const countSql = searching ? null : `SELECT count(*) FROM ${src.table} s ${whereSql}`;
  const countParams = [...params];
  const sql = `
SELECT f.*${src.exclude}${scoreSelect}${searching ? ', count(*) OVER () AS total' : ''}
FROM (
  SELECT ${src.listed}
  FROM ${src.table} s
  ${whereSql}
) f ${scoreJoin}
ORDER BY ${orderBy(q.sort, dimensions, !!scoreJoin, src.key)}`;
  return { sql, params, countSql, countParams };
}

/**
 * One page of the explorer's query, in two steps: the page's keys first (filter, sort key, limit and
 * offset over narrow columns; the scores joined only when they are the sort key), then the listed columns
 * and scores of just those rows. Sorting every match with all its columns took most of a page at 100x.
 * Same rows, order and total as buildConversationQuery with LIMIT/OFFSET.
 */
export function buildPageQuery(
  q: ConversationQuery, dimensions: string[], opts: QueryOpts,
  limit: number, offset: number,
): BuiltQuery {
  const full = buildConversationQuery(q, dimensions, opts);
  const key: SortKey = q.sort?.key ?? 'conversation_id';
  const byScore = !!opts.scoreTable && dimensions.length > 0 && (key === 'overall' || key.startsWith('score:'));
  const searching = !!q.filter.search?.text.trim();
  const params: DuckDBValue[] = [];
  const src = source(opts);
  const where = filterClauses(q.filter, params, opts.candidates ?? null, src.docs, !!opts.searchText);
  const whereSql = where.length ? 'WHERE ' + where.join(' AND ') : '';
  const keyScores = byScore ? `LEFT JOIN ${ident(opts.scoreTable!)} sc ${src.scoreOn}` : '';
  const keyOverall = byScore && key === 'overall' ? `, ${overallExpr(dimensions)} AS overall` : '';
  const order = orderBy(q.sort, dimensions, byScore, src.key);
  const scoreJoin = opts.scoreTable && dimensions.length ? `LEFT JOIN ${ident(opts.scoreTable)} sc ${src.scoreOn}` : '';
  const scoreSelect = scoreJoin ? `, ${dimensions.map((d) => `sc.${ident(d)}`).join(', ')}, ${overallExpr(dimensions)} AS overall` : ', NULL AS overall';
  const sql = `
WITH page AS (
  SELECT f.${src.key}${keyOverall}${searching ? ', count(*) OVER () AS total' : ''}
  FROM (SELECT ${src.listed} FROM ${src.table} s ${whereSql}) f ${keyScores}
  ORDER BY ${order}
  LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}
)
SELECT f.*${src.exclude}${scoreSelect}${searching ? ', page.total' : ''}
FROM page JOIN (SELECT ${src.listed} FROM ${src.table} s) f USING (${src.key}) ${scoreJoin}
ORDER BY ${orderBy(q.sort, dimensions, !!scoreJoin, src.key)}`;
  return { sql, params, countSql: full.countSql, countParams: full.countParams };
}

const LISTED = 's.conversation_id, s.participant_id, s.condition, s.round, s.scenario, s.scenario_type, s.messages, s.supporter_words';

/** Prescriptive minus proscriptive dimensions of the pivot `sc`, or NULL when the score set lacks one. */
function overallExpr(dimensions: string[]): string {
  return [...PRESCRIPTIVE, ...PROSCRIPTIVE].every((d) => dimensions.includes(d))
    ? `(${PRESCRIPTIVE.map((d) => `sc.${ident(d)}`).join(' + ')}) - (${PROSCRIPTIVE.map((d) => `sc.${ident(d)}`).join(' + ')})`
    : 'NULL';
}

/**
 * `tie`: the unique key rows are tie-broken on. Documents are numbered in conversation id order (one row per
 * conversation), so `doc` orders exactly as `conversation_id` does, and stands for it as a sort key too.
 */
function orderBy(sort: ConversationQuery['sort'], dimensions: string[], hasScores: boolean, tie: string): string {
  const dir = sort?.dir === 'desc' ? 'DESC' : 'ASC';
  const key: SortKey = sort?.key ?? 'conversation_id';
  let expr = key === 'conversation_id' ? `f.${tie}` : BASE_SORT.get(key);
  if (!expr && key === 'overall' && hasScores) expr = 'overall';
  if (!expr && key.startsWith('score:') && hasScores) {
    const d = key.slice(6);
    if (dimensions.includes(d)) expr = `sc.${ident(d)}`;
  }
  expr ??= `f.${tie}`;
  return `${expr} ${dir} NULLS LAST, f.${tie}`;
}

function filterClauses(f: ConversationFilter, params: DuckDBValue[], candidates: Candidates | null, docs: boolean, searchText: boolean): string[] {
  const out: string[] = [];
  const inList = (col: string, values: (string | number)[] | undefined) => {
    if (!values || values.length === 0) return;
    out.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('s.condition', f.conditions);
  if (f.scenarios?.includes(NO_SCENARIO)) {
    const named = f.scenarios.filter((v) => v !== NO_SCENARIO);
    out.push(`(s.scenario IS NULL${named.length ? ` OR s.scenario IN (${named.map(() => '?').join(', ')})` : ''})`);
    params.push(...named);
  } else inList('s.scenario', f.scenarios);
  inList('s.scenario_type', f.scenarioTypes);
  inList('s.round', f.rounds);
  inList('s.conversation_id', f.conversationIds);
  if (f.participant?.trim()) {
    out.push('s.participant_id = ?');
    params.push(f.participant.trim());
  }
  for (const r of f.scoreRanges ?? []) {
    const conds = ['score_set_id = ?', 'dimension = ?'];
    params.push(r.scoreSetId, r.dimension);
    if (r.min != null) { conds.push('score >= ?'); params.push(r.min); }
    if (r.max != null) { conds.push('score <= ?'); params.push(r.max); }
    out.push(`s.conversation_id IN (SELECT conversation_id FROM scores WHERE ${conds.join(' AND ')})`);
  }
  if (f.scoredIn) {
    out.push('s.conversation_id IN (SELECT conversation_id FROM scores WHERE score_set_id = ?)');
    params.push(f.scoredIn);
  }
  if (f.codes?.codeIds.length) {
    out.push(`s.conversation_id IN (${codedConversationsSql(f.codes.coder !== undefined)})`);
    params.push(...(f.codes.coder !== undefined ? [f.codes.coder] : [CONSENSUS_CODER, CONSENSUS_CODER]), listValue(f.codes.codeIds));
  }
  const search = f.search;
  if (search && search.text.trim()) {
    if (search.role !== undefined && !SEARCH_ROLES.has(search.role)) {
      // The API schema rejects such a role first; this keeps the builder safe for in-process callers too.
      throw new UserError(`filter.search.role must be one of: ${[...SEARCH_ROLES].join(', ')}`, 'invalid-args');
    }
    // The word index answers alone when exact; otherwise it narrows the text the predicate below reads (a contains
    // search, inside containsClause) or the conversations (a regex).
    if (candidates && (candidates.exact || search.mode === 'regex')) {
      out.push(docs ? `s.doc IN (${candidates.docs})` : `s.conversation_id IN (${candidates.sql})`);
      params.push(...candidates.params);
    }
    if (search.mode === 'regex') {
      const roleCond = search.role ? ' AND role = ?' : '';
      const narrow = candidates ? `conversation_id IN (${candidates.sql}) AND ` : '';
      out.push(`s.conversation_id IN (SELECT conversation_id FROM messages WHERE ${narrow}regexp_matches(text, ?, 'i')${roleCond})`);
      if (candidates) params.push(...candidates.params);
      params.push(search.text);
      if (search.role) params.push(search.role);
    } else if (!candidates?.exact) {
      out.push(searchText
        ? textClause(search.text.toLowerCase(), search.role, candidates, docs, params)
        : messagesClause(search.text.toLowerCase(), search.role, params));
    }
  }
  return out;
}

/**
 * A `contains` search over search_text: its documents (of the candidates, when the word index gives some) whose text
 * of the role, or of either role, contains the lower-cased needle.
 */
function textClause(needle: string, role: string | undefined, candidates: Candidates | null, docs: boolean, params: DuckDBValue[]): string {
  const where: string[] = [];
  if (candidates) { where.push(`doc IN (${candidates.docs})`); params.push(...candidates.params); }
  if (role) { where.push('role = ?'); params.push(ROLE_BIT.get(role)!); }
  where.push('contains(text, ?)');
  params.push(needle);
  const matching = `SELECT doc FROM search_text WHERE ${where.join(' AND ')}`;
  return docs ? `s.doc IN (${matching})` : `s.conversation_id IN (SELECT conversation_id FROM search_docs WHERE doc IN (${matching}))`;
}

/**
 * The same search before search_text is built, over the messages: a message's lower-cased text holds the needle
 * exactly when the role's text (its messages joined by line breaks, lower-cased) holds it at that message, unless the
 * needle itself holds a line break and so may span two messages: then the role's text is joined on the fly.
 */
function messagesClause(needle: string, role: string | undefined, params: DuckDBValue[]): string {
  const roles = role ? [role] : [...SEARCH_ROLES];
  params.push(...roles, needle);
  const inRoles = `role IN (${roles.map(() => '?').join(', ')})`;
  return needle.includes('\n')
    ? `s.conversation_id IN (SELECT conversation_id FROM messages WHERE ${inRoles} GROUP BY conversation_id, role
        HAVING contains(lower(string_agg(text, chr(10) ORDER BY turn)), ?))`
    : `s.conversation_id IN (SELECT conversation_id FROM messages WHERE ${inRoles} AND contains(lower(text), ?))`;
}

/**
 * Conversations with a sentence unit coded with one of the bound code ids (`?::VARCHAR[]`, last) or a descendant:
 * by one coder (bound first), or as the coding labellings have it (the consensus coder bound twice first).
 */
function codedConversationsSql(byCoder: boolean): string {
  const coded = byCoder
    ? `SELECT e.conversation_id, e.code_id FROM effective e WHERE e.coder = ?`
    : `SELECT c.conversation_id, c.code_id FROM chosen c`;
  return `WITH RECURSIVE ${TREE_CTE}, ${EFFECTIVE_CTES}${byCoder ? '' : `, ${CHOSEN_CTES}`}
    SELECT DISTINCT x.conversation_id FROM (${coded}) x JOIN tree t USING (code_id) WHERE list_has_any(t.ids, ?::VARCHAR[])`;
}
