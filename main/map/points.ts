// What the map view reads of a stored projection: its points with per-point attributes as small integer codes, a
// selection's counts and sentences, and theme label positions. Shaped in DuckDB (lists in point order, groups,
// centroids); the explorer's own filter query decides `visible`. Every value is a parameter.
import { listValue } from '@duckdb/node-api';
import type {
  CsvExport, MapBounds, MapCategory, MapLabels, MapPointCodes, MapPointCodesArgs, MapPoints, MapPointsArgs, MapSelection, MapSelectionArgs,
  MapSelectionSentence,
} from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { buildConversationQuery } from '../explorer/conversation-query.js';
import { searchOpts } from '../explorer/search-opts.js';
import { checkRegex } from '../explorer/regex-check.js';
import { toCsv } from '../export/csv.js';
import { checkIndices, countWithCode, pointCodes, selectionCodes, type MapCodingDeps } from './codes.js';
import { requireDone } from './store.js';

export const SELECTION_DEFAULTS = { limit: 200 };

/** Conversation attributes once per conversation (conversation_stats has a row per import of it). */
const CONVERSATIONS = `SELECT conversation_id, any_value(condition) AS condition, any_value(round) AS round, any_value(scenario) AS scenario
  FROM conversation_stats GROUP BY conversation_id`;
/** Top-1 latent per sentence unit of the theme model bound as the parameter. */
const TOP_THEME = `SELECT conversation_id, turn, sentence_index, 'L' || latent AS theme, latent FROM theme_activations WHERE model_id = ? AND rank = 1`;

/** Dictionary-encodes values in first-seen order after sorting, so codes are stable for the same data. */
function encode(values: (string | null)[], labelOf?: (v: string) => string): MapCategory {
  const distinct = [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const index = new Map(distinct.map((v, i) => [v, i]));
  return { values: distinct, labels: distinct.map((v) => labelOf?.(v) ?? v), codes: values.map((v) => (v === null ? -1 : index.get(v)!)) };
}

async function themeDescriptions(db: Db, modelId: string): Promise<Map<string, string>> {
  const exists = await db.value<number>(`SELECT count(*) FROM theme_models WHERE model_id = ?`, [modelId]);
  if (!Number(exists)) throw new UserError(`No theme model ${modelId}`, 'not-found');
  const rows = await db.all<{ latent: number; description: string }>(`SELECT latent, description FROM theme_descriptions WHERE model_id = ?`, [modelId]);
  return new Map(rows.map((r) => [`L${r.latent}`, r.description]));
}

async function boundsOf(db: Db, projectionId: string): Promise<MapBounds> {
  const b = await db.one<MapBounds>(`SELECT min(x)::DOUBLE AS "xMin", max(x)::DOUBLE AS "xMax", min(y)::DOUBLE AS "yMin", max(y)::DOUBLE AS "yMax"
    FROM projection_points WHERE projection_id = ?`, [projectionId]);
  return { xMin: b?.xMin ?? 0, xMax: b?.xMax ?? 0, yMin: b?.yMin ?? 0, yMax: b?.yMax ?? 0 };
}

/** The coding service, when the caller has one (colour by code needs it). */
function needCoding(coding: MapCodingDeps | undefined): MapCodingDeps {
  if (!coding) throw new UserError('Codes are not available here', 'bad-request');
  return coding;
}

export async function mapPoints(db: Db, a: MapPointsArgs, coding?: MapCodingDeps): Promise<MapPoints> {
  await requireDone(db, a.projectionId);
  const engine = await db.value<string>(`SELECT engine FROM projections WHERE projection_id = ?`, [a.projectionId]);
  if ((a.scoreSetId === undefined) !== (a.dimension === undefined)) throw new UserError('scoreSetId and dimension go together', 'invalid-args');
  const descriptions = a.themeModelId ? await themeDescriptions(db, a.themeModelId) : null;
  if (a.scoreSetId && a.dimension) {
    const n = await db.value<number>(`SELECT count(*) FROM scores WHERE score_set_id = ? AND dimension = ?`, [a.scoreSetId, a.dimension]);
    if (!Number(n)) throw new UserError(`Score set ${a.scoreSetId} has no scores for ${a.dimension}`, 'not-found');
  }
  const row = await db.one<Record<string, unknown[]>>(`
    WITH cs AS (${CONVERSATIONS}), th AS (${TOP_THEME}),
      sc AS (SELECT conversation_id, avg(score) AS score FROM scores WHERE score_set_id = ? AND dimension = ? GROUP BY conversation_id)
    SELECT list(round(p.x::DOUBLE, 4) ORDER BY p.point_index) AS x, list(round(p.y::DOUBLE, 4) ORDER BY p.point_index) AS y,
      list(p.conversation_id ORDER BY p.point_index) AS conversation, list(p.turn ORDER BY p.point_index) AS turn,
      list(p.sentence_index ORDER BY p.point_index) AS sentence, list(cs.condition ORDER BY p.point_index) AS condition,
      list(CAST(cs.round AS VARCHAR) ORDER BY p.point_index) AS round, list(cs.scenario ORDER BY p.point_index) AS scenario,
      list(th.theme ORDER BY p.point_index) AS theme, list(sc.score ORDER BY p.point_index) AS score
    FROM projection_points p LEFT JOIN cs USING (conversation_id) LEFT JOIN th USING (conversation_id, turn, sentence_index)
      LEFT JOIN sc USING (conversation_id)
    WHERE p.projection_id = ?`, [a.themeModelId ?? null, a.scoreSetId ?? null, a.dimension ?? null, a.projectionId]);
  const col = <T>(name: string) => (row?.[name] ?? []) as T[];
  const conv = encode(col<string>('conversation'));
  let visible: number[] | null = null;
  if (a.filter) {
    if (a.filter.search?.mode === 'regex' && a.filter.search.text.trim()) await checkRegex(db, a.filter.search.text);
    const q = buildConversationQuery({ filter: a.filter }, [], await searchOpts(db, a.filter));
    const ids = new Set((await db.all<{ conversation_id: string }>(`SELECT conversation_id FROM (${q.sql})`, q.params)).map((r) => r.conversation_id));
    const shown = conv.values.map((c) => ids.has(c));
    visible = conv.codes.map((c) => (shown[c] ? 1 : 0));
  }
  const scores = col<number | null>('score');
  // A loop, not Math.min(...values): spreading 300,000 arguments overflows the stack.
  let min: number | null = null, max: number | null = null;
  for (const s of scores) if (s !== null) { min = min === null || s < min ? s : min; max = max === null || s > max ? s : max; }
  const x = col<number>('x');
  return {
    projectionId: a.projectionId, engine: engine as MapPoints['engine'], n: x.length, x, y: col<number>('y'),
    conversations: conv.values, conversation: conv.codes, turn: col<number>('turn'), sentenceIndex: col<number>('sentence'),
    attributes: {
      condition: encode(col<string | null>('condition')),
      round: encode(col<string | null>('round')),
      scenario: encode(col<string | null>('scenario')),
      theme: descriptions ? encode(col<string | null>('theme'), (v) => descriptions.get(v) ?? v) : null,
      code: a.codes ? await pointCodes(db, needCoding(coding), a.projectionId, x.length, a.codes) : null,
    },
    score: a.scoreSetId && a.dimension
      ? { scoreSetId: a.scoreSetId, dimension: a.dimension, values: scores, min, max }
      : null,
    visible, visibleCount: visible ? visible.reduce((s, v) => s + v, 0) : x.length,
    bounds: await boundsOf(db, a.projectionId),
  };
}

interface SelectedRow {
  index: number; conversationId: string; turn: number; sentenceIndex: number; x: number; y: number; text: string | null;
  condition: string | null; round: number | null; scenario: string | null; theme: string | null;
}

/** Each point's code under a scope, in map-points order: the view recolours after coding without refetching the points. */
export async function mapPointCodes(db: Db, a: MapPointCodesArgs, coding?: MapCodingDeps): Promise<MapPointCodes> {
  const { points } = await requireDone(db, a.projectionId);
  return { projectionId: a.projectionId, code: await pointCodes(db, needCoding(coding), a.projectionId, points, a.codes) };
}

/** The selected points (distinct, by index) with their attributes; indices past the projection's points are refused. */
async function selected(db: Db, projectionId: string, indices: number[], themeModelId: string | undefined, limit: number | null): Promise<{ total: number; rows: SelectedRow[] }> {
  const unique = await checkIndices(db, projectionId, indices);
  const rows = await db.all<SelectedRow>(`
    WITH cs AS (${CONVERSATIONS}), th AS (${TOP_THEME}),
      sel AS (SELECT p.* FROM projection_points p WHERE p.projection_id = ? AND p.point_index IN (SELECT unnest(?::INTEGER[]))
        ORDER BY p.point_index ${limit === null ? '' : 'LIMIT ?'})
    SELECT sel.point_index AS "index", sel.conversation_id AS "conversationId", sel.turn, sel.sentence_index AS "sentenceIndex",
      round(sel.x::DOUBLE, 4) AS x, round(sel.y::DOUBLE, 4) AS y, s.text, cs.condition, cs.round, cs.scenario, th.theme
    FROM sel LEFT JOIN cs USING (conversation_id) LEFT JOIN th USING (conversation_id, turn, sentence_index)
      LEFT JOIN (SELECT conversation_id, turn, sentence_index, any_value(text) AS text FROM sentences GROUP BY ALL) s
        USING (conversation_id, turn, sentence_index)
    ORDER BY sel.point_index`, [themeModelId ?? null, projectionId, listValue(unique), ...(limit === null ? [] : [limit])]);
  return { total: unique.length, rows };
}

export async function mapSelection(db: Db, a: MapSelectionArgs): Promise<MapSelection> {
  const descriptions = a.themeModelId ? await themeDescriptions(db, a.themeModelId) : null;
  const limit = a.limit ?? SELECTION_DEFAULTS.limit;
  const { total, rows } = await selected(db, a.projectionId, a.indices, a.themeModelId, limit);
  const unique = [...new Set(a.indices)];
  const groups = await db.one<{ themes: { value: string | null; count: number }[]; conditions: { value: string | null; count: number }[]; conversations: number }>(`
    WITH cs AS (${CONVERSATIONS}), th AS (${TOP_THEME}),
      sel AS (SELECT p.conversation_id, cs.condition, th.theme FROM projection_points p LEFT JOIN cs USING (conversation_id)
        LEFT JOIN th USING (conversation_id, turn, sentence_index)
        WHERE p.projection_id = ? AND p.point_index IN (SELECT unnest(?::INTEGER[])))
    SELECT (SELECT list({'value': theme, 'count': n} ORDER BY n DESC, theme NULLS LAST) FROM (SELECT theme, count(*) AS n FROM sel GROUP BY theme)) AS themes,
      (SELECT list({'value': condition, 'count': n} ORDER BY n DESC, condition NULLS LAST) FROM (SELECT condition, count(*) AS n FROM sel GROUP BY condition)) AS conditions,
      (SELECT count(DISTINCT conversation_id) FROM sel) AS conversations`,
  [a.themeModelId ?? null, a.projectionId, listValue(unique)]);
  const codes = a.codes ? await selectionCodes(db, a.projectionId, [...new Set(a.indices)], rows.map((r) => r.index), a.codes) : null;
  const sentences: MapSelectionSentence[] = rows.map((r) => ({
    index: r.index, conversationId: r.conversationId, turn: r.turn, sentenceIndex: r.sentenceIndex, text: r.text ?? '',
    condition: r.condition, round: r.round, scenario: r.scenario, theme: r.theme, codes: codes?.paths.get(r.index) ?? null,
  }));
  return {
    count: total, conversations: Number(groups?.conversations ?? 0),
    byTheme: descriptions ? (groups?.themes ?? []).map((g) => ({ value: g.value, label: g.value ? descriptions.get(g.value) ?? g.value : null, count: Number(g.count) })) : [],
    byCondition: (groups?.conditions ?? []).map((g) => ({ value: g.value, count: Number(g.count) })),
    byCode: codes?.byCode ?? [],
    withCode: a.hasCode ? await countWithCode(db, a.projectionId, unique, a.hasCode.codeId, a.hasCode.coder) : null,
    sentences,
  };
}

export async function mapSelectionCsv(db: Db, a: Omit<MapSelectionArgs, 'limit'>): Promise<CsvExport> {
  if (a.themeModelId) await themeDescriptions(db, a.themeModelId);
  const { rows } = await selected(db, a.projectionId, a.indices, a.themeModelId, null);
  const header = ['index', 'conversation_id', 'turn', 'sentence_index', 'x', 'y', 'condition', 'round', 'scenario', 'theme', 'text'];
  const records = rows.map((r) => ({ ...r, conversation_id: r.conversationId, sentence_index: r.sentenceIndex }));
  return { filename: `map-${a.projectionId}-selection.csv`, csv: toCsv(header, records), rows: rows.length };
}

export async function mapLabels(db: Db, projectionId: string, themeModelId: string): Promise<MapLabels> {
  await requireDone(db, projectionId);
  const descriptions = await themeDescriptions(db, themeModelId);
  const rows = await db.all<{ latent: number; value: string; x: number; y: number; count: number }>(`
    WITH th AS (${TOP_THEME})
    SELECT CAST(th.latent AS INTEGER) AS latent, th.theme AS value, avg(p.x)::DOUBLE AS x, avg(p.y)::DOUBLE AS y, count(*) AS count
    FROM projection_points p JOIN th USING (conversation_id, turn, sentence_index)
    WHERE p.projection_id = ? GROUP BY ALL ORDER BY count DESC, latent`, [themeModelId, projectionId]);
  return {
    projectionId, themeModelId, bounds: await boundsOf(db, projectionId),
    labels: rows.map((r) => ({ ...r, count: Number(r.count), description: descriptions.get(r.value) ?? null })),
  };
}
