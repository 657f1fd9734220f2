// The embedding-set form's state and the spec it sends (embeddings-estimate / embeddings-create). Defaults are the
// backend's (main/api/contract/embeddings.ts); an empty field here means "use that default".
import type { EmbeddingSpec } from '../../main/api/contract/index.js';

export type ProviderChoice = 'offline' | 'openai' | 'import';

export interface EmbeddingForm { provider: ProviderChoice; model: string; dimensions: string; baseUrl: string; file: string; keys: string; label: string }

export const EMPTY_FORM: EmbeddingForm = { provider: 'offline', model: '', dimensions: '', baseUrl: '', file: '', keys: '', label: '' };

export const PROVIDER_LABELS: Record<ProviderChoice, string> = {
  offline: 'lexical stand-in (TF-IDF + SVD), no download',
  openai: 'OpenAI-compatible endpoint',
  import: 'import vectors from a file',
};

const opt = (s: string) => (s.trim() ? s.trim() : undefined);
const optInt = (s: string) => (s.trim() ? Number(s.trim()) : undefined);

export function toSpec(f: EmbeddingForm): EmbeddingSpec {
  const label = opt(f.label);
  if (f.provider === 'offline') return { provider: 'offline', dimensions: optInt(f.dimensions), label };
  if (f.provider === 'openai') return { provider: 'openai', model: opt(f.model), dimensions: optInt(f.dimensions), baseUrl: opt(f.baseUrl), label };
  return { provider: 'import', file: f.file.trim(), keys: opt(f.keys), model: opt(f.model), label };
}
