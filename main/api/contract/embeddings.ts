// Embedding sets: vectors per sentence unit (offline TF-IDF/SVD, an OpenAI-compatible endpoint, or imported files).
import type { MethodSpec } from './define.js';

export const embeddingMethods = {} satisfies Record<string, MethodSpec>;
