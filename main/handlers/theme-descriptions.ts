import type { App } from '../api/app.js';
import type { ThemeDescriptionService } from '../themes/descriptions.js';

export function registerThemeDescriptionHandlers(app: App, descriptions: ThemeDescriptionService): void {
  void app;
  void descriptions;
}
