import { useCallback, useEffect, useRef, useState } from 'react';
import type { JudgeKeyStatus } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';
import { useAction } from '../api/useAction.js';
import { useDebounced } from '../api/useDebounced.js';
import { keyStatusText } from './judge-state.js';

/**
 * The API key: its status for the chosen endpoint (where it comes from, never the key) and a field to enter one.
 * The field is uncontrolled and emptied as soon as the key is handed to the backend, so the key never sits in
 * React state or in the page's HTML.
 */
export function KeyField({ baseUrl, onStatus }: { baseUrl: string; onStatus?: (s: JudgeKeyStatus | null) => void }) {
  const api = useApi();
  const settledUrl = useDebounced(baseUrl.trim(), 300);
  const [status, setStatus] = useState<JudgeKeyStatus | null>(null);
  const { busy, error, setError, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const [hasText, setHasText] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const statusRef = useRef(onStatus);
  statusRef.current = onStatus;

  const load = useCallback(async () => {
    try {
      const s = await api.call('judge-key-status', settledUrl ? { baseUrl: settledUrl } : undefined);
      setStatus(s);
      statusRef.current?.(s);
    } catch (e) {
      setStatus(null);
      statusRef.current?.(null);
      setError(errorMessage(e));
    }
  }, [api, settledUrl]);

  useEffect(() => { void load(); }, [load]);

  const store = (key: string | null) => {
    setSaved(null);
    return run(async () => {
      // Bound to the endpoint's origin: the backend never sends it anywhere else.
      await api.call('judge-key-set', settledUrl ? { key, baseUrl: settledUrl } : { key });
      setSaved(key === null ? 'The saved key was removed.' : 'Key saved. It will not be shown again.');
      await load();
    });
  };

  const save = () => {
    const el = input.current;
    const key = el?.value.trim() ?? '';
    if (!key) return setError('Paste a key first.');
    // Out of the DOM before the call goes out.
    if (el) el.value = '';
    setHasText(false);
    void store(key);
  };

  const shown = status ? keyStatusText(status) : null;
  const canStore = status?.canStore ?? false;
  return (
    <div className="field judge-key" data-testid="judge-key">
      <span>API key</span>
      <div className="row gap wrap">
        <span className={`key-status key-${shown?.tone ?? 'muted'}`} data-testid="judge-key-status" data-available={status?.available ? 'true' : 'false'}>
          {shown?.text ?? 'Checking…'}
        </span>
        {canStore && status && status.storedOrigins.includes(status.origin) && (
          <button type="button" className="link small" onClick={() => void store(null)} disabled={busy} data-testid="judge-key-forget">Forget saved key</button>
        )}
      </div>
      {canStore ? (
        <div className="row gap">
          <input
            ref={input}
            type="password"
            className="input grow mono"
            placeholder={status?.available && status.source ? 'Enter a new key to replace it' : 'sk-…'}
            autoComplete="off"
            spellCheck={false}
            aria-label="API key"
            data-testid="judge-key-input"
            onChange={(e) => setHasText(!!e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); save(); } }}
          />
          <button type="button" className="btn" onClick={save} disabled={busy || !hasText} data-testid="judge-key-save">Save key</button>
        </div>
      ) : status ? (
        <p className="muted small" data-testid="judge-key-no-store">
          This workbench cannot keep keys. Set <code>OPENAI_API_KEY</code> (and <code>OPENAI_BASE_URL</code> for another endpoint) before starting it.
        </p>
      ) : null}
      <p className="muted small" data-testid="judge-key-where">
        {api.transport === 'http'
          ? 'Browser mode keeps a key in the workbench server\'s memory for this session only, for this endpoint alone; never on disk, in the workspace, logs or exports.'
          : 'Kept by the operating system\'s keychain (Electron safeStorage), for this endpoint alone; never in the workspace, logs or exports.'}
        {' '}Local servers need no key.
      </p>
      {saved && <p className="ok small" data-testid="judge-key-saved">{saved}</p>}
      {error && <div className="alert alert-error" data-testid="judge-key-error">{error}</div>}
    </div>
  );
}
