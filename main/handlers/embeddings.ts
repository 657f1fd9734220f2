import type { App } from '../api/app.js';
import type { EmbeddingService } from '../embeddings/service.js';

export function registerEmbeddingHandlers(app: App, embeddings: EmbeddingService): void {
  app.method('embeddings-list', () => embeddings.list());
  app.method('embeddings-estimate', (spec) => embeddings.estimate(spec));
  app.method('embeddings-create', (spec) => embeddings.create(spec));
  app.method('embeddings-resume', ({ embeddingSetId }) => embeddings.resume(embeddingSetId));
  app.method('embeddings-delete', async ({ embeddingSetId }) => {
    await embeddings.delete(embeddingSetId);
    return { deleted: true as const };
  });
}
