import type { App } from '../api/app.js';
import type { CustomFigureService } from '../custom-figures/service.js';

export function registerCustomFigureHandlers(app: App, figures: CustomFigureService): void {
  app.method('custom-figure-data', ({ source }) => figures.data(source));
  app.method('custom-figures-list', () => figures.list());
  app.method('custom-figure-save', ({ name, spec, replace }) => figures.save(name, spec, replace));
  app.method('custom-figure-delete', ({ name }) => figures.delete(name));
}
