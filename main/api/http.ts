import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { EVENT_NAMES, METHOD_NAMES, type ApiErrorBody } from './contract.js';
import { errorBody } from './errors.js';
import type { App } from './app.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};
const MAX_BODY = 8 * 1024 * 1024;
const methods = new Set<string>(METHOD_NAMES);

export interface HttpOptions { port?: number; host?: string; staticDir?: string | null }

/**
 * Browser mode: the same handler table over HTTP on the loopback interface. POST /api/<method> with
 * JSON args; GET /api/events is a Server-Sent Events stream. Requests must carry a loopback Host
 * (against DNS rebinding) and a JSON content type (so other sites' pages cannot post without CORS).
 */
export async function serveHttp(app: App, opts: HttpOptions = {}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const staticDir = opts.staticDir === undefined ? null : opts.staticDir;
  const clients = new Set<ServerResponse>();
  const unsubscribe = EVENT_NAMES.map((event) =>
    app.on(event, (payload) => {
      const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of clients) c.write(data);
    }),
  );

  const server = createServer(async (req, res) => {
    try {
      if (!loopbackHost(req.headers.host)) return send(res, 403, { error: 'Forbidden host', code: 'forbidden' });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        res.write(': connected\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        const name = url.pathname.slice(5);
        if (req.method !== 'POST') return send(res, 405, { error: 'Use POST', code: 'method-not-allowed' });
        if (!methods.has(name) || !app.has(name)) return send(res, 404, { error: `Unknown method ${name}`, code: 'unknown-method' });
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return send(res, 415, { error: 'Content-Type must be application/json', code: 'bad-content-type' });
        }
        const body = await readBody(req);
        let args: unknown;
        try {
          args = body.length ? JSON.parse(body) : undefined;
        } catch {
          return send(res, 400, { error: 'Request body is not valid JSON', code: 'bad-json' });
        }
        try {
          const result = await app.call(name as never, args as never);
          return send(res, 200, { result: result ?? null });
        } catch (e) {
          const { status, body: err } = errorBody(e);
          return send(res, status, err);
        }
      }
      if (staticDir) return serveStatic(staticDir, url.pathname, res);
      send(res, 404, { error: 'Not found', code: 'not-found' });
    } catch (e) {
      send(res, 500, { error: (e as Error).message, code: 'internal' });
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://${host}:${port}/`,
    close: async () => {
      unsubscribe.forEach((u) => u());
      for (const c of clients) c.end();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

function loopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '::1';
}

function send(res: ServerResponse, status: number, body: { result: unknown } | ApiErrorBody): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { fail(new Error('Request body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  const base = resolve(root);
  let file = normalize(join(base, decodeURIComponent(pathname)));
  if (!file.startsWith(base)) return send(res, 403, { error: 'Forbidden', code: 'forbidden' });
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(base, 'index.html');
  if (!existsSync(file)) return send(res, 404, { error: 'The renderer is not built; run npm run build', code: 'not-built' });
  res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}
