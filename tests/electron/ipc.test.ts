// IPC sender checks: only the main window's top frame showing the app's own page reaches the backend.
import { describe, expect, it } from 'vitest';
import { CHOOSE_PATH_CHANNEL, INVOKE_CHANNEL } from '../../main/electron/channels.js';
import { RemoteError } from '../../main/electron/host-protocol.js';
import { choosePathHandler, invokeHandler, isTrustedSender, registerIpc, type InvokeEvent, type IpcMainLike } from '../../main/electron/ipc.js';
import { appUrl } from '../../main/electron/window.js';
import { WorkspaceLockedError } from '../../main/electron/instance-lock.js';

const APP = appUrl('/app/dist/renderer/index.html');
const trusted = () => ({ contentsId: 7, appUrl: APP });
const top = { parent: null };
const event = (id: number, url: string | null, frame: { parent: unknown } = top): InvokeEvent =>
  ({ sender: { id }, senderFrame: url === null ? null : { url, ...frame } });

describe('isTrustedSender', () => {
  it('accepts the main window top frame on the app page (any route)', () => {
    expect(isTrustedSender(event(7, `${APP}#/figures`), trusted())).toBe(true);
  });
  it.each([
    ['another webContents', event(8, APP)],
    ['a subframe of the window', event(7, APP, { parent: {} })],
    ['a foreign page in the window', event(7, 'https://attacker.example/')],
    ['another local file', event(7, 'file:///tmp/evil.html')],
    ['a destroyed frame', event(7, null)],
  ])('refuses %s', (_what, e) => {
    expect(isTrustedSender(e, trusted())).toBe(false);
  });
  it('refuses everyone while there is no window', () => {
    expect(isTrustedSender(event(7, APP), { contentsId: null, appUrl: APP })).toBe(false);
  });
});

describe('invokeHandler', () => {
  const calls: [string, unknown][] = [];
  const handler = invokeHandler({
    trusted,
    async invoke(method, args) {
      calls.push([method, args]);
      if (method === 'study-info') throw new RemoteError('No study is open', 'no-study');
      if (method === 'study-open') throw new WorkspaceLockedError('/w/a.duckdb', { pid: 42, hostname: 'h', startedAt: '' });
      if (method === 'void') return undefined;
      return { ok: method };
    },
  });

  it('refuses an untrusted sender before anything reaches the backend', async () => {
    calls.length = 0;
    expect(await handler(event(7, 'https://attacker.example/'), 'judge-key-set', { key: 'x' })).toEqual({ error: 'This page may not call the workbench', code: 'forbidden' });
    expect(calls).toEqual([]);
  });

  it('wraps results and backend errors in the envelope the preload unwraps', async () => {
    expect(await handler(event(7, APP), 'jobs-list', null)).toEqual({ result: { ok: 'jobs-list' } });
    expect(await handler(event(7, APP), 'void', null)).toEqual({ result: null });
    expect(await handler(event(7, APP), 'study-info', null)).toEqual({ error: 'No study is open', code: 'no-study' });
    expect(await handler(event(7, APP), 'study-open', { path: '/w/a.duckdb' })).toMatchObject({ code: 'workspace-locked' });
    expect(await handler(event(7, APP), 42, null)).toMatchObject({ code: 'unknown-method' });
  });
});

describe('choosePathHandler and registerIpc', () => {
  it('shows the picker only for the app page, and registers both channels', async () => {
    const kinds: string[] = [];
    const deps = { trusted, invoke: async () => null, choosePath: async (k: 'file' | 'folder') => { kinds.push(k); return `/picked/${k}`; } };
    const choose = choosePathHandler(deps);
    expect(await choose(event(7, 'file:///tmp/x.html'), 'folder')).toBeNull();
    expect(await choose(event(7, APP), 'folder')).toBe('/picked/folder');
    expect(await choose(event(7, APP), 'anything else')).toBe('/picked/file');
    expect(kinds).toEqual(['folder', 'file']);

    const channels = new Map<string, (e: InvokeEvent, ...a: unknown[]) => unknown>();
    const ipcMain: IpcMainLike = { handle: (c, l) => void channels.set(c, l) };
    registerIpc(ipcMain, deps);
    expect([...channels.keys()].sort()).toEqual([CHOOSE_PATH_CHANNEL, INVOKE_CHANNEL].sort());
    expect(await channels.get(INVOKE_CHANNEL)!(event(9, APP), 'jobs-list', null)).toMatchObject({ code: 'forbidden' });
  });
});
