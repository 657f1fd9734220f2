// One cheap request before a paid run: does the endpoint answer, does it accept the key, does it know the
// model? A run against a dead or misconfigured endpoint would otherwise only say so after every item failed.
import type { JudgeConnectionTest } from '../api/contract/index.js';
import { UserError } from '../domain/errors.js';
import { HttpClient, TransportError, judgeHeaders } from './http-client.js';
import { Redactor, isLocalBaseUrl, keyOrigin, type KeyProvider } from './keys.js';
import { maxTokensField } from './requests.js';
import { noKeyMessage } from './run-outcome.js';

const TIMEOUT_MS = 20_000;

/** What the endpoint said, in a sentence a researcher can act on (the provider's own words kept short). */
function explain(status: number, body: string, origin: string, model: string, redactor: Redactor): { ok: boolean; message: string } {
  let detail = '';
  try {
    detail = String((JSON.parse(body) as { error?: { message?: string } }).error?.message ?? '');
  } catch { /* not JSON: keep the status alone */ }
  detail = redactor.redact(detail).slice(0, 200);
  const said = detail ? ` It said: "${detail}"` : '';
  if (status >= 200 && status < 300) return { ok: true, message: `${origin} answered with model ${model}.` };
  if (status === 401 || status === 403) return { ok: false, message: `${origin} refused the API key (HTTP ${status}). Check the key set for this endpoint.${said}` };
  if (status === 404) return { ok: false, message: `${origin} has no model "${model}" or no chat completions at this base URL (HTTP 404).${said}` };
  if (status === 429) return { ok: true, message: `${origin} is reachable but rate-limiting now (HTTP 429); a run will wait and retry.${said}` };
  if (status === 400) return { ok: false, message: `${origin} rejected the request for model ${model} (HTTP 400).${said}` };
  return { ok: false, message: `${origin} answered HTTP ${status}; try again later.${said}` };
}

export async function testJudgeConnection(keys: KeyProvider, baseUrl: string, model: string): Promise<JudgeConnectionTest> {
  const origin = keyOrigin(baseUrl);
  if (!origin) throw new UserError(`baseUrl must be an http(s) URL, got "${baseUrl.slice(0, 200)}"`, 'invalid-args');
  const key = await keys.getKey(baseUrl);
  if (!key && !isLocalBaseUrl(baseUrl)) throw new UserError(noKeyMessage(baseUrl), 'needs-key');
  const redactor = new Redactor(key);
  const client = new HttpClient(baseUrl, judgeHeaders(baseUrl, key), 1);
  // The smallest request a chat endpoint accepts: one short user message, one output token.
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Reply with OK.' }], [maxTokensField(baseUrl)]: 1 });
  const started = Date.now();
  try {
    const res = await client.post('chat/completions', body, { timeoutMs: TIMEOUT_MS });
    return { ...explain(res.status, res.body, origin, model, redactor), status: res.status, latencyMs: Date.now() - started, origin };
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
    const why = e.kind === 'timeout' ? `no answer within ${TIMEOUT_MS / 1000} s` : redactor.redact(e.message);
    return { ok: false, status: null, latencyMs: Date.now() - started, origin, message: `Could not reach ${origin}: ${why}. Is the server running and the base URL right?` };
  } finally {
    client.close();
  }
}
