// kSAE theme models: training grids, stored models and their per-sentence activations.
import type { MethodSpec } from './define.js';

export const themeMethods = {} satisfies Record<string, MethodSpec>;
