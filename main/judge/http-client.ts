// The judge's chat-completions transport: one keep-alive agent per run, a total deadline per request, abort.
// The openai SDK (used for the Batch and Files endpoints) costs ~1-2 ms of CPU per call on top of Node's http
// module; at 80 calls/s that is most of the judge's CPU budget, so the hot path speaks HTTP directly.

import http from 'node:http';
import https from 'node:https';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request that never produced an HTTP status: refused, reset, timed out, aborted. */
export class TransportError extends Error {
  constructor(message: string, readonly kind: 'timeout' | 'network' | 'aborted') {
    super(message);
    this.name = 'TransportError';
  }
}

const MAX_BODY = 32 * 1024 * 1024;

/** The headers every judge request carries: the origin's key (or a placeholder for local servers), Azure's too. */
export function judgeHeaders(baseUrl: string, key: string | null): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${key ?? 'no-key'}`, 'user-agent': 'empathy-workbench-judge' };
  if (key && /\.(openai|cognitiveservices)\.azure\.com$/.test(new URL(baseUrl).hostname)) headers['api-key'] = key;
  return headers;
}

export class HttpClient {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly mod: typeof http | typeof https;

  constructor(baseUrl: string, private readonly headers: Record<string, string>, maxSockets = 64) {
    this.url = new URL(baseUrl.endsWith('/') ? baseUrl : baseUrl + '/');
    const secure = this.url.protocol === 'https:';
    if (!secure && this.url.protocol !== 'http:') throw new Error(`Unsupported protocol in base URL: ${this.url.protocol}`);
    this.mod = secure ? https : http;
    this.agent = new this.mod.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 10_000 });
  }

  /** POST a JSON body to `path` relative to the base URL (e.g. 'chat/completions'). */
  post(path: string, body: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<HttpResult> {
    const u = this.url;
    return new Promise<HttpResult>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new TransportError('aborted', 'aborted'));
      let settled = false;
      const finish = (err: Error | null, res?: HttpResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(res!);
      };
      const req = this.mod.request({
        protocol: u.protocol, hostname: u.hostname, port: u.port || undefined, method: 'POST',
        path: u.pathname + path + u.search, agent: this.agent,
        headers: { ...this.headers, 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) req.destroy(new TransportError(`response larger than ${MAX_BODY} bytes`, 'network'));
          else chunks.push(c);
        });
        res.on('end', () => {
          if (!res.complete) return finish(new TransportError('connection closed before the response was complete', 'network'));
          finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => finish(new TransportError(`response error: ${e.message}`, 'network')));
        res.on('aborted', () => finish(new TransportError('connection closed before the response was complete', 'network')));
      });
      const timer = setTimeout(() => {
        const e = new TransportError(`no complete response within ${opts.timeoutMs} ms`, 'timeout');
        req.destroy(e);
        finish(e);
      }, opts.timeoutMs);
      const onAbort = () => {
        const e = new TransportError('aborted', 'aborted');
        req.destroy(e);
        finish(e);
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e: Error & { code?: string }) => {
        if (e instanceof TransportError) return finish(e);
        // Node's socket errors carry no header values, but keep only the code and message to be safe.
        finish(new TransportError(`${e.code ? e.code + ': ' : ''}${e.message}`, 'network'));
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Retry-After as milliseconds: `retry-after-ms`, then `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: http.IncomingHttpHeaders, now = Date.now()): number | null {
  const ms = headers['retry-after-ms'];
  if (typeof ms === 'string' && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers['retry-after'];
  if (typeof ra !== 'string' || ra.trim() === '') return null;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
