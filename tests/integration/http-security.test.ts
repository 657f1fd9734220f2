// Browser mode as an attacker on the same machine sees it: a real server on 127.0.0.1, raw HTTP requests
// (node:http, so paths, Host and Origin go out exactly as written, unlike fetch, which normalises them).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp, type HttpServer } from '../../main/api/http.js';
import { App } from '../../main/api/app.js';
import { tempDir } from '../helpers/tiny-study.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SECRET = 'outside-the-build-folder';
const tmp = tempDir('workbench-http-security-');
const dist = join(tmp.path, 'dist');
// A bare handler table: these tests are about the transport, which must refuse before any handler runs.
const app = new App();
let server: HttpServer;
/** Every answer body seen, to check at the end that none of them ever carries the token. */
const bodies: string[] = [];

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; auth?: boolean } = {}): Promise<Answer> {
  const u = new URL(server.url);
  const headers: Record<string, string> = { host: u.host, ...(opts.auth ? { authorization: `Bearer ${server.token}` } : {}), ...opts.headers };
  if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise((ok, fail) => {
    const r = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        bodies.push(body);
        ok({ status: res.statusCode!, headers: res.headers, body });
      });
    });
    r.on('error', fail);
    r.end(opts.body);
  });
}

const api = (method: string, opts: Parameters<typeof raw>[1] = {}) =>
  raw(`/api/${method}`, { method: 'POST', body: 'null', ...opts, headers: { 'content-type': 'application/json', ...opts.headers } });

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dist, '.env'), SECRET);
  // A sibling whose name starts with the build folder's: a prefix check on the resolved path lets it through.
  mkdirSync(join(tmp.path, 'dist-evil'));
  writeFileSync(join(tmp.path, 'dist-evil', 'secret.txt'), SECRET);
  writeFileSync(join(tmp.path, 'secret.txt'), SECRET);
  app.method('jobs-list', async () => []);
  server = await serveHttp(app, { port: 0, staticDir: dist });
});

afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

describe('browser-mode token', () => {
  it('is a fresh ≥128-bit URL-safe token per launch, carried by the launch URL only', async () => {
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.launchUrl).toBe(`${server.url}?token=${server.token}`);
    const other = await serveHttp(app, { port: 0 });
    try {
      expect(other.token).not.toBe(server.token);
    } finally {
      await other.close();
    }
  });

  it('listens on 127.0.0.1 only', () => {
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
  });

  it('answers 401 to API calls and the event stream without the right Bearer token', async () => {
    const none = await api('jobs-list');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ code: 'unauthorized' });
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const sameLength = server.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await api('jobs-list', { headers: { authorization: `Bearer ${sameLength}` } })).status).toBe(401);
    expect((await api('jobs-list', { headers: { authorization: `Bearer ${server.token.slice(0, -1)}` } })).status).toBe(401);
    expect((await api('jobs-list', { headers: { authorization: server.token } })).status).toBe(401);
    // The launch link's query is for the page; the API itself only takes the header.
    expect((await raw(`/api/jobs-list?token=${server.token}`, { method: 'POST', body: 'null', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    expect((await raw('/api/events')).status).toBe(401);
    // Before the method table too, so a caller without the token cannot learn which names exist.
    expect((await api('no-such-method')).status).toBe(401);
  });

  it('serves calls and events with the token', async () => {
    const ok = await api('jobs-list', { auth: true });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ result: [] });
    const events = await fetch(server.url + 'api/events', { headers: { authorization: `Bearer ${server.token}` } });
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    await events.body!.cancel();
  });
});

describe('browser-mode request checks', () => {
  it('answers 403 to a foreign Host, even with the token (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`]) {
      const res = await api('jobs-list', { auth: true, headers: { host } });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'forbidden-host' });
    }
    expect((await raw('/', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await api('jobs-list', { auth: true, headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it('answers 403 to a foreign Origin, even with the token', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${Number(new URL(server.url).port) + 1}`, server.url]) {
      const res = await api('jobs-list', { auth: true, headers: { origin } });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'forbidden-origin' });
    }
    expect((await api('jobs-list', { auth: true, headers: { origin: server.url.replace(/\/$/, '') } })).status).toBe(200);
  });

  it('answers 404 to every path that climbs out of the build folder, encoded or not', async () => {
    for (const path of ['/..%2f..%2fetc/passwd', '/%2e%2e/', '/%2e%2e/secret.txt', '/../secret.txt', '/..%2fdist-evil%2fsecret.txt',
      '/..%2fdist-evil/secret.txt', '/../dist-evil/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/.env']) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain(SECRET);
      expect(JSON.parse(res.body), path).toMatchObject({ code: 'not-found' });
    }
  });

  it('serves the build, and index.html for client-side routes', async () => {
    const index = await raw(`/?token=${server.token}`);
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await raw('/assets/app.js')).body).toBe('console.log(1)');
    expect((await raw('/figures/effects')).body).toContain('<div id="root">');
    expect((await raw('/assets/missing.js')).status).toBe(404);
    expect((await raw('/favicon.ico')).status).toBe(204);
  });

  it('answers 400 with JSON to a malformed percent escape', async () => {
    for (const path of ['/%E0%A4%A', '/%zz', '/api/%E0%A4%A']) {
      const res = await raw(path, { auth: true });
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body), path).toMatchObject({ code: 'bad-path' });
    }
  });

  it('answers 413 with a JSON error to a body over the limit, instead of resetting the connection', async () => {
    // fetch streams the body and reads the answer the way a browser would.
    const res = await fetch(server.url + 'api/jobs-list', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ path: 'x'.repeat(9 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'too-large', error: expect.stringMatching(/larger than 8 MiB/) });
    // The limit is on size alone: the same call just under it reaches the handler.
    const small = await api('jobs-list', { auth: true, body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) });
    expect(small.status).not.toBe(413);
  });

  it('answers 404 to unknown HTTP methods and unknown API methods', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      expect((await raw('/api/jobs-list', { method, auth: true })).status, method).toBe(404);
    }
    expect((await api('no-such-method', { auth: true })).status).toBe(404);
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await raw('/index.html', { method })).status, method).toBe(404);
  });

  it('never puts the token in an answer body', () => {
    expect(bodies.length).toBeGreaterThan(40);
    for (const b of bodies) expect(b).not.toContain(server.token);
  });
});

describe('workbench serve', () => {
  it('prints the launch URL with its token on the first line, and that token opens the API', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/workbench.js'), 'serve', '--db', join(tmp.path, 'cli.duckdb'), '--port', '0', '--static', dist],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENAI_API_KEY: '' } });
    try {
      const first = await new Promise<string>((ok, fail) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) ok(out.split('\n')[0]);
        });
        child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
        child.on('exit', (code) => fail(new Error(`serve exited ${code}: ${err}`)));
      });
      const m = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{22,})$/.exec(first);
      expect(m, first).not.toBeNull();
      const base = `http://127.0.0.1:${m![1]}/api/`;
      const call = (headers: Record<string, string>) => fetch(base + 'jobs-list', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: 'null' });
      expect((await call({ authorization: `Bearer ${m![2]}` })).status).toBe(200);
      expect((await call({})).status).toBe(401);
      // Browser mode keeps a typed key for this session, bound to its endpoint, and says so.
      const api = (method: string, args: unknown) => fetch(base + method, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${m![2]}` }, body: JSON.stringify(args),
      }).then((r) => r.json());
      const before = await api('judge-key-status', { baseUrl: 'http://127.0.0.1:7/v1' });
      expect(before.result).toMatchObject({ canStore: true, available: true, source: null }); // local: needs none
      const set = await api('judge-key-set', { key: 'sk-session-only-key-000000000000', baseUrl: 'https://api.example.org/v1' });
      expect(set.result).toMatchObject({ origin: 'https://api.example.org', source: 'this session (browser mode)', storedOrigins: ['https://api.example.org'] });
      expect(JSON.stringify(set)).not.toContain('sk-session');
      expect((await api('judge-key-status', undefined)).result).toMatchObject({ origin: 'https://api.openai.com', source: null });
    } finally {
      child.kill();
    }
  }, 60_000);
});
