// Map projections (issue 10): projection jobs over embedding sets (in a UMAP worker), stored projections, the live
// positions of running ones, and what the view asks of stored ones (points.ts).
import type {
  CsvExport, MapCodeSelectionArgs, MapCodeSelectionResult, MapLabels, MapPointCodes, MapPointCodesArgs, MapPoints, MapPointsArgs, MapPreview, MapProjectArgs, MapProjectStarted, MapSelection, MapSelectionArgs,
  ProjectionParams, ProjectionSummary,
} from '../api/contract/index.js';
import type { Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import { UserError } from '../domain/errors.js';
import { getSet } from '../embeddings/store.js';
import { defaultEpochs } from '../../workers/umap/layout.js';
import { codeSelection, type MapCodingDeps } from './codes.js';
import { mapLabels, mapPointCodes, mapPoints, mapSelection, mapSelectionCsv } from './points.js';
import { runProjection, type ProjectionFrame, type ProjectionResult } from './run.js';
import { deleteProjection, getProjection, insertProjection, listProjections, newProjectionId, renameProjection } from './store.js';

export interface ProjectionServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
  /** Colour by code and "code these" (the CLI, which needs neither, leaves it out). */
  coding?: MapCodingDeps;
}

/** Parameter defaults, written once (umap-learn's, and PCA to 50 as the issue asks for wide embeddings). */
export const PROJECT_DEFAULTS = {
  /** PCA target when the set is wider than this; narrower sets are not reduced. */
  pca: 50,
  neighbors: 15,
  minDist: 0.1,
  seed: 42,
  engine: 'workbench-umap',
} as const;

export class ProjectionService {
  /** Projection id → id of the job computing it in this process. */
  private readonly live = new Map<string, string>();
  /** Job id → the latest frame of its layout (dropped when the job ends). */
  private readonly frames = new Map<string, { projectionId: string } & ProjectionFrame>();
  /** Kernel choice for the jobs (tests force 'js'). */
  kernel: 'auto' | 'js' = 'auto';

  constructor(readonly deps: ProjectionServiceDeps) {}

  private get db() {
    return this.deps.workspace().db;
  }

  /** Every parameter with its default filled in, from the set's size and width. */
  async resolveParams(args: MapProjectArgs): Promise<ProjectionParams> {
    const set = await getSet(this.db, args.embeddingSetId);
    if (set.state !== 'done') throw new UserError(`Embedding set ${args.embeddingSetId} is not complete (${set.state})`, 'bad-request');
    const pca = args.pca ?? (set.dimensions > PROJECT_DEFAULTS.pca ? PROJECT_DEFAULTS.pca : 0);
    return {
      pca: pca >= set.dimensions ? 0 : pca,
      neighbors: args.neighbors ?? PROJECT_DEFAULTS.neighbors,
      minDist: args.minDist ?? PROJECT_DEFAULTS.minDist,
      metric: 'cosine',
      epochs: args.epochs ?? defaultEpochs(set.sentences),
      seed: args.seed ?? PROJECT_DEFAULTS.seed,
    };
  }

  /** Stores the projection as running and starts its job. */
  async project(args: MapProjectArgs): Promise<MapProjectStarted> {
    const params = await this.resolveParams(args);
    const id = newProjectionId();
    const engine = args.engine ?? PROJECT_DEFAULTS.engine;
    const db = this.db;
    await insertProjection(db, { id, embeddingSetId: args.embeddingSetId, engine, params, label: args.label ?? null });
    const job = this.deps.jobs.start<ProjectionResult>('map-project', async (ctx) => {
      try {
        return await runProjection(db, { id, embeddingSetId: args.embeddingSetId, engine, params, kernel: this.kernel }, ctx,
          (f) => this.frames.set(ctx.id, { projectionId: id, ...f }));
      } finally {
        this.live.delete(id);
        this.frames.delete(ctx.id);
      }
    });
    this.live.set(id, job.id);
    return { projectionId: id, jobId: job.id };
  }

  list(embeddingSetId?: string): Promise<ProjectionSummary[]> {
    return listProjections(this.db, embeddingSetId, this.live);
  }

  get(id: string): Promise<ProjectionSummary> {
    return getProjection(this.db, id, this.live);
  }

  async rename(id: string, label: string | null): Promise<ProjectionSummary> {
    await this.get(id);
    await renameProjection(this.db, id, label?.trim() ? label.trim() : null);
    return this.get(id);
  }

  async delete(id: string): Promise<{ deleted: string }> {
    const p = await this.get(id);
    if (p.jobId) throw new UserError(`Projection ${id} is being computed; cancel job ${p.jobId} first`, 'busy');
    await deleteProjection(this.db, id);
    return { deleted: id };
  }

  points(args: MapPointsArgs): Promise<MapPoints> {
    return mapPoints(this.db, args, this.deps.coding);
  }

  pointCodes(args: MapPointCodesArgs): Promise<MapPointCodes> {
    return mapPointCodes(this.db, args, this.deps.coding);
  }

  /** The latest layout frame of a running projection job (x, y rounded as map-points rounds them). */
  preview(jobId: string): MapPreview | null {
    const f = this.frames.get(jobId);
    if (!f) return null;
    const n = f.positions.length / 2;
    const x = new Array<number>(n), y = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.round(f.positions[2 * i] * 1e4) / 1e4;
      y[i] = Math.round(f.positions[2 * i + 1] * 1e4) / 1e4;
    }
    return { jobId, projectionId: f.projectionId, epoch: f.epoch, epochs: f.epochs, x, y, preliminary: f.preliminary };
  }

  selection(args: MapSelectionArgs): Promise<MapSelection> {
    return mapSelection(this.db, args);
  }

  selectionExport(args: Omit<MapSelectionArgs, 'limit'>): Promise<CsvExport> {
    return mapSelectionCsv(this.db, args);
  }

  labels(projectionId: string, themeModelId: string): Promise<MapLabels> {
    return mapLabels(this.db, projectionId, themeModelId);
  }

  codeSelection(args: MapCodeSelectionArgs): Promise<MapCodeSelectionResult> {
    if (!this.deps.coding) throw new UserError('Coding is not available here', 'bad-request');
    return codeSelection(this.db, this.deps.coding, args);
  }
}
