import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
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
import { envKeyProvider, KeyRing, type KeyProvider, type KeyStore } from './judge/keys.js';
import { JudgeService } from './judge/service.js';
import { AnalysisService } from './services/analysis/service.js';
import { EmbeddingService } from './embeddings/service.js';
import { ThemeService } from './themes/service.js';
import { ThemeBrowser } from './themes/browse.js';
import { ThemeDescriptionService } from './themes/descriptions.js';
import { registerEmbeddingHandlers } from './handlers/embeddings.js';
import { registerThemeHandlers } from './handlers/themes.js';
import { registerThemeBrowseHandlers } from './handlers/theme-browse.js';
import { registerThemeDescriptionHandlers } from './handlers/theme-descriptions.js';
import { SqlConsole } from './sql/console.js';
import { registerSqlHandlers } from './handlers/sql.js';
import { addRecent, forgetLast, RecentStore } from './study/recent.js';
import { DEMO_FILE } from './study/demo.js';
import { CustomFigureService } from './custom-figures/service.js';
import { registerCustomFigureHandlers } from './handlers/custom-figures.js';
import { JudgeCompareService } from './judge/compare.js';
import { registerJudgeCompareHandlers } from './handlers/judge-compare.js';
import { CodingService } from './coding/service.js';
import { registerCodingHandlers } from './handlers/coding.js';
import { ProjectionService } from './map/service.js';
import { registerMapHandlers } from './handlers/map.js';
import { SearchIndexService } from './search/service.js';
import { DERIVED_TABLES_JOB, DerivedTablesService } from './services/derived/service.js';

/** Jobs whose end means new study data for the derived tables (main/services/derived/service.ts). */
const DATA_JOBS = ['judge', 'coding-import', 'themes-train'];

export interface BackendOptions {
  /** Where the demo workspace and settings live; defaults to ~/.empathy-workbench or $EMPATHY_WORKBENCH_HOME. */
  home?: string;
  /** The environment's key; default OPENAI_API_KEY, bound to OPENAI_BASE_URL (default OpenAI's API). */
  envKeys?: KeyProvider;
  /** Where keys typed in Settings are kept, per origin (the desktop app's safeStorage); default none. */
  keyStore?: KeyStore | null;
}

/**
 * The backend: the open workspace, the services that work on it, and the handler table that every
 * transport serves. It constructs every service and hands each handler group only what it needs.
 */
export class Backend {
  readonly app = new App();
  readonly jobs: JobRunner;
  readonly home: string;
  readonly keys: KeyRing;
  readonly judge: JudgeService;
  readonly analyses: AnalysisService;
  readonly embeddings: EmbeddingService;
  readonly themes: ThemeService;
  readonly themeBrowser: ThemeBrowser;
  readonly themeDescriptions: ThemeDescriptionService;
  readonly sql: SqlConsole;
  readonly customFigures: CustomFigureService;
  readonly judgeCompare: JudgeCompareService;
  readonly coding: CodingService;
  readonly map: ProjectionService;
  readonly search: SearchIndexService;
  readonly derived: DerivedTablesService;
  /** Workspaces opened here, most recent first, and the one to reopen at the next start (not the demo). */
  readonly recent: RecentStore;
  private current: Workspace | null = null;
  /** A close waiting for the search service to stop reading the workspace (see close()). */
  private closing: Promise<void> | null = null;

  constructor(opts: BackendOptions = {}) {
    this.home = opts.home ?? process.env.EMPATHY_WORKBENCH_HOME ?? join(homedir(), '.empathy-workbench');
    this.recent = new RecentStore(join(this.home, 'recent.json'));
    this.jobs = new JobRunner((info) => this.app.emit('job-progress', info));
    this.keys = new KeyRing(opts.envKeys ?? envKeyProvider(), opts.keyStore ?? null);
    this.judge = new JudgeService({ workspace: () => this.workspace, jobs: this.jobs, keys: () => this.keys });
    this.analyses = new AnalysisService({ db: () => this.workspace.db });
    const workspace = () => this.workspace;
    this.embeddings = new EmbeddingService({ workspace, jobs: this.jobs, keys: () => this.keys });
    this.themes = new ThemeService({ workspace, jobs: this.jobs, embeddings: this.embeddings });
    this.themeBrowser = new ThemeBrowser({ workspace });
    this.themeDescriptions = new ThemeDescriptionService({ workspace, jobs: this.jobs, keys: () => this.keys });
    this.sql = new SqlConsole({ workspacePath: () => this.workspace.path });
    this.customFigures = new CustomFigureService({ workspace, sql: this.sql });
    this.judgeCompare = new JudgeCompareService({ db: () => this.workspace.db });
    this.coding = new CodingService({ workspace, jobs: this.jobs });
    this.map = new ProjectionService({ workspace, jobs: this.jobs, coding: this.coding });
    this.search = new SearchIndexService({ get workspace() { return workspace(); }, jobs: this.jobs });
    this.derived = new DerivedTablesService({ get workspace() { return workspace(); }, jobs: this.jobs });
    // New data gets the analyses' derived tables built in the background: imports, scenario assignments and opened
    // studies announce it as study-changed; judge runs, coding imports and theme models (labellings) as their job's end.
    const rebuild = () => void this.derived.refresh().catch(() => {});
    this.app.on('study-changed', rebuild);
    // A cancelled or failed judge run keeps the judgments it wrote, so any end counts (a check that finds nothing stale starts nothing).
    this.app.on('job-progress', (j) => { if (j.finishedAt && DATA_JOBS.includes(j.kind)) rebuild(); });
    registerStudyHandlers(this.app, this);
    registerExplorerHandlers(this.app, this);
    registerImportHandlers(this.app, this);
    registerJobHandlers(this.app, this.jobs);
    registerJudgeHandlers(this.app, this);
    registerAnalysisHandlers(this.app, this.analyses);
    registerEmbeddingHandlers(this.app, this.embeddings);
    registerThemeHandlers(this.app, this.themes);
    registerThemeBrowseHandlers(this.app, this.themeBrowser);
    registerThemeDescriptionHandlers(this.app, this.themeDescriptions);
    registerSqlHandlers(this.app, this.sql);
    registerCustomFigureHandlers(this.app, this.customFigures);
    registerJudgeCompareHandlers(this.app, this.judgeCompare);
    registerCodingHandlers(this.app, this.coding);
    registerMapHandlers(this.app, this.map);
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
    // A word index or derived tables build is only a cache of the open study: it is stopped, not waited for.
    const caches = ['open-demo', 'search-index', DERIVED_TABLES_JOB];
    const busy = this.jobs.list().filter((j) => j.state === 'running' && !caches.includes(j.kind));
    if (busy.length && this.current) {
      throw new UserError(`Finish or cancel the running job${busy.length > 1 ? 's' : ''} (${busy.map((j) => j.id).join(', ')}) before opening another study`, 'busy');
    }
    if (path !== ':memory:') mkdirSync(join(path, '..'), { recursive: true });
    await this.closing;
    this.closing = null;
    const ws = await Workspace.open(path);
    await Promise.all([this.search.stop(), this.derived.stop()]);
    this.current?.close();
    this.current = ws;
    if (path !== ':memory:') {
      // The demo is what opens when there is nothing to reopen: it is never "the last workspace".
      this.recent.update((s) => (basename(path) === DEMO_FILE ? forgetLast(s) : addRecent(s, path)));
    }
    // A workspace from before the word index, or one whose last build was interrupted, gets it built now.
    // Its staleness check reads this workspace, so it finishes before open returns (a close right after
    // would otherwise pull the database from under it); the build itself runs as a job on its own connection.
    await this.search.refresh().catch(() => {});
    return ws;
  }

  close(): void {
    const ws = this.current;
    this.current = null;
    const stopped = Promise.all([this.search.stop(), this.derived.stop()]).catch(() => {});
    if (!ws) return;
    // A staleness check the explorer asked for (after a page found its table stale) reads this workspace on its main
    // connection and is not awaited by anyone: closing the file under that query can take the process down (a CI run
    // lost a test worker so). The file then closes once the search service has stopped; open() waits for that.
    // The derived tables' build runs on a connection of its own, which must close before the file does.
    if (this.search.idle && this.derived.idle) ws.close();
    else this.closing = stopped.then(() => ws.close());
  }
}
