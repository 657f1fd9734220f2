import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, httpClient, ipcClient } from './client.js';

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
