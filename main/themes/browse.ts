// Reading a trained model's themes for the theme browser: all shaped in DuckDB SQL.
import type { Workspace } from '../db/workspace.js';

export interface ThemeBrowserDeps {
  workspace: () => Workspace;
}

export class ThemeBrowser {
  constructor(readonly deps: ThemeBrowserDeps) {}
}
