import { useState } from 'react';
import type { JudgeConnectionTest } from '../../main/api/contract/index.js';
import { useApi } from '../api/ApiContext.js';
import { errorMessage } from '../api/client.js';

/** "Test connection": one one-token request to the endpoint before paying for a run. */
export function ConnectionTest({ baseUrl, model }: { baseUrl: string; model: string }) {
  const api = useApi();
  const [result, setResult] = useState<(JudgeConnectionTest & { for: string }) | { error: string; for: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const target = `${baseUrl}\n${model}`;
  // A result belongs to the endpoint and model it was for: another endpoint or model shows none.
  const shown = result?.for === target ? result : null;

  const run = async () => {
    setTesting(true);
    try {
      setResult({ ...(await api.call('judge-connection-test', { baseUrl, model })), for: target });
    } catch (e) {
      setResult({ error: errorMessage(e), for: target });
    } finally {
      setTesting(false);
    }
  };
  return (
    <div className="connection-test">
      <button type="button" className="btn" disabled={testing || !model.trim()} onClick={() => void run()} data-testid="judge-connection-test"
        title="Sends one request with a one-token answer (a fraction of a cent) to check the endpoint, key and model">
        {testing ? 'Testing…' : 'Test connection'}
      </button>
      {shown && ('error' in shown
        ? <p className="small error-text" role="status" data-testid="judge-connection-result" data-ok="false">{shown.error}</p>
        : <p className={'small ' + (shown.ok ? 'ok' : 'error-text')} role="status" data-testid="judge-connection-result" data-ok={String(shown.ok)}>
          {shown.ok ? '✓ ' : '✗ '}{shown.message}{shown.status != null ? ` (${shown.latencyMs} ms)` : ''}
        </p>)}
    </div>
  );
}
