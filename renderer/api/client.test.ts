import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, httpClient, ipcClient, takeLaunchToken } from './client.js';

afterEach(() => vi.unstubAllGlobals());

describe('HTTP transport', () => {
  it('posts JSON args to /api/<method> and returns the result', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ result: { ok: 1 } }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const r = await httpClient().call('job-get', { id: 'j1' });
    expect(r).toEqual({ ok: 1 });
    expect(fetch).toHaveBeenCalledWith('/api/job-get', expect.objectContaining({
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"j1"}',
    }));
  });

  it("surfaces the server's message and code as an ApiError", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'No study is open', code: 'no-study' }), { status: 409 })));
    const e = await httpClient().call('study-info', undefined).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.message).toBe('No study is open');
    expect(e.code).toBe('no-study');
    expect(e.status).toBe(409);
  });

  it('says plainly when the backend cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const e = await httpClient().call('study-info', undefined).catch((x) => x);
    expect(e.code).toBe('unreachable');
    expect(e.message).toMatch(/Cannot reach the workbench backend/);
  });
});

describe('IPC transport', () => {
  it('passes calls and events through the preload bridge and keeps only the real error message', async () => {
    const listeners: ((p: unknown) => void)[] = [];
    const bridge = {
      invoke: vi.fn(async (method: string) => {
        if (method === 'study-info') throw Object.assign(new Error("Error invoking remote method 'workbench:invoke': Error: No study is open"), { code: 'no-study' });
        return [{ id: 'j' }];
      }),
      on: vi.fn((_event: string, l: (p: unknown) => void) => { listeners.push(l); return () => {}; }),
    };
    const c = ipcClient(bridge);
    expect(await c.call('jobs-list', undefined)).toEqual([{ id: 'j' }]);
    expect(bridge.invoke).toHaveBeenCalledWith('jobs-list', null);
    const e = await c.call('study-info', undefined).catch((x) => x);
    expect(e.message).toBe('No study is open');
    expect(e.code).toBe('no-study');
    const got: unknown[] = [];
    c.on('job-progress', (p) => got.push(p));
    listeners[0]({ id: 'x' });
    expect(got).toEqual([{ id: 'x' }]);
  });
});

describe('browser-mode token', () => {
  it('takes the token from the launch link and drops it from the address bar, keeping the route', () => {
    const replaceState = vi.fn();
    const token = takeLaunchToken(new URL('http://127.0.0.1:5199/?token=abc_DEF-123&x=1#/figures/effects'), { state: null, replaceState });
    expect(token).toBe('abc_DEF-123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?x=1#/figures/effects');
    const replaceAgain = vi.fn();
    expect(takeLaunchToken(new URL('http://127.0.0.1:5199/#/overview'), { state: null, replaceState: replaceAgain })).toBeNull();
    expect(replaceAgain).not.toHaveBeenCalled();
  });

  it('sends the token as a Bearer header on calls and on the event stream', async () => {
    const sse = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(': connected\n\nevent: job-progress\ndata: {"id":"j1",'));
        c.enqueue(new TextEncoder().encode('"state":"done"}\n\nevent: study-changed\ndata: {}\n\n'));
      },
    });
    const fetch = vi.fn(async (url: string) =>
      url.endsWith('/events') ? new Response(sse, { status: 200 }) : new Response(JSON.stringify({ result: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const client = httpClient('/api/', 'tok');
    await client.call('jobs-list', undefined);
    expect(fetch).toHaveBeenCalledWith('/api/jobs-list', expect.objectContaining({ headers: { 'content-type': 'application/json', authorization: 'Bearer tok' } }));
    const got: unknown[] = [];
    client.on('job-progress', (p) => got.push(p));
    await vi.waitFor(() => expect(got).toEqual([{ id: 'j1', state: 'done' }]));
    expect(fetch).toHaveBeenCalledWith('/api/events', expect.objectContaining({ headers: expect.objectContaining({ authorization: 'Bearer tok' }) }));
  });

  it('tells a page without a valid token to open the printed link, and stops asking for events', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ error: 'Missing or wrong access token', code: 'unauthorized' }), { status: 401 }));
    vi.stubGlobal('fetch', fetch);
    const client = httpClient('/api/', null);
    const e = await client.call('study-info', undefined).catch((x) => x);
    expect(e).toMatchObject({ code: 'unauthorized', status: 401, message: expect.stringMatching(/Open the link that `workbench serve` printed/) });
    client.on('job-progress', () => {});
    await new Promise((r) => setTimeout(r, 1200));
    // One call, one refused stream, and no retries after the 401.
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
