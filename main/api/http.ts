import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import send from 'send';
import { EVENT_NAMES, METHOD_NAMES, type ApiErrorBody } from './contract/index.js';
import { errorBody } from './errors.js';
import type { App } from './app.js';
import { CSP } from '../electron/csp.js';

/** Browser mode listens here and nowhere else. */
const HOST = '127.0.0.1';
const methods = new Set<string>(METHOD_NAMES);

export interface HttpOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** The built renderer, served at `/`; default null (API only). */
  staticDir?: string | null;
  /** The access token; default a fresh 256-bit random one. Tests pass their own; it must be URL-safe base64 of ≥ 128 bits. */
  token?: string;
  /** The largest request body accepted, in bytes; default 8 MiB. */
  maxBody?: number;
}

export interface HttpServer {
  server: Server;
  /** `http://127.0.0.1:<port>/`: the origin without the token. */
  url: string;
  /** The per-launch secret every /api/* request must carry as `Authorization: Bearer <token>`. */
  token: string;
  /** The one URL to open: `url` plus `?token=<token>`. The page takes the token into memory and drops it from the address bar. */
  launchUrl: string;
  close(): Promise<void>;
}

const DEFAULTS = { port: 0, staticDir: null, maxBody: 8 * 1024 * 1024 };
/** Past this a too-large body is no longer drained so the 413 can be read; the connection is cut instead. */
const DRAIN_CAP = 64 * 1024 * 1024;
const TOKEN_FORM = /^[A-Za-z0-9_-]{22,}$/;

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Browser mode: the same handler table over HTTP, on 127.0.0.1 only. POST /api/<method> with JSON args;
 * GET /api/events is a Server-Sent Events stream. Any local process or web page can reach a loopback port,
 * so every /api/* request must carry the per-launch token (as a Bearer header, which no other site's page can
 * attach without a CORS preflight that the Origin check refuses), a loopback Host for this port (against DNS
 * rebinding) and, when the browser sends one, this server's own Origin.
 */
export async function serveHttp(app: App, opts: HttpOptions = {}): Promise<HttpServer> {
  const { port: wantedPort = DEFAULTS.port, staticDir = DEFAULTS.staticDir, maxBody = DEFAULTS.maxBody } = opts;
  const token = opts.token ?? randomBytes(32).toString('base64url');
  if (!TOKEN_FORM.test(token)) throw new Error('The browser-mode token must be at least 22 URL-safe base64 characters (128 bits)');
  // Comparing digests gives timingSafeEqual equal lengths, so neither the token nor its length leaks through timing.
  const tokenDigest = digest(token);
  let hosts = new Set<string>();
  let origins = new Set<string>();

  const clients = new Set<ServerResponse>();
  const unsubscribe = EVENT_NAMES.map((event) =>
    app.on(event, (payload) => {
      const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(data);
    }),
  );

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!hosts.has(String(req.headers.host ?? '').toLowerCase())) throw new HttpError(403, 'forbidden-host', 'Forbidden host');
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) throw new HttpError(403, 'forbidden-origin', 'Forbidden origin');
    const rawPath = (req.url ?? '').split('?')[0];
    if (!rawPath.startsWith('/')) throw new HttpError(400, 'bad-path', 'Bad request path');
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw new HttpError(400, 'bad-path', 'Malformed percent escape in the request path');
    }
    if (path.includes('\0')) throw new HttpError(400, 'bad-path', 'Bad request path');

    if (path === '/api' || path.startsWith('/api/')) {
      if (!bearerMatches(req.headers.authorization, tokenDigest)) {
        res.setHeader('www-authenticate', 'Bearer realm="workbench"');
        throw new HttpError(401, 'unauthorized', 'Missing or wrong access token: open the link that `workbench serve` printed');
      }
      const name = path.slice(5);
      if (name === 'events' && req.method === 'GET') return openEventStream(req, res, clients);
      if (req.method !== 'POST' || !methods.has(name) || !app.has(name)) throw new HttpError(404, 'unknown-method', `Unknown method ${req.method} ${path}`);
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new HttpError(415, 'bad-content-type', 'Content-Type must be application/json');
      }
      const body = await readBody(req, maxBody);
      let args: unknown;
      try {
        args = body.length ? JSON.parse(body) : undefined;
      } catch {
        throw new HttpError(400, 'bad-json', 'Request body is not valid JSON');
      }
      try {
        const result = await app.call(name as never, args as never);
        return sendJson(res, 200, { result: result ?? null });
      } catch (e) {
        const { status, body: err } = errorBody(e);
        return sendJson(res, status, err);
      }
    }
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !staticDir) throw new HttpError(404, 'not-found', 'Not found');
    return serveStatic(req, res, staticDir, rawPath, path);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) {
        if (e.status === 413) res.setHeader('connection', 'close');
        return sendJson(res, e.status, { error: e.message, code: e.code });
      }
      const { status, body } = errorBody(e);
      sendJson(res, status, body);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(wantedPort, HOST, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  const url = `http://${HOST}:${port}/`;
  return {
    server,
    url,
    token,
    launchUrl: `${url}?token=${token}`,
    close: async () => {
      unsubscribe.forEach((u) => u());
      for (const c of clients) c.end();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const m = /^Bearer +(\S+)$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]), expected);
}

function openEventStream(req: IncomingMessage, res: ServerResponse, clients: Set<ServerResponse>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': connected\n\n');
  clients.add(res);
  req.on('close', () => clients.delete(res));
}

function sendJson(res: ServerResponse, status: number, body: { result: unknown } | ApiErrorBody): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The body as text, or a 413 once it passes `limit`. The rest of a too-large body is still read (up to
 * DRAIN_CAP) so that the client, still sending, gets to read the 413 instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new HttpError(413, 'too-large', `Request body is larger than ${Math.round(limit / 1024 / 1024)} MiB`);
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_CAP) {
        req.pause();
        fail(tooLarge());
        return;
      }
      if (size > limit) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => (over ? fail(tooLarge()) : ok(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });
}

/**
 * Static files through `send`, rooted at the build folder: it refuses `..` after decoding (so `..%2f` and
 * sibling folders such as `dist-evil` next to `dist` are out of reach) and ignores dotfiles. Every refusal
 * answers 404, so a probe learns nothing about what lies outside. A path that is not a file and not an
 * escape attempt gets index.html, the single-page app.
 */
function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, rawPath: string, path: string): void {
  const options = { root, dotfiles: 'ignore' as const, index: ['index.html'] };
  const refuse = (status: number) => sendJson(res, status, { error: 'Not found', code: 'not-found' });
  const pipe = (target: string, fallback: boolean) => {
    send(req, target, options)
      .on('headers', (r: ServerResponse, file: string) => {
        r.setHeader('content-security-policy', `${CSP}; frame-ancestors 'none'`);
        if (file.endsWith('.html')) r.setHeader('cache-control', 'no-store');
      })
      .on('directory', () => refuse(404))
      .on('error', (err: { status?: number }) => {
        const status = err.status ?? 500;
        if (status === 404 && fallback && looksLikeRoute(path)) return pipe('/index.html', false);
        // Browsers ask for it unprompted; an empty answer keeps a 404 out of every page's console.
        if (status === 404 && path === '/favicon.ico') return void res.writeHead(204).end();
        if (status === 400) return sendJson(res, 400, { error: 'Bad request path', code: 'bad-path' });
        if (status >= 500) return sendJson(res, 500, { error: 'Could not read the file', code: 'internal' });
        refuse(404);
      })
      .pipe(res);
  };
  pipe(rawPath, true);
}

/** A client-side route such as `/figures/effects`: no `..`, no backslash, no dot in the last segment. */
function looksLikeRoute(path: string): boolean {
  return !/(^|[\\/])\.\.([\\/]|$)/.test(path) && !path.includes('\\') && !path.split('/').at(-1)!.includes('.');
}
