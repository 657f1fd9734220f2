import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext.js';
import { useAction } from '../api/useAction.js';

/** The theme's description, editable: a saved edit is a human description that later LLM runs never overwrite. */
export function DescriptionEditor({ modelId, latent, description, source, onSaved }: {
  modelId: string; latent: number; description: string | null; source: 'llm' | 'human' | null; onSaved: () => void;
}) {
  const api = useApi();
  const [text, setText] = useState(description ?? '');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const { busy, run } = useAction();
  useEffect(() => {
    setText(description ?? '');
    setStatus(null);
  }, [modelId, latent, description]);

  const save = () => run(async () => {
    await api.call('theme-description-set', { modelId, latent, description: text.trim() });
    setStatus({ ok: true, text: text.trim() ? 'Saved (human description)' : 'Description removed' });
    onSaved();
  }, (message) => setStatus({ ok: false, text: message }));
  return (
    <div className="row gap wrap baseline">
      <input className="input grow" value={text} onChange={(e) => setText(e.target.value)} placeholder="No description yet: write one"
        onKeyDown={(e) => e.key === 'Enter' && void save()} data-testid="theme-description-input" aria-label="Theme description" maxLength={2000} />
      <button className="btn btn-small" onClick={() => void save()} disabled={busy || text.trim() === (description ?? '')} data-testid="theme-description-save">Save</button>
      {source && <span className="muted small" data-testid="theme-description-source">{source === 'human' ? 'written by a person' : 'written by an LLM'}</span>}
      {status && <span className={'small ' + (status.ok ? 'muted' : 'error-text')} data-testid="theme-description-status">{status.text}</span>}
    </div>
  );
}
