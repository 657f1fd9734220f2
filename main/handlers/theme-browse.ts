import type { App } from '../api/app.js';
import type { ThemeBrowser } from '../themes/browse.js';

export function registerThemeBrowseHandlers(app: App, browser: ThemeBrowser): void {
  app.method('themes-browse-list', (args) => browser.themes(args));
  app.method('theme-get', (args) => browser.theme(args));
  app.method('themes-compare', (args) => browser.compare(args));
}
