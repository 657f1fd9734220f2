// kSAE theme models: training grids as jobs (in workers), stored models and per-sentence activations.
import type { ThemeModelDetail, ThemeModelSummary, ThemeTrainArgs, ThemeTrainStarted } from '../api/contract/index.js';
import type { Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import type { EmbeddingService } from '../embeddings/service.js';
import { getSet } from '../embeddings/store.js';
import { UserError } from '../domain/errors.js';
import { expandGrid } from './grid.js';
import { deleteModel, getModel, gridModels, insertModels, listModels, newGridId } from './store.js';
import { runGrid, type GridRunOptions } from './train.js';

export interface ThemeServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
  embeddings: EmbeddingService;
}

export class ThemeService {
  /** Grid id → job id of the grids training in this process. */
  private readonly live = new Map<string, string>();
  /** Kernel choice for the training jobs (tests force 'js' to exercise the fallback). */
  runOptions: GridRunOptions = {};

  constructor(readonly deps: ThemeServiceDeps) {}

  private get db() {
    return this.deps.workspace().db;
  }

  /** Stores the grid's models as pending, then trains them in one job. */
  async train(args: ThemeTrainArgs): Promise<ThemeTrainStarted> {
    const set = await getSet(this.db, args.embeddingSetId);
    if (set.state !== 'done') throw new UserError(`Embedding set ${args.embeddingSetId} is not complete (${set.state})`, 'bad-request');
    const gridId = newGridId();
    await insertModels(this.db, expandGrid(args, gridId));
    return this.start(gridId);
  }

  /** Continues every unfinished model of the grid from its last stored epoch. */
  async resume(gridId: string): Promise<ThemeTrainStarted> {
    const models = await gridModels(this.db, gridId);
    if (models.length === 0) throw new UserError(`No theme model grid ${gridId}`, 'not-found');
    if (models.every((m) => m.state === 'done')) throw new UserError(`Every model of grid ${gridId} is trained`, 'bad-request');
    return this.start(gridId);
  }

  private async start(gridId: string): Promise<ThemeTrainStarted> {
    if (this.live.has(gridId)) throw new UserError(`Grid ${gridId} is already training`, 'busy');
    const modelIds = (await gridModels(this.db, gridId)).map((m) => m.modelId);
    const db = this.db;
    const job = this.deps.jobs.start('themes-train', async (ctx) => {
      try {
        return await runGrid(db, gridId, ctx, this.runOptions);
      } finally {
        this.live.delete(gridId);
      }
    });
    this.live.set(gridId, job.id);
    return { gridId, jobId: job.id, modelIds };
  }

  models(filter: { embeddingSetId?: string; gridId?: string } = {}): Promise<ThemeModelSummary[]> {
    return listModels(this.db, filter, new Set(this.live.keys()));
  }

  model(id: string): Promise<ThemeModelDetail> {
    return getModel(this.db, id, new Set(this.live.keys()));
  }

  /** Removes the model with its activations, its `theme:<id>` labels and its descriptions. */
  async deleteModel(id: string): Promise<{ deleted: string }> {
    const m = await this.model(id);
    if (m.gridId && this.live.has(m.gridId)) throw new UserError(`Model ${id} belongs to a grid that is training; cancel it first`, 'busy');
    await deleteModel(this.db, id);
    return { deleted: id };
  }
}
