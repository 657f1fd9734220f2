// The preload bridge, with contextBridge and ipcRenderer from the typed fake: what the page can reach,
// how envelopes become results or errors, and how event listeners subscribe and unsubscribe.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron.js')).fakeElectron);
const { fakeElectron } = await import('./fake-electron.js');
await import('../../main/electron/preload.js');
const { CHOOSE_PATH_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } = await import('../../main/electron/channels.js');

interface Bridge {
  invoke(method: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  choosePath(kind: 'file' | 'folder'): Promise<string | null>;
}
const bridge = fakeElectron.contextBridge.exposed.get('workbench') as Bridge;
const ipc = fakeElectron.ipcRenderer;

describe('preload', () => {
  it('exposes only `workbench` with invoke, on and choosePath', () => {
    expect([...fakeElectron.contextBridge.exposed.keys()]).toEqual(['workbench']);
    expect(Object.keys(bridge).sort()).toEqual(['choosePath', 'invoke', 'on']);
  });

  it('invoke sends on the one channel, returns the result, and throws the error envelope with its code', async () => {
    ipc.reply = (_channel, method) => (method === 'study-info' ? { error: 'No study is open', code: 'no-study' } : { result: { ok: method } });
    expect(await bridge.invoke('jobs-list', null)).toEqual({ ok: 'jobs-list' });
    expect(ipc.calls.at(-1)).toEqual({ channel: INVOKE_CHANNEL, args: ['jobs-list', null] });
    await expect(bridge.invoke('study-info', null)).rejects.toMatchObject({ message: 'No study is open', code: 'no-study' });
  });

  it('on() delivers only the named event and unsubscribes', () => {
    const got: unknown[] = [];
    const off = bridge.on('job-progress', (p) => got.push(p));
    ipc.emit(EVENT_CHANNEL, 'study-changed', { path: '/x' });
    ipc.emit(EVENT_CHANNEL, 'job-progress', { id: 'j1' });
    off();
    ipc.emit(EVENT_CHANNEL, 'job-progress', { id: 'j2' });
    expect(got).toEqual([{ id: 'j1' }]);
    expect(ipc.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('choosePath asks the main process', async () => {
    ipc.reply = (channel, kind) => (channel === CHOOSE_PATH_CHANNEL ? `/picked/${String(kind)}` : null);
    expect(await bridge.choosePath('folder')).toBe('/picked/folder');
  });
});
