import type { App } from '../api/app.js';
import type { EmbeddingService } from '../embeddings/service.js';

export function registerEmbeddingHandlers(app: App, embeddings: EmbeddingService): void {
  void app;
  void embeddings;
}
