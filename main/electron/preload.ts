import { contextBridge, ipcRenderer } from 'electron';
import { CHOOSE_PATH_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.js';

// The only surface the renderer sees. Results arrive as {result} or {error, code} envelopes
// because Electron strips the message of errors thrown across invoke.
contextBridge.exposeInMainWorld('workbench', {
  async invoke(method: string, args: unknown): Promise<unknown> {
    const r = (await ipcRenderer.invoke(INVOKE_CHANNEL, method, args)) as { result?: unknown; error?: string; code?: string };
    if (r && typeof r === 'object' && 'error' in r && r.error !== undefined) {
      const err = new Error(r.error);
      (err as Error & { code?: string }).code = r.code;
      throw err;
    }
    return r?.result;
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const handler = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.off(EVENT_CHANNEL, handler);
  },
  choosePath(kind: 'file' | 'folder'): Promise<string | null> {
    return ipcRenderer.invoke(CHOOSE_PATH_CHANNEL, kind);
  },
});
