// Embedding sets: one vector per supporter sentence unit, from the offline lexical embedder, an
// OpenAI-compatible /v1/embeddings endpoint, or an imported file. Owned by the Backend.
import type { Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import type { KeyProvider } from '../judge/keys.js';

export interface EmbeddingServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
  /** Origin-bound API keys (the Backend's KeyRing). */
  keys: () => KeyProvider;
}

export class EmbeddingService {
  constructor(readonly deps: EmbeddingServiceDeps) {}
}
