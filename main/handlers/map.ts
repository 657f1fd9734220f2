import type { App } from '../api/app.js';
import type { ProjectionService } from '../map/service.js';

export function registerMapHandlers(app: App, map: ProjectionService): void {
  app.method('map-project', (args) => map.project(args));
  app.method('map-projections', (args) => map.list(args?.embeddingSetId));
  app.method('map-projection-get', ({ id }) => map.get(id));
  app.method('map-projection-rename', ({ id, label }) => map.rename(id, label));
  app.method('map-projection-delete', ({ id }) => map.delete(id));
  app.method('map-points', (args) => map.points(args));
  app.method('map-point-codes', (args) => map.pointCodes(args));
  app.method('map-preview', async ({ jobId }) => ({ frame: map.preview(jobId) }));
  app.method('map-selection', (args) => map.selection(args));
  app.method('map-selection-export', (args) => map.selectionExport(args));
  app.method('map-labels', ({ projectionId, themeModelId }) => map.labels(projectionId, themeModelId));
  app.method('map-code-selection', (args) => map.codeSelection(args));
}
