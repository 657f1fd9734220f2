// Do a model's themes recover known categories? Each sentence's top-1 latent against a reference labelling, as
// normalised mutual information (sklearn's normalized_mutual_info_score) and purity, beside k-means with the same
// number of clusters on the same embeddings and the same sentences (issue 8, "Validation").
//
// References: 'strategy' is the helping strategy annotated on the sentence's message (ESConv's supporter turns:
// messages.annotation.strategy); 'ground-truth' is the demo generator's planted category (sentence_labels
// labelling 'ground-truth', rank 1). Sentences without a reference label are left out of every number.
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { kMeans } from '../analysis/kmeans.js';
import { normalizedMutualInformation, purity } from '../analysis/clustering-agreement.js';
import { loadMatrix } from '../embeddings/load-matrix.js';

export type ValidationReference = 'strategy' | 'ground-truth';

export interface ClusteringScore {
  /** Clusters that hold at least one of the sentences compared. */
  clusters: number;
  nmi: number;
  /** Share of sentences whose cluster's most frequent reference class is their own. */
  purity: number;
}

export interface ThemeValidation {
  modelId: string;
  reference: ValidationReference;
  /** Sentences with both a top-1 latent and a reference label. */
  sentences: number;
  /** Reference classes with their sentence counts, largest first. */
  classes: { label: string; sentences: number }[];
  latents: number;
  themes: ClusteringScore;
  /** k-means (k = the model's latents, Euclidean, k-means++; main/analysis/kmeans.ts) on the model's embeddings; null when skipped. */
  kmeans: (ClusteringScore & { k: number; seed: number; inertia: number }) | null;
}

export interface ValidateOptions {
  /** Run the k-means baseline; default true. */
  kmeans?: boolean;
  /** Seed of the k-means baseline; default 1. */
  seed?: number;
  /** k-means restarts; default 4 (kmeans.ts). */
  restarts?: number;
}

export const VALIDATE_DEFAULTS = { kmeans: true, seed: 1 };

const REFERENCE_SQL: Record<ValidationReference, string> = {
  strategy: `SELECT a.conversation_id, a.turn, a.sentence_index, json_extract_string(m.annotation, '$.strategy') AS label
    FROM top1 a JOIN messages m USING (conversation_id, turn)`,
  'ground-truth': `SELECT a.conversation_id, a.turn, a.sentence_index, l.category AS label
    FROM top1 a JOIN sentence_labels l USING (conversation_id, turn, sentence_index) WHERE l.labelling = 'ground-truth' AND l.rank = 1`,
};

interface Row { conversation_id: string; turn: number; sentence_index: number; latent: number; label: string }

/** Top-1 latent and reference label of every sentence that has both, in key order. */
export async function referencePairs(db: Db, modelId: string, reference: ValidationReference): Promise<Row[]> {
  const sql = REFERENCE_SQL[reference];
  if (!sql) throw new UserError(`reference must be "strategy" or "ground-truth", got "${reference}"`, 'invalid-args');
  return db.all<Row>(`
    WITH top1 AS (SELECT conversation_id, turn, sentence_index, latent FROM theme_activations WHERE model_id = $model AND rank = 1),
    ref AS (${sql})
    SELECT t.conversation_id, t.turn, t.sentence_index, t.latent, r.label FROM top1 t JOIN ref r USING (conversation_id, turn, sentence_index)
    WHERE r.label IS NOT NULL AND r.label <> ''
    ORDER BY t.conversation_id, t.turn, t.sentence_index`, { model: modelId });
}

function score(reference: readonly string[], clusters: ArrayLike<number>): ClusteringScore {
  return { clusters: new Set(Array.from(clusters)).size, nmi: normalizedMutualInformation(reference, clusters), purity: purity(reference, clusters) };
}

export async function validateModel(db: Db, modelId: string, reference: ValidationReference, opts: ValidateOptions = {}): Promise<ThemeValidation> {
  const model = await db.one<{ latents: number; embedding_set_id: string; scenario_type: string }>(
    `SELECT latents, embedding_set_id, scenario_type FROM theme_models WHERE model_id = ?`, [modelId]);
  if (!model) throw new UserError(`No theme model "${modelId}"`, 'not-found');
  const pairs = await referencePairs(db, modelId, reference);
  if (!pairs.length) {
    throw new UserError(reference === 'strategy'
      ? `No sentence of model "${modelId}" belongs to a message with a strategy annotation (ESConv supporter turns carry one)`
      : `No sentence of model "${modelId}" has a ground-truth category (sentence_labels labelling 'ground-truth', as the demo study has)`, 'missing-table');
  }
  const labels = pairs.map((p) => p.label);
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const classes = [...counts].map(([label, sentences]) => ({ label, sentences })).sort((a, b) => b.sentences - a.sentences || (a.label < b.label ? -1 : 1));
  const out: ThemeValidation = {
    modelId, reference, sentences: pairs.length, classes, latents: model.latents,
    themes: score(labels, Int32Array.from(pairs, (p) => p.latent)), kmeans: null,
  };
  if (opts.kmeans ?? VALIDATE_DEFAULTS.kmeans) {
    const seed = opts.seed ?? VALIDATE_DEFAULTS.seed;
    const st = model.scenario_type === 'personal' || model.scenario_type === 'workplace' ? model.scenario_type : undefined;
    const m = await loadMatrix(db, model.embedding_set_id, { scenarioType: st });
    // The matrix and the pairs are both in key order: walk them together to keep the compared sentences' rows.
    const rows = new Float32Array(pairs.length * m.d);
    let r = 0;
    for (let i = 0; i < m.n && r < pairs.length; i++) {
      const p = pairs[r];
      const c = m.conversationIds[i];
      if (c === p.conversation_id && m.turns[i] === p.turn && m.sentenceIndex[i] === p.sentence_index) {
        rows.set(m.data.subarray(i * m.d, (i + 1) * m.d), r * m.d);
        r++;
      }
    }
    if (r !== pairs.length) throw new UserError(`Embedding set ${model.embedding_set_id} lacks ${pairs.length - r} of the model's sentences`, 'bad-request');
    const km = kMeans(rows, pairs.length, m.d, model.latents, { seed, restarts: opts.restarts });
    out.kmeans = { ...score(labels, km.labels), k: model.latents, seed, inertia: km.inertia };
  }
  return out;
}
