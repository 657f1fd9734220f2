// theme_descriptions rows and what a describe run reads: a model's sentences and each latent's activations.
//
// Columns used beyond the obvious: `candidates` holds every candidate the LLM wrote with its fidelity (kept when a
// person edits the description); `fidelity` holds the kept candidate's check and the run's provenance:
// { check: ThemeFidelity | null, settingsKey, shown: ['conversation_id|turn|sentence_index', …] }.
// A row with source 'human' is never replaced by an LLM run (writeLlmDescription checks inside its transaction).
import type { Db } from '../db/workspace.js';
import type { ThemeDescription, ThemeDescriptionCandidate, ThemeFidelity } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { isoOf, nowSql } from '../judge/time.js';
import type { LatentFiring } from './describe-samples.js';

export interface ModelSentences {
  latents: number;
  /** 'conversation_id|turn|sentence_index' of each sentence, in key order; indexes below point into it. */
  keys: string[];
  texts: string[];
  firings: LatentFiring[];
}

const KEYS_SQL = `
  WITH keys AS (SELECT DISTINCT conversation_id, turn, sentence_index FROM theme_activations WHERE model_id = $model),
  numbered AS (
    SELECT k.conversation_id, k.turn, k.sentence_index, s.text,
           row_number() OVER (ORDER BY k.conversation_id, k.turn, k.sentence_index) - 1 AS idx
    FROM keys k JOIN sentences s USING (conversation_id, turn, sentence_index))`;

export async function loadModelSentences(db: Db, modelId: string): Promise<ModelSentences> {
  const model = await db.one<{ latents: number }>(`SELECT latents FROM theme_models WHERE model_id = ?`, [modelId]);
  if (!model) throw new UserError(`No theme model "${modelId}"`, 'not-found');
  const rows = await db.all<{ c: string; t: number; i: number; text: string }>(
    `${KEYS_SQL} SELECT conversation_id AS c, turn AS t, sentence_index AS i, text FROM numbered ORDER BY idx`, { model: modelId });
  if (!rows.length) throw new UserError(`Theme model "${modelId}" has no sentence activations yet (train it first)`, 'missing-table');
  const acts = await db.all<{ latent: number; idx: number; a: number }>(
    `${KEYS_SQL} SELECT a.latent, n.idx, a.activation AS a FROM theme_activations a
       JOIN numbered n USING (conversation_id, turn, sentence_index)
       WHERE a.model_id = $model AND a.activation > 0
       ORDER BY a.latent, a.activation DESC, n.idx`, { model: modelId });
  const firings: LatentFiring[] = [];
  for (let i = 0; i < acts.length;) {
    let j = i;
    while (j < acts.length && acts[j].latent === acts[i].latent) j++;
    firings.push({
      latent: acts[i].latent,
      sentences: Int32Array.from(acts.slice(i, j), (r) => r.idx),
      activations: Float32Array.from(acts.slice(i, j), (r) => r.a),
    });
    i = j;
  }
  return { latents: model.latents, keys: rows.map((r) => `${r.c}|${r.t}|${r.i}`), texts: rows.map((r) => r.text), firings };
}

interface DescriptionRow {
  model_id: string; latent: number; description: string; source: 'llm' | 'human'; llm_model: string | null; base_url_host: string | null;
  temperature: number | null; prompt_hash: string | null; candidates: string | null; precision: number | null; recall: number | null;
  f1: number | null; fidelity: string | null; created_at: unknown; updated_at: unknown;
}

interface FidelityJson { check: ThemeFidelity | null; settingsKey: string; shown: string[] }

function toDescription(r: DescriptionRow): ThemeDescription {
  const f = r.fidelity ? (JSON.parse(r.fidelity) as FidelityJson) : null;
  return {
    modelId: r.model_id, latent: r.latent, description: r.description, source: r.source, llmModel: r.llm_model,
    baseUrlHost: r.base_url_host, temperature: r.temperature, promptHash: r.prompt_hash, precision: r.precision, recall: r.recall,
    f1: r.f1, fidelity: f?.check ?? null, candidates: r.candidates ? (JSON.parse(r.candidates) as ThemeDescriptionCandidate[]) : [],
    shown: f?.shown ?? [], createdAt: isoOf(r.created_at)!, updatedAt: isoOf(r.updated_at)!,
  };
}

const SELECT = `SELECT * EXCLUDE (candidates, fidelity), CAST(candidates AS VARCHAR) AS candidates, CAST(fidelity AS VARCHAR) AS fidelity FROM theme_descriptions`;

export async function listDescriptions(db: Db, modelId: string): Promise<ThemeDescription[]> {
  const rows = await db.all<DescriptionRow>(`${SELECT} WHERE model_id = ? ORDER BY latent`, [modelId]);
  return rows.map(toDescription);
}

export async function getDescription(db: Db, modelId: string, latent: number): Promise<ThemeDescription | null> {
  const r = await db.one<DescriptionRow>(`${SELECT} WHERE model_id = ? AND latent = ?`, [modelId, latent]);
  return r ? toDescription(r) : null;
}

/** Per latent: 'human', or the settings key of its LLM description. */
export async function describedLatents(db: Db, modelId: string): Promise<Map<number, string>> {
  const rows = await db.all<{ latent: number; source: string; key: string | null }>(
    `SELECT latent, source, json_extract_string(fidelity, '$.settingsKey') AS key FROM theme_descriptions WHERE model_id = ?`, [modelId]);
  return new Map(rows.map((r) => [r.latent, r.source === 'human' ? 'human' : r.key ?? '']));
}

export interface LlmDescription {
  modelId: string; latent: number; description: string; llmModel: string; baseUrlHost: string; temperature: number; promptHash: string;
  candidates: ThemeDescriptionCandidate[]; check: ThemeFidelity | null; settingsKey: string; shown: string[];
}

/** Stores an LLM description unless a person wrote this latent's description (then nothing changes). Call inside a transaction. */
export async function writeLlmDescription(db: Db, d: LlmDescription): Promise<boolean> {
  const existing = await db.value<string | null>(`SELECT source FROM theme_descriptions WHERE model_id = ? AND latent = ?`, [d.modelId, d.latent]);
  if (existing === 'human') return false;
  const fidelity: FidelityJson = { check: d.check, settingsKey: d.settingsKey, shown: d.shown };
  await db.run(`DELETE FROM theme_descriptions WHERE model_id = ? AND latent = ?`, [d.modelId, d.latent]);
  await db.run(`INSERT INTO theme_descriptions VALUES (?, ?, ?, 'llm', ?, ?, ?, ?, ?, ?, ?, ?, ?, ${nowSql}, ${nowSql})`, [
    d.modelId, d.latent, d.description, d.llmModel, d.baseUrlHost, d.temperature, d.promptHash, JSON.stringify(d.candidates),
    d.check?.precision ?? null, d.check?.recall ?? null, d.check?.f1 ?? null, JSON.stringify(fidelity),
  ]);
  return true;
}

/**
 * A person's description: source 'human', the LLM's provenance cleared, its candidates kept for reference.
 * An empty text removes the row, so the next LLM run describes the latent again.
 */
export async function writeHumanDescription(db: Db, modelId: string, latent: number, text: string): Promise<ThemeDescription | null> {
  const model = await db.one<{ latents: number }>(`SELECT latents FROM theme_models WHERE model_id = ?`, [modelId]);
  if (!model) throw new UserError(`No theme model "${modelId}"`, 'not-found');
  if (latent >= model.latents) throw new UserError(`Latent ${latent} is out of range: model "${modelId}" has latents 0-${model.latents - 1}`);
  const description = text.trim();
  return db.transaction(async () => {
    if (!description) {
      await db.run(`DELETE FROM theme_descriptions WHERE model_id = ? AND latent = ?`, [modelId, latent]);
      return null;
    }
    const updated = await db.value<number>(
      `UPDATE theme_descriptions SET description = ?, source = 'human', llm_model = NULL, base_url_host = NULL, temperature = NULL,
         prompt_hash = NULL, precision = NULL, recall = NULL, f1 = NULL, fidelity = NULL, updated_at = ${nowSql}
       WHERE model_id = ? AND latent = ? RETURNING 1`, [description, modelId, latent]);
    if (!updated) {
      await db.run(`INSERT INTO theme_descriptions (model_id, latent, description, source, created_at, updated_at)
                    VALUES (?, ?, ?, 'human', ${nowSql}, ${nowSql})`, [modelId, latent, description]);
    }
    return getDescription(db, modelId, latent);
  });
}
