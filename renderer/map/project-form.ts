// The "New projection" form's state and the arguments it sends (map-project). Empty fields leave the backend's
// defaults in force (main/api/contract/map.ts), so the form never restates them.
import type { MapProjectArgs, ProjectionEngine } from '../../main/api/contract/index.js';

export interface ProjectForm {
  embeddingSetId: string;
  pca: string;
  neighbors: string;
  minDist: string;
  epochs: string;
  seed: string;
  engine: ProjectionEngine;
  label: string;
}

export const EMPTY_PROJECT_FORM: ProjectForm = { embeddingSetId: '', pca: '', neighbors: '', minDist: '', epochs: '', seed: '', engine: 'workbench-umap', label: '' };

/** What each engine is, as the picker and the form say it. */
export const ENGINE_LABELS: Record<ProjectionEngine, string> = {
  'workbench-umap': 'Workbench UMAP (typed arrays, both cores)',
  'umap-js': 'umap-js (reference)',
};

type Check = (n: number) => boolean;
const isInt: Check = (n) => Number.isInteger(n);

/** The number in a field, undefined when empty, or an error naming the field. */
function field(name: string, raw: string, ok: Check, rule: string): number | undefined {
  const s = raw.trim();
  if (!s) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n) || !ok(n)) throw new Error(`${name}: ${rule}, got "${s}"`);
  return n;
}

/** The map-project arguments, or throws an Error naming the first bad field. */
export function toProjectArgs(f: ProjectForm): MapProjectArgs {
  if (!f.embeddingSetId) throw new Error('Embedding set: choose one');
  const args: MapProjectArgs = {
    embeddingSetId: f.embeddingSetId,
    pca: field('PCA dimensions', f.pca, (n) => isInt(n) && n >= 0 && n <= 1024, 'a whole number from 0 (none) to 1024'),
    neighbors: field('Neighbours', f.neighbors, (n) => isInt(n) && n >= 2 && n <= 200, 'a whole number from 2 to 200'),
    minDist: field('Minimum distance', f.minDist, (n) => n >= 0 && n <= 10, 'a number from 0 to 10'),
    epochs: field('Epochs', f.epochs, (n) => isInt(n) && n >= 1 && n <= 5000, 'a whole number from 1 to 5000'),
    seed: field('Seed', f.seed, (n) => isInt(n) && n >= 0 && n <= 2 ** 31 - 1, 'a whole number ≥ 0'),
    engine: f.engine,
    label: f.label.trim() || undefined,
  };
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as MapProjectArgs;
}
