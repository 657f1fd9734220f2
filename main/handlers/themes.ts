import type { App } from '../api/app.js';
import type { ThemeService } from '../themes/service.js';

export function registerThemeHandlers(app: App, themes: ThemeService): void {
  app.method('themes-train', (args) => themes.train(args));
  app.method('themes-resume', ({ gridId }) => themes.resume(gridId));
  app.method('themes-models', (args) => themes.models(args ?? {}));
  app.method('themes-model-get', ({ id }) => themes.model(id));
  app.method('themes-model-delete', ({ id }) => themes.deleteModel(id));
}
