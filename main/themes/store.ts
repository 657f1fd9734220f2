// theme_models, theme_activations and the `theme:<model_id>` rows of sentence_labels: every SQL statement of
// kSAE training. Values are parameters; BLOBs go in as blob values and come back through base64 (the Db's
// plain rows would turn bytes into text).
import { randomUUID } from 'node:crypto';
import { blobValue, listValue } from '@duckdb/node-api';
import type { ThemeEpoch, ThemeModelDetail, ThemeModelSummary, ThemeScenarioType } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';

/** 'interrupted' is never stored: it is how a 'running' row of no live job is shown. */
export type StoredModelState = 'pending' | 'running' | 'paused' | 'done' | 'failed';

export interface NewModel {
  embeddingSetId: string; gridId: string; latents: number; k: number; seed: number; scenarioType: ThemeScenarioType;
  params: Record<string, unknown>; label: string | null;
}

/** What the training job needs of a stored model. */
export interface GridModel {
  modelId: string; embeddingSetId: string; latents: number; k: number; seed: number; scenarioType: ThemeScenarioType;
  state: StoredModelState; params: Record<string, unknown>; hasCheckpoint: boolean;
}

/** Training and listing order within a grid: pooled, personal, workplace; then M ascending. */
const GRID_ORDER = `created_at, grid_id, CASE scenario_type WHEN 'all' THEN 0 WHEN 'personal' THEN 1 ELSE 2 END, latents, model_id`;

const SUMMARY_COLUMNS = `model_id AS "modelId", embedding_set_id AS "embeddingSetId", grid_id AS "gridId", label, latents, k, seed,
  scenario_type AS "scenarioType", state, message, sentences, silhouette, silhouette_top2 AS "silhouetteTop2", loss,
  val_loss AS "valLoss", dead_latents AS "deadLatents", epochs, CAST(created_at AS VARCHAR) AS "createdAt",
  'theme:' || model_id AS labelling`;

export const newGridId = () => `grid-${randomUUID().slice(0, 8)}`;
const newModelId = () => `ksae-${randomUUID().slice(0, 8)}`;

export async function insertModels(db: Db, models: NewModel[]): Promise<string[]> {
  const ids: string[] = [];
  await db.transaction(async () => {
    for (const m of models) {
      const id = newModelId();
      ids.push(id);
      await db.run(`INSERT INTO theme_models (model_id, embedding_set_id, grid_id, latents, k, seed, scenario_type, state, params, label, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, now(), now())`,
      [id, m.embeddingSetId, m.gridId, m.latents, m.k, m.seed, m.scenarioType, JSON.stringify(m.params), m.label]);
    }
  });
  return ids;
}

/** The grid's models in training order: scenario type as created, then M ascending. */
export async function gridModels(db: Db, gridId: string): Promise<GridModel[]> {
  const rows = await db.all<Omit<GridModel, 'params'> & { params: string }>(`SELECT model_id AS "modelId", embedding_set_id AS "embeddingSetId",
      latents, k, seed, scenario_type AS "scenarioType", state, CAST(params AS VARCHAR) AS params, checkpoint IS NOT NULL AS "hasCheckpoint"
    FROM theme_models WHERE grid_id = ? ORDER BY ${GRID_ORDER}`, [gridId]);
  return rows.map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, unknown> }));
}

export async function readCheckpoint(db: Db, modelId: string): Promise<Uint8Array | null> {
  const b64 = await db.value<string | null>(`SELECT to_base64(checkpoint) FROM theme_models WHERE model_id = ?`, [modelId]);
  return b64 ? new Uint8Array(Buffer.from(b64, 'base64')) : null;
}

export async function setModelState(db: Db, modelId: string, state: StoredModelState, message: string | null): Promise<void> {
  await db.run(`UPDATE theme_models SET state = ?, message = ?, updated_at = now() WHERE model_id = ?`, [state, message, modelId]);
}

/** After each epoch: the curve so far and the checkpoint to resume from. */
export async function saveEpoch(db: Db, modelId: string, e: { history: ThemeEpoch[]; checkpoint: Uint8Array; sentences: number }): Promise<void> {
  const last = e.history.at(-1);
  await db.run(`UPDATE theme_models SET state = 'running', message = NULL, epochs = ?, history = ?, checkpoint = ?, loss = ?, val_loss = ?,
      dead_latents = ?, sentences = ?, updated_at = now() WHERE model_id = ?`,
  [e.history.length, JSON.stringify(e.history), blobValue(e.checkpoint), last?.loss ?? null, last?.valLoss ?? null, last?.dead ?? null, e.sentences, modelId]);
}

export interface FinishedModel {
  weights: Uint8Array; history: ThemeEpoch[]; silhouette: number | null; silhouetteTop2: number | null;
  loss: number | null; valLoss: number | null; deadLatents: number; epochs: number;
  /** Row keys of the embedding matrix and the trainer's n × k top latents / activations, best first. */
  keys: { conversationIds: string[]; turns: Int32Array; sentenceIndex: Int32Array };
  k: number; idx: Int32Array; act: Float32Array;
}

/**
 * One transaction: the model's results, its activations (rank 1..K per sentence unit) and the same top-K as the
 * sentence_labels labelling `theme:<id>` with category `L<latent>`, so theme-shift analyses can use the model.
 */
export async function finishModel(db: Db, modelId: string, r: FinishedModel): Promise<void> {
  const n = r.keys.conversationIds.length;
  const conv: string[] = [], turn: number[] = [], sentence: number[] = [], rank: number[] = [], latent: number[] = [], act: number[] = [];
  for (let i = 0; i < n; i++) for (let s = 0; s < r.k; s++) {
    if (r.idx[i * r.k + s] < 0) continue;
    conv.push(r.keys.conversationIds[i]);
    turn.push(r.keys.turns[i]);
    sentence.push(r.keys.sentenceIndex[i]);
    rank.push(s + 1);
    latent.push(r.idx[i * r.k + s]);
    act.push(r.act[i * r.k + s]);
  }
  await db.transaction(async () => {
    await db.run(`DELETE FROM theme_activations WHERE model_id = ?`, [modelId]);
    await db.run(`DELETE FROM sentence_labels WHERE labelling = ?`, [`theme:${modelId}`]);
    await db.run(`INSERT INTO theme_activations SELECT ?, unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::INTEGER[]),
        unnest(?::TINYINT[]), unnest(?::SMALLINT[]), unnest(?::FLOAT[])`,
    [modelId, listValue(conv), listValue(turn), listValue(sentence), listValue(rank), listValue(latent), listValue(act)]);
    await db.run(`INSERT INTO sentence_labels (labelling, conversation_id, turn, sentence_index, category, rank, import_id)
      SELECT 'theme:' || model_id, conversation_id, turn, sentence_index, 'L' || latent, rank, NULL FROM theme_activations WHERE model_id = ?`, [modelId]);
    await db.run(`UPDATE theme_models SET state = 'done', message = NULL, weights = ?, checkpoint = NULL, history = ?, silhouette = ?,
        silhouette_top2 = ?, loss = ?, val_loss = ?, dead_latents = ?, epochs = ?, sentences = ?, updated_at = now() WHERE model_id = ?`,
    [blobValue(r.weights), JSON.stringify(r.history), r.silhouette, r.silhouetteTop2, r.loss, r.valLoss, r.deadLatents, r.epochs, n, modelId]);
  });
}

/** A 'running' row that no live job owns is shown as 'interrupted'. */
function shown<T extends { modelId: string; gridId: string | null; state: string }>(m: T, liveGrids: ReadonlySet<string>): T {
  return m.state === 'running' && !(m.gridId && liveGrids.has(m.gridId)) ? { ...m, state: 'interrupted' } : m;
}

export async function listModels(db: Db, f: { embeddingSetId?: string; gridId?: string }, liveGrids: ReadonlySet<string>): Promise<ThemeModelSummary[]> {
  const rows = await db.all<ThemeModelSummary>(`SELECT ${SUMMARY_COLUMNS} FROM theme_models
    WHERE (?::VARCHAR IS NULL OR embedding_set_id = ?) AND (?::VARCHAR IS NULL OR grid_id = ?)
    ORDER BY ${GRID_ORDER}`, [f.embeddingSetId ?? null, f.embeddingSetId ?? null, f.gridId ?? null, f.gridId ?? null]);
  return rows.map((m) => shown(m, liveGrids));
}

export async function getModel(db: Db, modelId: string, liveGrids: ReadonlySet<string>): Promise<ThemeModelDetail> {
  const row = await db.one<ThemeModelSummary & { history: string | null; params: string; resumable: boolean }>(`SELECT ${SUMMARY_COLUMNS},
      CAST(history AS VARCHAR) AS history, CAST(params AS VARCHAR) AS params, checkpoint IS NOT NULL AS resumable
    FROM theme_models WHERE model_id = ?`, [modelId]);
  if (!row) throw new UserError(`No theme model ${modelId}`, 'not-found');
  return shown({ ...row, history: row.history ? (JSON.parse(row.history) as ThemeEpoch[]) : [], params: JSON.parse(row.params) as Record<string, unknown> }, liveGrids);
}

/** The model, its activations, its sentence labels and its descriptions. */
export async function deleteModel(db: Db, modelId: string): Promise<void> {
  await db.transaction(async () => {
    await db.run(`DELETE FROM theme_activations WHERE model_id = ?`, [modelId]);
    await db.run(`DELETE FROM sentence_labels WHERE labelling = ?`, [`theme:${modelId}`]);
    await db.run(`DELETE FROM theme_descriptions WHERE model_id = ?`, [modelId]);
    await db.run(`DELETE FROM theme_models WHERE model_id = ?`, [modelId]);
  });
}
