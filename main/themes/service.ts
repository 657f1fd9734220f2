// kSAE theme models: training grids as jobs (in workers), stored models and per-sentence activations.
import type { Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EmbeddingService } from '../embeddings/service.js';

export interface ThemeServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
  embeddings: EmbeddingService;
}

export class ThemeService {
  constructor(readonly deps: ThemeServiceDeps) {}
}
