// Keeps the search text and the word index in step with the open workspace: after every import (and when a workspace
// opens with a missing or stale index) it rebuilds them as a background job on a connection of its own, while the
// explorer keeps answering with a scan (of the messages until the search text is committed, then of that text).
import type { Workspace } from '../db/workspace.js';
import { BackgroundBuild, type BuildWork } from '../jobs/background-build.js';
import type { JobRunner } from '../jobs/runner.js';
import { buildWordIndex, readyDocs, type WordIndexBuild } from './word-index.js';
import { explorerDocsState, fillExplorerDocs } from './explorer-docs.js';

export interface SearchIndexHost {
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
}

export class SearchIndexService {
  private readonly build: BackgroundBuild;

  constructor(host: SearchIndexHost) {
    this.build = new BackgroundBuild(host, 'search-index', (start) => this.check(host.workspace, start));
  }

  /**
   * Starts a rebuild when the index does not match the workspace's imports. A rebuild that is already
   * running is followed by one more, so an import that lands during a build is indexed too.
   * Returns the job id, or null when the index is up to date.
   */
  refresh(): Promise<string | null> {
    return this.build.refresh();
  }

  private async check(ws: Workspace, start: <R>(message: string, work: BuildWork<R>) => string): Promise<string | null> {
    if ((await readyDocs(ws.db)) !== null) return (await explorerDocsState(ws.db)) === 'stale' ? this.fillDocs(start) : null;
    const conversations = await ws.db.value<number>('SELECT count(*) FROM conversation_stats');
    if (!conversations && !(await ws.db.value<number>('SELECT count(*) FROM search_docs'))) return null;
    return start('Building the search text and the word index', async (db, ctx) => {
      const onText = (docs: number) => ctx.progress(0, 1, `Search text of ${docs.toLocaleString('en')} conversations ready; building the word index`);
      const built: WordIndexBuild = await buildWordIndex(db, { onText });
      ctx.progress(1, 1, `Indexed ${built.terms.toLocaleString('en')} words of ${built.docs.toLocaleString('en')} conversations`);
      return built;
    });
  }

  /**
   * Refills the explorer's page table for an index that is up to date (a workspace indexed before migration 11, or
   * conversations changed in place since: the explorer asks for it when a page finds the table stale): seconds at 100x,
   * and the explorer reads conversation_stats meanwhile.
   */
  private fillDocs(start: <R>(message: string, work: BuildWork<R>) => string): string {
    return start('Preparing the explorer’s page table', async (db, ctx) => {
      const conversations = await db.transaction(() => fillExplorerDocs(db));
      ctx.progress(1, 1, `Explorer pages keyed for ${conversations.toLocaleString('en')} conversations`);
      return { conversations };
    });
  }

  /** Nothing of this service is reading the workspace: no staleness check and no job in flight. */
  get idle(): boolean {
    return this.build.idle;
  }

  /** Cancels a running build and waits for it to roll back, so its workspace can close under it. */
  stop(): Promise<void> {
    return this.build.stop();
  }
}
