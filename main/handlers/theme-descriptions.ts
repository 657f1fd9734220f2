import type { App } from '../api/app.js';
import type { ThemeDescriptionService } from '../themes/descriptions.js';

export function registerThemeDescriptionHandlers(app: App, descriptions: ThemeDescriptionService): void {
  app.method('themes-describe-estimate', (spec) => descriptions.estimate(spec));
  app.method('themes-describe', (spec) => descriptions.start(spec));
  app.method('theme-description-set', async ({ modelId, latent, description }) => ({
    description: await descriptions.setDescription(modelId, latent, description),
  }));
  app.method('theme-descriptions-list', ({ modelId }) => descriptions.list(modelId));
}
