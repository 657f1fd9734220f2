// The test server's /v1/embeddings (tests/judge/openai-test-server.ts routes to it): made-up unit vectors from a
// hash of each input text, `dimensions` honoured, and the same misbehaviours as the chat endpoint on demand
// (TestServerOptions.embeddingBehavior: 429 with Retry-After, 500, hang, 401 echoing the key, 400).
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type { BehaviorSpec, OpenAITestServer, RecordedRequest } from '../judge/openai-test-server.js';

/** A made-up unit vector that depends only on the text and the length: the same text always gets the same one. */
export function fakeEmbedding(text: string, d: number): Float32Array {
  const v = new Float32Array(d);
  let seed = createHash('sha256').update(text).digest().readUInt32BE(0);
  let norm = 0;
  for (let i = 0; i < d; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    v[i] = seed / 4294967296 - 0.5;
    norm += v[i] * v[i];
  }
  for (let i = 0; i < d; i++) v[i] /= Math.sqrt(norm);
  return v;
}

export async function answerEmbeddings(server: OpenAITestServer, req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest, text: string): Promise<void> {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    rec.status = 400;
    res.writeHead(400, { 'content-type': 'application/json' });
    return void res.end(JSON.stringify({ error: { message: 'bad json' } }));
  }
  rec.bodyText = text;
  rec.body = body;
  const attempt = (server.seen.get(text) ?? 0) + 1;
  server.seen.set(text, attempt);
  rec.attempt = attempt;
  const b = server.opts.embeddingBehavior?.(rec);
  const spec: BehaviorSpec = typeof b === 'string' ? { kind: b } : b ?? { kind: 'ok' };
  rec.behavior = spec.kind;
  if (spec.kind === 'hang') {
    server.hanging.add(res);
    res.on('close', () => server.hanging.delete(res));
    return;
  }
  const latency = spec.latencyMs ?? server.opts.latencyMs ?? 0;
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    rec.status = status;
    rec.respondedAt = Date.now();
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(payload));
  };
  switch (spec.kind) {
    case 'rate-limit':
      return send(429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': spec.retryAfter ?? '1' });
    case 'server-error':
      return send(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
    case 'unauthorized-echo':
      return send(401, { error: { message: `Incorrect API key provided: ${req.headers.authorization}.`, type: 'invalid_request_error', code: 'invalid_api_key' } });
    case 'bad-request':
      return send(400, { error: { message: "This model's maximum context length is 8192 tokens.", type: 'invalid_request_error' } });
    default: {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      const d = typeof body.dimensions === 'number' ? body.dimensions : server.opts.embeddingDimensions ?? 16;
      const tokens = inputs.reduce((a, t) => a + Math.ceil(String(t).length / 4), 0);
      return send(200, {
        object: 'list', model: body.model,
        data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: Array.from(fakeEmbedding(String(t), d)) })),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
  }
}
