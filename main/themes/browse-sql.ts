// The theme browser's queries over theme_models, theme_activations, theme_descriptions and sentences. Every value is a
// parameter; the only SQL spliced in is the constant SENTENCE_CONTEXT below.

import type { ThemeCofiring, ThemeIncidenceCell, ThemeModelSummary, ThemeSentence } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';

/** theme_models columns under the contract's names. */
const MODEL_COLUMNS = `model_id AS "modelId", embedding_set_id AS "embeddingSetId", grid_id AS "gridId", label, latents, k, seed,
  scenario_type AS "scenarioType", state, message, sentences, silhouette, silhouette_top2 AS "silhouetteTop2", loss,
  val_loss AS "valLoss", dead_latents AS "deadLatents", epochs, CAST(created_at AS VARCHAR) AS "createdAt",
  'theme:' || model_id AS labelling`;

export async function loadModels(db: Db, modelIds: string[] | null): Promise<ThemeModelSummary[]> {
  if (modelIds === null) return db.all<ThemeModelSummary>(`SELECT ${MODEL_COLUMNS} FROM theme_models ORDER BY grid_id NULLS LAST, scenario_type, latents, created_at, model_id`);
  const out: ThemeModelSummary[] = [];
  for (const id of modelIds) {
    const m = await db.one<ThemeModelSummary>(`SELECT ${MODEL_COLUMNS} FROM theme_models WHERE model_id = $1`, [id]);
    if (m) out.push(m);
  }
  return out;
}

/** A sentence's text, condition and round, joined to activation rows `a` (constant SQL). */
const SENTENCE_CONTEXT = `
  JOIN sentences s ON s.conversation_id = a.conversation_id AND s.turn = a.turn AND s.sentence_index = a.sentence_index
  LEFT JOIN conversations c ON c.conversation_id = a.conversation_id
  LEFT JOIN participants p ON p.participant_id = c.participant_id`;
const SENTENCE_COLUMNS = `a.conversation_id AS "conversationId", a.turn, a.sentence_index AS "sentenceIndex", s.text,
  CAST(a.activation AS DOUBLE) AS activation, CAST(a.rank AS INTEGER) AS rank, p.condition, c.round`;
/** Highest activation first; ties in sentence order so pages are stable. */
const TOP_ORDER = 'a.activation DESC, a.conversation_id, a.turn, a.sentence_index';

export interface LatentCounts { latent: number; countTop1: number; countAny: number }

/** Every latent 0..latents-1 with its top-1 and any-rank sentence counts, and the model's number of sentence units. */
export async function latentCounts(db: Db, modelId: string, latents: number): Promise<{ units: number; rows: LatentCounts[] }> {
  const units = await db.value<number>(
    `SELECT count(*) FROM (SELECT DISTINCT conversation_id, turn, sentence_index FROM theme_activations WHERE model_id = $1)`, [modelId]);
  const rows = await db.all<LatentCounts>(`
    WITH per AS (
      SELECT latent, count(*) FILTER (WHERE rank = 1) AS top1,
        count(DISTINCT (conversation_id, turn, sentence_index)) AS anyrank
      FROM theme_activations WHERE model_id = $1 GROUP BY latent)
    SELECT CAST(g.latent AS INTEGER) AS latent, coalesce(per.top1, 0) AS "countTop1", coalesce(per.anyrank, 0) AS "countAny"
    FROM range($2) g(latent) LEFT JOIN per ON per.latent = g.latent ORDER BY 1`, [modelId, latents]);
  return { units: Number(units ?? 0), rows };
}

export interface StoredDescription { latent: number; description: string; source: 'llm' | 'human' }

export async function descriptions(db: Db, modelId: string): Promise<Map<number, StoredDescription>> {
  const rows = await db.all<StoredDescription>(
    `SELECT latent, description, source FROM theme_descriptions WHERE model_id = $1`, [modelId]);
  return new Map(rows.map((r) => [r.latent, r]));
}

/** The n highest-activating sentences of every latent (for the list). */
export async function topSentencesPerLatent(db: Db, modelId: string, n: number): Promise<Map<number, ThemeSentence[]>> {
  const rows = await db.all<ThemeSentence & { latent: number }>(`
    SELECT * EXCLUDE (r) FROM (
      SELECT CAST(a.latent AS INTEGER) AS latent, ${SENTENCE_COLUMNS},
        row_number() OVER (PARTITION BY a.latent ORDER BY ${TOP_ORDER}) AS r
      FROM theme_activations a ${SENTENCE_CONTEXT}
      WHERE a.model_id = $1)
    WHERE r <= $2 ORDER BY latent, r`, [modelId, n]);
  const out = new Map<number, ThemeSentence[]>();
  for (const { latent, ...s } of rows) {
    const list = out.get(latent) ?? [];
    list.push(s);
    out.set(latent, list);
  }
  return out;
}

/** Latents whose description, or the text of a sentence where they are among the top K, contains `needle` (any case). */
export async function matchingLatents(db: Db, modelId: string, needle: string): Promise<Set<number>> {
  const rows = await db.all<{ latent: number }>(`
    SELECT latent FROM theme_descriptions WHERE model_id = $1 AND contains(lower(description), lower($2))
    UNION
    SELECT DISTINCT CAST(a.latent AS INTEGER) FROM theme_activations a
      JOIN sentences s ON s.conversation_id = a.conversation_id AND s.turn = a.turn AND s.sentence_index = a.sentence_index
    WHERE a.model_id = $1 AND contains(lower(s.text), lower($2))`, [modelId, needle]);
  return new Set(rows.map((r) => r.latent));
}

export async function topSentences(db: Db, modelId: string, latent: number, offset: number, limit: number): Promise<ThemeSentence[]> {
  return db.all<ThemeSentence>(`
    SELECT ${SENTENCE_COLUMNS} FROM theme_activations a ${SENTENCE_CONTEXT}
    WHERE a.model_id = $1 AND a.latent = $2 ORDER BY ${TOP_ORDER} LIMIT $3 OFFSET $4`, [modelId, latent, limit, offset]);
}

/**
 * A seeded random sample across the latent's activation range: its sentences are cut into 10 deciles of activation
 * (ntile), and each decile gives an equal share of `size` (the lower deciles one more when it does not divide), taken
 * in the order of a seeded hash of the sentence key. Lowest decile first, then by activation.
 */
export async function activationSample(db: Db, modelId: string, latent: number, size: number, seed: number): Promise<(ThemeSentence & { decile: number })[]> {
  if (size === 0) return [];
  return db.all<ThemeSentence & { decile: number }>(`
    WITH fired AS (
      SELECT a.*, CAST(ntile(10) OVER (ORDER BY a.activation, a.conversation_id, a.turn, a.sentence_index) AS INTEGER) AS decile
      FROM theme_activations a WHERE a.model_id = $1 AND a.latent = $2),
    picked AS (
      SELECT *, row_number() OVER (PARTITION BY decile ORDER BY hash($4, conversation_id, turn, sentence_index), conversation_id, turn, sentence_index) AS r
      FROM fired)
    SELECT ${SENTENCE_COLUMNS}, a.decile FROM picked a ${SENTENCE_CONTEXT}
    WHERE a.r <= $3 // 10 + CASE WHEN a.decile <= $3 % 10 THEN 1 ELSE 0 END
    ORDER BY a.decile, a.activation, a.conversation_id, a.turn, a.sentence_index`, [modelId, latent, size, seed]);
}

/** Per condition × round: the model's sentence units there, and how many have the latent among their top K. */
export async function incidence(db: Db, modelId: string, latent: number): Promise<ThemeIncidenceCell[]> {
  return db.all<ThemeIncidenceCell>(`
    WITH unit AS (
      SELECT conversation_id, turn, sentence_index, bool_or(latent = $2) AS has
      FROM theme_activations WHERE model_id = $1 GROUP BY ALL)
    SELECT p.condition, c.round, count(*) AS units, count(*) FILTER (WHERE u.has) AS count,
      count(*) FILTER (WHERE u.has) / count(*) AS share
    FROM unit u LEFT JOIN conversations c ON c.conversation_id = u.conversation_id
      LEFT JOIN participants p ON p.participant_id = c.participant_id
    GROUP BY ALL ORDER BY p.condition NULLS LAST, c.round NULLS LAST`, [modelId, latent]);
}

/**
 * Latents that share sentences with this one among the top K: count of shared sentences and lift = count × units /
 * (countAny(this) × countAny(other)), the ratio to what independent firing would give.
 */
export async function cofiring(db: Db, modelId: string, latent: number, units: number): Promise<Omit<ThemeCofiring, 'label' | 'description'>[]> {
  return db.all<Omit<ThemeCofiring, 'label' | 'description'>>(`
    WITH mine AS (SELECT DISTINCT conversation_id, turn, sentence_index FROM theme_activations WHERE model_id = $1 AND latent = $2),
    other AS (
      SELECT CAST(a.latent AS INTEGER) AS latent, count(DISTINCT (a.conversation_id, a.turn, a.sentence_index)) AS count
      FROM theme_activations a JOIN mine USING (conversation_id, turn, sentence_index)
      WHERE a.model_id = $1 AND a.latent <> $2 GROUP BY ALL),
    totals AS (
      SELECT CAST(latent AS INTEGER) AS latent, count(DISTINCT (conversation_id, turn, sentence_index)) AS n
      FROM theme_activations WHERE model_id = $1 GROUP BY ALL)
    SELECT o.latent, o.count, o.count * $3 / ((SELECT count(*) FROM mine) * t.n) AS lift
    FROM other o JOIN totals t USING (latent) ORDER BY o.count DESC, o.latent`, [modelId, latent, units]);
}
