// Browsing a trained model's themes: top sentences, samples, shares, incidence and shifts, co-firing, search.
import type { MethodSpec } from './define.js';

export const themeBrowseMethods = {} satisfies Record<string, MethodSpec>;
