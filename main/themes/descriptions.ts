// LLM descriptions of themes and their fidelity check, through the judge's endpoint settings, keys,
// limits and cache. Human edits are never overwritten by a later run.
import type { Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import type { KeyProvider } from '../judge/keys.js';

export interface ThemeDescriptionServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
  keys: () => KeyProvider;
}

export class ThemeDescriptionService {
  constructor(readonly deps: ThemeDescriptionServiceDeps) {}
}
