// A local OpenAI-compatible server for testing the judge's PROTOCOL HANDLING (not judging quality): it answers
// /v1/chat/completions (structured outputs), /v1/embeddings (made-up vectors from a hash of the text), /v1/files
// and /v1/batches on 127.0.0.1 with made-up but
// deterministic answers, and can misbehave on demand: latency, 429 with Retry-After, 500, hang, a body cut
// short, truncated or invalid JSON answers, out-of-range scores, missing dimensions, 401 echoing the key.
// It records every request. Run it alone with `npx tsx tests/judge/openai-test-server.ts [--latency MS]`:
// it prints its base URL on the first line of stdout (used by the benchmark, so its CPU is not ours).

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerEmbeddings } from '../embeddings/embeddings-endpoint.js';

export const DIMENSIONS = ['encouraging_elaboration', 'validating_emotions', 'demonstrating_understanding', 'advice_giving', 'self_oriented', 'dismissing_emotions'];

export type Behavior =
  | 'ok' | 'rate-limit' | 'server-error' | 'hang' | 'truncated-body' | 'truncated-json' | 'invalid-json'
  | 'out-of-range' | 'missing-dimension' | 'unauthorized-echo' | 'bad-request' | 'always-a';

export interface BehaviorSpec {
  kind: Behavior;
  /** Retry-After header value for 'rate-limit' (seconds or an HTTP date); default '1'. */
  retryAfter?: string;
  /** Extra latency for this request. */
  latencyMs?: number;
}

export interface RecordedRequest {
  /** 1-based order of arrival over all requests. */
  n: number;
  method: string;
  path: string;
  authorization: string | null;
  headers: http.IncomingHttpHeaders;
  bodyText: string;
  body: any;
  /** For chat requests: the user message (the conversation text), and how often this exact body was seen. */
  conversation: string | null;
  attempt: number;
  kind: 'scores' | 'dimension' | 'pairwise' | null;
  receivedAt: number;
  respondedAt: number | null;
  status: number | null;
  behavior: Behavior | null;
}

export interface TestServerOptions {
  latencyMs?: number;
  /** Chooses how to answer a chat request (default 'ok'). */
  behavior?: (r: RecordedRequest) => Behavior | BehaviorSpec | undefined;
  /** Batches complete after this many status polls (default 1). */
  batchPolls?: number;
  /** How each request inside a batch is answered (default 'ok'). */
  batchBehavior?: (customId: string, body: any) => Behavior | undefined;
  /** Don't record request bodies (benchmark: keeps the server light). */
  lean?: boolean;
  /**
   * The content of an 'ok' chat answer, for requests that are not judge scoring (theme descriptions, Yes/No
   * labels); undefined falls back to the made-up judge answer.
   */
  answer?: (r: RecordedRequest) => string | undefined;
  /** Chooses how to answer an embeddings request (default 'ok'); 'hang' never answers (a timeout). */
  embeddingBehavior?: (r: RecordedRequest) => Behavior | BehaviorSpec | undefined;
  /** Vector length when the request names no `dimensions` (default 16). */
  embeddingDimensions?: number;
}

export interface StoredFile { id: string; filename: string; purpose: string; content: string }
interface StoredBatch {
  id: string; input_file_id: string; endpoint: string; status: string; metadata: Record<string, string> | null;
  output_file_id: string | null; error_file_id: string | null; polls: number; created_at: number;
  request_counts: { total: number; completed: number; failed: number };
}

function hashInt(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

/** Deterministic made-up scores: a function of the conversation text only. */
export function fakeScores(conversation: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of DIMENSIONS) out[d] = 1 + (hashInt(d + '|' + conversation) % 5);
  return out;
}

function requestKind(body: any): 'scores' | 'dimension' | 'pairwise' {
  const name = body?.response_format?.json_schema?.name;
  if (name === 'pairwise_choice') return 'pairwise';
  if (name === 'empathic_communication_dimension_score') return 'dimension';
  if (name === 'empathic_communication_scores') return 'scores';
  const user: string = body?.messages?.find((m: any) => m.role === 'user')?.content ?? '';
  return user.includes('Conversation A:') ? 'pairwise' : 'scores';
}

function answerContent(kind: 'scores' | 'dimension' | 'pairwise', conversation: string, behavior: Behavior): { content: string; finish: string } {
  if (kind === 'pairwise') {
    if (behavior === 'invalid-json') return { content: 'Both are good, hard to say.', finish: 'stop' };
    if (behavior === 'always-a') return { content: JSON.stringify({ choice: 'A' }), finish: 'stop' };
    const m = /Conversation A:\n([\s\S]*?)\n\nConversation B:\n([\s\S]*?)\n\nWhich/.exec(conversation);
    const q = (t: string) => Object.values(fakeScores(t)).reduce((a, b) => a + b, 0);
    // A consistent made-up preference: higher made-up total wins, ties broken by text, so swapping A and B
    // never changes the winner.
    const better = (x: string, y: string) => q(x) > q(y) || (q(x) === q(y) && x > y);
    const choice = m ? (better(m[1], m[2]) ? 'A' : 'B') : 'A';
    return { content: JSON.stringify({ choice }), finish: 'stop' };
  }
  const scores = fakeScores(conversation);
  const item = (d: string) => ({ evidence: conversation.split('\n').find((l) => l.startsWith('Supporter:'))?.slice(11, 60) ?? '', rationale: `made-up rationale for ${d}`, score: scores[d] });
  let obj: any = kind === 'dimension' ? item('encouraging_elaboration') : Object.fromEntries(DIMENSIONS.map((d) => [d, item(d)]));
  if (behavior === 'out-of-range') {
    if (kind === 'dimension') obj.score = 7; else obj.advice_giving.score = 7;
  }
  if (behavior === 'missing-dimension') {
    if (kind === 'dimension') delete obj.score; else delete obj.dismissing_emotions;
  }
  const content = JSON.stringify(obj);
  if (behavior === 'truncated-json') return { content: content.slice(0, Math.floor(content.length / 2)), finish: 'length' };
  if (behavior === 'invalid-json') return { content: 'Here are the scores: {encouraging_elaboration: 3, validating', finish: 'stop' };
  return { content, finish: 'stop' };
}

function completion(model: string, content: string, finish: string, promptChars: number) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2, 10)}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: finish, logprobs: null }],
    usage: { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: Math.ceil(promptChars / 4) + Math.ceil(content.length / 4) },
  };
}

export class OpenAITestServer {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** How often each exact request body was seen (shared with the embeddings endpoint). */
  readonly seen = new Map<string, number>();
  /** Uploaded and generated files by id (tests read the uploaded JSONL). */
  readonly files = new Map<string, StoredFile>();
  private readonly batches = new Map<string, StoredBatch>();
  /** Responses held open by 'hang' (closed by close()). */
  readonly hanging = new Set<http.ServerResponse>();
  private counter = 0;
  url = '';

  private constructor(private readonly server: http.Server, public opts: TestServerOptions) {}

  static async start(opts: TestServerOptions = {}): Promise<OpenAITestServer> {
    const server = http.createServer();
    server.keepAliveTimeout = 30_000;
    const s = new OpenAITestServer(server, opts);
    server.on('request', (req, res) => void s.handle(req, res));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    s.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return s;
  }

  /** Chat-completion requests only, in arrival order. */
  chat(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/v1/chat/completions');
  }

  /** Forgets recorded requests and sets new options (none: plain, instant 'ok' answers). */
  reset(opts: TestServerOptions = {}): void {
    this.requests.length = 0;
    this.seen.clear();
    this.maxInFlight = 0;
    this.counter = 0;
    this.opts = opts;
  }

  async close(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const buf = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const rec: RecordedRequest = {
      n: ++this.counter, method: req.method ?? 'GET', path: url.pathname, authorization: (req.headers.authorization as string) ?? null,
      headers: this.opts.lean ? {} : req.headers, bodyText: '', body: null, conversation: null, attempt: 0, kind: null,
      receivedAt: Date.now(), respondedAt: null, status: null, behavior: null,
    };
    this.requests.push(rec);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      rec.respondedAt = Date.now();
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(text);
    };
    try {
      if (req.method === 'POST' && url.pathname === '/v1/chat/completions') return await this.chatCompletion(req, res, rec, buf.toString('utf8'));
      if (req.method === 'POST' && url.pathname === '/v1/embeddings') return await answerEmbeddings(this, req, res, rec, buf.toString('utf8'));
      if (req.method === 'POST' && url.pathname === '/v1/files') return send(200, await this.upload(req, buf));
      const content = /^\/v1\/files\/([^/]+)\/content$/.exec(url.pathname);
      if (req.method === 'GET' && content) {
        const f = this.files.get(content[1]);
        if (!f) return send(404, { error: { message: 'No such file' } });
        rec.status = 200;
        rec.respondedAt = Date.now();
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(f.content);
      }
      if (req.method === 'POST' && url.pathname === '/v1/batches') return send(200, this.createBatch(JSON.parse(buf.toString('utf8'))));
      if (req.method === 'GET' && url.pathname === '/v1/batches') {
        const data = [...this.batches.values()].reverse().map((b) => this.batchObject(b));
        return send(200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false });
      }
      const one = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(url.pathname);
      if (one) {
        const b = this.batches.get(one[1]);
        if (!b) return send(404, { error: { message: 'No such batch' } });
        if (one[2] && req.method === 'POST') {
          if (!['completed', 'failed', 'expired'].includes(b.status)) b.status = 'cancelled';
          return send(200, this.batchObject(b));
        }
        if (req.method === 'GET') return send(200, this.poll(b));
      }
      send(404, { error: { message: `No route ${req.method} ${url.pathname}` } });
    } catch (e) {
      send(500, { error: { message: (e as Error).message } });
    }
  }

  private async chatCompletion(req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest, text: string): Promise<void> {
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      rec.status = 400;
      res.writeHead(400, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { message: 'bad json' } }));
    }
    const user: string = body.messages?.find((m: any) => m.role === 'user')?.content ?? '';
    rec.conversation = user;
    rec.kind = requestKind(body);
    if (!this.opts.lean) { rec.bodyText = text; rec.body = body; }
    const attempt = (this.seen.get(text) ?? 0) + 1;
    this.seen.set(text, attempt);
    rec.attempt = attempt;
    const b = this.opts.behavior?.(rec);
    const spec: BehaviorSpec = typeof b === 'string' ? { kind: b } : b ?? { kind: 'ok' };
    rec.behavior = spec.kind;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finish = () => { if (!done) { done = true; this.inFlight--; rec.respondedAt = Date.now(); } };
    res.on('close', finish);
    const latency = spec.latencyMs ?? this.opts.latencyMs ?? 0;
    if (spec.kind === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
      finish();
    };
    switch (spec.kind) {
      case 'rate-limit':
        return send(429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': spec.retryAfter ?? '1' });
      case 'server-error':
        return send(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
      case 'unauthorized-echo':
        return send(401, { error: { message: `Incorrect API key provided: ${req.headers.authorization}. You can find your API key at https://example.invalid.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
      case 'bad-request':
        return send(400, { error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", type: 'invalid_request_error' } });
      case 'truncated-body': {
        const full = JSON.stringify(completion(body.model, answerContent(rec.kind, user, 'ok').content, 'stop', text.length));
        rec.status = 200;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(full)) });
        res.write(full.slice(0, Math.floor(full.length / 2)));
        setTimeout(() => { res.destroy(); finish(); }, 5);
        return;
      }
      default: {
        const custom = spec.kind === 'ok' ? this.opts.answer?.(rec) : undefined;
        if (custom !== undefined) return send(200, completion(body.model, custom, 'stop', text.length));
        const a = answerContent(rec.kind, user, spec.kind);
        return send(200, completion(body.model, a.content, a.finish, text.length));
      }
    }
  }

  /** Embeddings requests only, in arrival order. */
  embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/v1/embeddings');
  }

  private async upload(req: http.IncomingMessage, buf: Buffer) {
    const form = await new Response(new Uint8Array(buf), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    const file = form.get('file') as File;
    const f: StoredFile = { id: `file-${this.files.size + 1}`, filename: file.name, purpose: String(form.get('purpose')), content: await file.text() };
    this.files.set(f.id, f);
    return { id: f.id, object: 'file', bytes: Buffer.byteLength(f.content), created_at: Math.floor(Date.now() / 1000), filename: f.filename, purpose: f.purpose, status: 'processed' };
  }

  private createBatch(p: { input_file_id: string; endpoint: string; metadata?: Record<string, string> }) {
    const f = this.files.get(p.input_file_id);
    if (!f) throw new Error('input file not found');
    const total = f.content.split('\n').filter((l) => l.trim()).length;
    const b: StoredBatch = {
      id: `batch_${this.batches.size + 1}`, input_file_id: p.input_file_id, endpoint: p.endpoint, status: 'validating', metadata: p.metadata ?? null,
      output_file_id: null, error_file_id: null, polls: 0, created_at: Math.floor(Date.now() / 1000), request_counts: { total, completed: 0, failed: 0 },
    };
    this.batches.set(b.id, b);
    return this.batchObject(b);
  }

  private batchObject(b: StoredBatch) {
    return {
      id: b.id, object: 'batch', endpoint: b.endpoint, errors: null, input_file_id: b.input_file_id, completion_window: '24h',
      status: b.status, output_file_id: b.output_file_id, error_file_id: b.error_file_id, created_at: b.created_at,
      request_counts: b.request_counts, metadata: b.metadata,
    };
  }

  private poll(b: StoredBatch) {
    if (b.status === 'validating' || b.status === 'in_progress') {
      b.polls++;
      if (b.polls < (this.opts.batchPolls ?? 1)) b.status = 'in_progress';
      else this.runBatch(b);
    }
    return this.batchObject(b);
  }

  private runBatch(b: StoredBatch): void {
    const out: string[] = [];
    const err: string[] = [];
    for (const line of this.files.get(b.input_file_id)!.content.split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { custom_id: string; body: any };
      const user: string = r.body.messages.find((m: any) => m.role === 'user').content;
      const behavior = this.opts.batchBehavior?.(r.custom_id, r.body) ?? 'ok';
      if (behavior === 'server-error') {
        err.push(JSON.stringify({ id: `batch_req_${r.custom_id}`, custom_id: r.custom_id, response: { status_code: 500, request_id: 'x', body: { error: { message: 'server error' } } }, error: null }));
        b.request_counts.failed++;
        continue;
      }
      const a = answerContent(requestKind(r.body), user, behavior);
      out.push(JSON.stringify({ id: `batch_req_${r.custom_id}`, custom_id: r.custom_id, response: { status_code: 200, request_id: 'x', body: completion(r.body.model, a.content, a.finish, JSON.stringify(r.body).length) }, error: null }));
      b.request_counts.completed++;
    }
    const put = (lines: string[]) => {
      if (!lines.length) return null;
      const f: StoredFile = { id: `file-${this.files.size + 1}`, filename: `${b.id}-out.jsonl`, purpose: 'batch_output', content: lines.join('\n') + '\n' };
      this.files.set(f.id, f);
      return f.id;
    };
    // Like the real service, output order need not follow input order: answers come back reversed here,
    // so only matching by custom_id puts them on the right conversations.
    out.reverse();
    b.output_file_id = put(out);
    b.error_file_id = put(err);
    b.status = 'completed';
  }
}

// Standalone: `tsx tests/judge/openai-test-server.ts --latency 200` prints the base URL and serves until killed.
if (process.argv[1] && /openai-test-server\.ts$/.test(process.argv[1])) {
  const i = process.argv.indexOf('--latency');
  const latencyMs = i > 0 ? Number(process.argv[i + 1]) : 0;
  const s = await OpenAITestServer.start({ latencyMs, lean: true });
  // Keep the record small in long runs: only counts matter to the benchmark.
  setInterval(() => { s.requests.length = 0; }, 5000).unref();
  process.stdout.write(s.url + '\n');
  process.stdin.on('data', (d) => {
    if (String(d).trim() === 'stats') process.stdout.write(JSON.stringify({ maxInFlight: s.maxInFlight }) + '\n');
  });
}
