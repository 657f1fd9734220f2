import type { App } from '../api/app.js';
import type { ThemeBrowser } from '../themes/browse.js';

export function registerThemeBrowseHandlers(app: App, browser: ThemeBrowser): void {
  void app;
  void browser;
}
