import { app as electronApp, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { Backend } from '../backend.js';
import { EVENT_NAMES, METHOD_NAMES } from '../api/contract.js';
import { errorBody } from '../api/errors.js';
import { setJudgeKeyProvider } from '../handlers/judge.js';
import { envKeyProvider } from '../judge/keys.js';
import { safeStorageKeyStore } from './safe-storage-keys.js';

// The renderer gets no Node access: everything goes through the one invoke channel, checked
// against the contract's method list, and events come back on one channel.
const methods = new Set<string>(METHOD_NAMES);

async function createWindow(backend: Backend): Promise<void> {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Empathy Workbench',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  const unsubscribe = EVENT_NAMES.map((event) =>
    backend.app.on(event, (payload) => {
      if (!win.isDestroyed()) win.webContents.send('workbench:event', event, payload);
    }),
  );
  win.on('closed', () => unsubscribe.forEach((u) => u()));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  await win.loadFile(join(__dirname, '..', 'renderer', 'index.html'));
}

async function start(): Promise<void> {
  await electronApp.whenReady();
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:"],
      },
    });
  });
  const backend = new Backend({ home: process.env.EMPATHY_WORKBENCH_HOME ?? join(electronApp.getPath('userData'), 'workspaces') });
  setJudgeKeyProvider(backend, envKeyProvider(), safeStorageKeyStore(join(electronApp.getPath('userData'), 'judge-key.bin')));
  ipcMain.handle('workbench:invoke', async (_e, method: string, args: unknown) => {
    if (!methods.has(method)) return { error: `Unknown method ${method}`, code: 'unknown-method' };
    try {
      return { result: (await backend.app.call(method as never, args as never)) ?? null };
    } catch (e) {
      return errorBody(e).body;
    }
  });
  ipcMain.handle('workbench:choose-path', async (_e, kind: 'file' | 'folder') => {
    const r = await dialog.showOpenDialog({ properties: [kind === 'folder' ? 'openDirectory' : 'openFile'] });
    return r.canceled ? null : r.filePaths[0];
  });
  const dbArg = process.argv.find((a) => a.startsWith('--db='));
  if (dbArg) await backend.open(dbArg.slice(5));
  else {
    // The window opens at once; the demo study is generated in the background on first run.
    // study-open-demo runs as a job: the renderer shows its progress and gets study-changed at the end.
    void backend.app.call('study-open-demo', undefined).catch((e) =>
      dialog.showErrorBox('Could not open the simulated study', String((e as Error).message)));
  }
  await createWindow(backend);
  electronApp.on('window-all-closed', () => {
    backend.close();
    electronApp.quit();
  });
}

void start();
