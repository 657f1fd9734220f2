import type { App } from '../api/app.js';
import type { ThemeService } from '../themes/service.js';

export function registerThemeHandlers(app: App, themes: ThemeService): void {
  void app;
  void themes;
}
