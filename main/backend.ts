import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { App } from './api/app.js';
import { UserError } from './domain/errors.js';
import { Workspace } from './db/workspace.js';
import { JobRunner } from './jobs/runner.js';
import { registerExplorerHandlers } from './handlers/explorer.js';
import { registerImportHandlers } from './handlers/import.js';
import { registerJobHandlers } from './handlers/jobs.js';
import { registerStudyHandlers } from './handlers/study.js';
import { registerJudgeHandlers } from './handlers/judge.js';
import { registerAnalysisHandlers } from './handlers/analysis.js';

export interface BackendOptions {
  /** Where the demo workspace and settings live; defaults to ~/.empathy-workbench or $EMPATHY_WORKBENCH_HOME. */
  home?: string;
}

/** The backend: the open workspace, the job runner and the handler table that every transport serves. */
export class Backend {
  readonly app = new App();
  readonly jobs: JobRunner;
  readonly home: string;
  private current: Workspace | null = null;

  constructor(opts: BackendOptions = {}) {
    this.home = opts.home ?? process.env.EMPATHY_WORKBENCH_HOME ?? join(homedir(), '.empathy-workbench');
    this.jobs = new JobRunner((info) => this.app.emit('job-progress', info));
    registerStudyHandlers(this);
    registerExplorerHandlers(this);
    registerImportHandlers(this);
    registerJobHandlers(this);
    registerJudgeHandlers(this);
    registerAnalysisHandlers(this);
  }

  get workspace(): Workspace {
    if (!this.current) throw new UserError('No study is open', 'no-study');
    return this.current;
  }

  get hasWorkspace(): boolean {
    return this.current !== null;
  }

  async open(path: string): Promise<Workspace> {
    // A running import or judge run holds connections to the open workspace; closing it under them
    // would lose their work, so switching studies waits for them (or a cancel).
    const busy = this.jobs.list().filter((j) => j.state === 'running' && j.kind !== 'open-demo');
    if (busy.length && this.current) {
      throw new UserError(`Finish or cancel the running job${busy.length > 1 ? 's' : ''} (${busy.map((j) => j.id).join(', ')}) before opening another study`, 'busy');
    }
    if (path !== ':memory:') mkdirSync(join(path, '..'), { recursive: true });
    const ws = await Workspace.open(path);
    this.current?.close();
    this.current = ws;
    return ws;
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }
}
