import { contextBridge, ipcRenderer } from 'electron';

// The only surface the renderer sees. Results arrive as {result} or {error, code} envelopes
// because Electron strips the message of errors thrown across invoke.
contextBridge.exposeInMainWorld('workbench', {
  async invoke(method: string, args: unknown): Promise<unknown> {
    const r = (await ipcRenderer.invoke('workbench:invoke', method, args)) as { result?: unknown; error?: string; code?: string };
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
    ipcRenderer.on('workbench:event', handler);
    return () => ipcRenderer.off('workbench:event', handler);
  },
  choosePath(kind: 'file' | 'folder'): Promise<string | null> {
    return ipcRenderer.invoke('workbench:choose-path', kind);
  },
});
