// LLM descriptions of themes with a fidelity check; human edits that later runs never overwrite.
import type { MethodSpec } from './define.js';

export const themeDescriptionMethods = {} satisfies Record<string, MethodSpec>;
