// A hand-made kSAE model over a study's supporter sentences, written straight into the migration-4 tables (theme_models,
// theme_activations, theme_descriptions) and sentence_labels, so the browser is tested on values the test knows.
// The top-1 latent follows the text (resume → L0, sorry → L1, sense → L2, otherwise L3); the second is the next latent
// mod 4; activations vary by the sentence's position so orders and deciles are not ties.

import type { Db } from '../../main/db/workspace.js';

export interface SeedActivation { conversationId: string; turn: number; sentenceIndex: number; text: string; rank: number; latent: number; activation: number }

export const SEED_LATENTS = 5; // L4 never fires: an empty theme must still be listed

export function topLatentOf(text: string): number {
  const t = text.toLowerCase();
  return t.includes('resume') ? 0 : t.includes('sorry') ? 1 : t.includes('sense') ? 2 : 3;
}

export async function seedThemeModel(db: Db, modelId = 'm-seed', extra: { latents?: number; gridId?: string; loss?: number } = {}): Promise<SeedActivation[]> {
  const units = await db.all<{ conversationId: string; turn: number; sentenceIndex: number; text: string }>(`
    SELECT s.conversation_id AS "conversationId", s.turn, s.sentence_index AS "sentenceIndex", s.text
    FROM sentences s JOIN messages m ON m.conversation_id = s.conversation_id AND m.turn = s.turn AND m.role = 'supporter'
    ORDER BY 1, 2, 3`);
  const rows: SeedActivation[] = [];
  units.forEach((u, j) => {
    const first = topLatentOf(u.text);
    rows.push({ ...u, rank: 1, latent: first, activation: Math.fround(1 + ((j * 37) % 101) / 100) });
    rows.push({ ...u, rank: 2, latent: (first + 1) % 4, activation: Math.fround(0.5 * ((j * 53) % 97) / 97) });
  });
  const latents = extra.latents ?? SEED_LATENTS;
  await db.run(`INSERT INTO theme_models (model_id, embedding_set_id, grid_id, latents, k, seed, scenario_type, state, params, sentences,
      silhouette, silhouette_top2, loss, val_loss, dead_latents, epochs, history, label, created_at, updated_at)
    VALUES ($1, 'e-seed', $2, $3, 2, 7, 'all', 'done', '{}', $4, 0.25, 0.31, $5, 0.5, 1, 12, '[]', NULL, now(), now())`,
  [modelId, extra.gridId ?? 'g-seed', latents, units.length, extra.loss ?? 0.4]);
  await db.transaction(async () => {
    for (const r of rows) {
      await db.run(`INSERT INTO theme_activations VALUES ($1, $2, $3, $4, $5, $6, $7)`, [modelId, r.conversationId, r.turn, r.sentenceIndex, r.rank, r.latent, r.activation]);
      await db.run(`INSERT INTO sentence_labels VALUES ($1, $2, $3, $4, $5, $6, NULL)`, [`theme:${modelId}`, r.conversationId, r.turn, r.sentenceIndex, `L${r.latent}`, r.rank]);
    }
    await db.run(`INSERT INTO theme_descriptions (model_id, latent, description, source, created_at, updated_at) VALUES
      ($1, 0, 'Practical job-search advice', 'llm', now(), now()),
      ($1, 2, 'Validating that feelings make sense', 'human', now(), now())`, [modelId]);
  });
  return rows;
}
