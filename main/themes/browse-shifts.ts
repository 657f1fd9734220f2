// A model's pre/post theme shifts, from the same engine as Fig. 2B/2C: computeShifts over the labelling the model wrote
// (`theme:<modelId>`, category `L<latent>`), with a latent counted when it is among the sentence's top K.

import type { ThemeShift } from '../api/contract/index.js';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import { computeShifts } from '../services/analysis/index.js';

export interface ModelShifts {
  /** By latent; a latent absent here never fired in a pre or post unit. */
  byLatent: Map<number, ThemeShift[]>;
  /** Why there are none (the engine's own message), or null. */
  note: string | null;
}

export const themeLabelling = (modelId: string): string => `theme:${modelId}`;
export const latentLabel = (latent: number): string => `L${latent}`;

export async function modelShifts(db: Db, modelId: string, k: number): Promise<ModelShifts> {
  const byLatent = new Map<number, ThemeShift[]>();
  try {
    const result = await computeShifts(db, { labelling: themeLabelling(modelId), topK: k });
    for (const r of result.rows) {
      const m = /^L(\d+)$/.exec(r.label);
      if (!m) continue;
      const latent = Number(m[1]);
      const list = byLatent.get(latent) ?? [];
      list.push({ scenarioType: r.scenarioType, pre: r.pre, post: r.post, diff: r.diff, ci: r.ci, z: r.z, p: r.p, q: r.q, nPre: r.nPre, nPost: r.nPost, countPre: r.countPre, countPost: r.countPost });
      byLatent.set(latent, list);
    }
    return { byLatent, note: null };
  } catch (e) {
    // A study without conditions, rounds or these labels still browses; the engine says why there is no shift.
    if (e instanceof UserError) return { byLatent, note: e.message };
    throw e;
  }
}
