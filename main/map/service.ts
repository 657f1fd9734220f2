// Map projections (issue 10): projection jobs over embedding sets, stored projections and what the view asks of them.
import type {
  CsvExport, MapLabels, MapPoints, MapPointsArgs, MapPreview, MapProjectArgs, MapProjectStarted, MapSelection, MapSelectionArgs,
  ProjectionSummary,
} from '../api/contract/index.js';
import type { Workspace } from '../db/workspace.js';
import type { JobRunner } from '../jobs/runner.js';
import { UserError } from '../domain/errors.js';

export interface ProjectionServiceDeps {
  workspace: () => Workspace;
  jobs: JobRunner;
}

const notYet = (): never => { throw new UserError('The map backend is not implemented yet', 'bad-request'); };

export class ProjectionService {
  constructor(readonly deps: ProjectionServiceDeps) {}

  async project(_args: MapProjectArgs): Promise<MapProjectStarted> { return notYet(); }
  async list(_embeddingSetId?: string): Promise<ProjectionSummary[]> { return notYet(); }
  async get(_id: string): Promise<ProjectionSummary> { return notYet(); }
  async rename(_id: string, _label: string | null): Promise<ProjectionSummary> { return notYet(); }
  async delete(_id: string): Promise<{ deleted: string }> { return notYet(); }
  async points(_args: MapPointsArgs): Promise<MapPoints> { return notYet(); }
  preview(_jobId: string): MapPreview | null { return null; }
  async selection(_args: MapSelectionArgs): Promise<MapSelection> { return notYet(); }
  async selectionExport(_args: Omit<MapSelectionArgs, 'limit'>): Promise<CsvExport> { return notYet(); }
  async labels(_projectionId: string, _themeModelId: string): Promise<MapLabels> { return notYet(); }
}
