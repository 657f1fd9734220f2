// Who is coding: pick a named coder or create one, blind mode, and undo/redo of this coder's last edits
// (buttons and Ctrl+Z / Ctrl+Shift+Z, also Ctrl+Y) anywhere on the coding page except inside a text field.
import { useEffect, useState } from 'react';
import { CONSENSUS_CODER } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { isTyping } from '../shell/keys.js';
import { useApiQuery } from '../themes/useApiQuery.js';
import { useCoding } from './CodingContext.js';

export function CoderBar() {
  const api = useApi();
  const { coder, setCoder, blind, setBlind, revision, bump, error, clearError } = useCoding();
  const coders = useApiQuery('coding-coders', undefined, revision);
  const history = useApiQuery('coding-history', coder ? { coder, limit: 1 } : null, revision);
  const [name, setName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);
  const [undoNote, setUndoNote] = useState<string | null>(null);

  const create = async () => {
    const n = name.trim();
    if (!n) return;
    try {
      const c = await api.call('coding-coder-create', { name: n });
      setCoder(c.name);
      setName('');
      setCreateError(null);
      bump();
    } catch (e) {
      setCreateError(errorMessage(e));
    }
  };

  const step = async (which: 'coding-undo' | 'coding-redo') => {
    if (!coder) return;
    try {
      const { event } = await api.call(which, { coder });
      setUndoNote(event ? `${which === 'coding-undo' ? 'Undid' : 'Redid'}: ${event.summary}` : `Nothing to ${which === 'coding-undo' ? 'undo' : 'redo'}`);
      bump();
    } catch (e) {
      setUndoNote(errorMessage(e));
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTyping(e)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' || k === 'y') {
        e.preventDefault();
        void step(k === 'y' || e.shiftKey ? 'coding-redo' : 'coding-undo');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const list = (coders.data?.coders ?? []).filter((c) => c.name !== CONSENSUS_CODER);
  const known = !coder || list.some((c) => c.name === coder);
  return (
    <div className="coder-bar card" data-testid="coder-bar">
      <label className="row gap baseline">
        <span className="muted small">Coder</span>
        <select className="input" value={coder ?? ''} onChange={(e) => setCoder(e.target.value || null)} data-testid="coder-select" aria-label="Current coder">
          <option value="">choose…</option>
          {list.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.assignments})</option>)}
          {!known && coder && <option value={coder}>{coder} (not in this study yet)</option>}
        </select>
      </label>
      <form className="row gap" onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <input className="input" placeholder="New coder's name" value={name} onChange={(e) => setName(e.target.value)} data-testid="coder-new-name" aria-label="New coder's name" />
        <button className="btn btn-small" type="submit" disabled={!name.trim()} data-testid="coder-create">Add coder</button>
      </form>
      <label className="check" title="Hide the other coders' codes while you code">
        <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} data-testid="blind-toggle" /> Blind mode
      </label>
      <span className="grow" />
      <button className="btn btn-small" disabled={!coder || history.data?.canUndo === false} onClick={() => void step('coding-undo')} title="Undo your last edit (Ctrl+Z)" data-testid="coding-undo">Undo</button>
      <button className="btn btn-small" disabled={!coder || history.data?.canRedo === false} onClick={() => void step('coding-redo')} title="Redo (Ctrl+Shift+Z)" data-testid="coding-redo">Redo</button>
      {(createError || error || undoNote) && (
        <div className="coder-status small" data-testid="coding-status">
          {createError ?? error ?? undoNote}
          <button className="btn-icon" aria-label="Dismiss" onClick={() => { setCreateError(null); setUndoNote(null); clearError(); }}>×</button>
        </div>
      )}
    </div>
  );
}
