// The Electron main process: wiring only. The backend (DuckDB, jobs, analyses) runs in a utility
// process (backend-host.ts); the window's security settings are in window.ts, the IPC checks in ipc.ts,
// the menu in menu.ts, the workspace bookkeeping in workspace-session.ts.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BackendHost } from './backend-host.js';
import { forkBackend } from './backend-fork.js';
import { EVENT_CHANNEL } from './channels.js';
import { withCsp } from './csp.js';
import { ImportJournal } from './import-journal.js';
import { acquireWorkspaceLock } from './instance-lock.js';
import { registerIpc } from './ipc.js';
import { menuTemplate, type MenuActions } from './menu.js';
import { clearRecent, RecentStore, removeRecent, startupWorkspace } from '../study/recent.js';
import { safeStorageKeyStore } from './safe-storage-keys.js';
import { appUrl, denyPermissions, installGuards, isExternalLink, windowOptions } from './window.js';
import { WorkspaceSession } from './workspace-session.js';

const APP_URL = appUrl(join(__dirname, '..', 'renderer', 'index.html'));
const WORKSPACE_FILTERS = [{ name: 'Empathy Workbench workspace', extensions: ['duckdb'] }];

let win: BrowserWindow | null = null;
const liveWindow = () => (win && !win.isDestroyed() ? win : null);

function openExternal(url: string): void {
  if (isExternalLink(url)) void shell.openExternal(url);
}

function guard(contents: WebContents): void {
  installGuards(contents, APP_URL, openExternal);
}

function showError(title: string, message: string): void {
  const w = liveWindow();
  const opts = { type: 'error' as const, message: title, detail: message };
  void (w ? dialog.showMessageBox(w, opts) : dialog.showMessageBox(opts));
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow(windowOptions(join(__dirname, 'preload.cjs')));
  w.once('ready-to-show', () => w.show());
  // The title names the open workspace (set by the session), not the page's <title>.
  w.on('page-title-updated', (e) => e.preventDefault());
  w.on('closed', () => {
    if (win === w) win = null;
  });
  void w.loadURL(APP_URL);
  return w;
}

async function start(): Promise<void> {
  app.enableSandbox();
  // Every webContents, not only the main window's, gets the navigation guards.
  app.on('web-contents-created', (_e, contents) => guard(contents));
  await app.whenReady();

  const userData = app.getPath('userData');
  const home = process.env.EMPATHY_WORKBENCH_HOME ?? join(userData, 'workspaces');
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: withCsp(details.responseHeaders) }));
  denyPermissions(session.defaultSession);

  const host = new BackendHost({
    spawn: () => forkBackend(join(__dirname, 'backend-process.cjs'), home),
    keyStore: safeStorageKeyStore(join(userData, 'judge-keys.bin')),
  });
  const recent = new RecentStore(join(userData, 'recent.json'));
  const journal = new ImportJournal(join(userData, 'pending-imports.json'));

  const rebuildMenu = (current: string | null) => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(
      { platform: process.platform, appName: app.getName(), recent: recent.get().recent, hasWorkspace: current !== null },
      actions,
    )));
    liveWindow()?.setTitle(current ? `${basename(current)} — Empathy Workbench` : 'Empathy Workbench');
  };

  const ws = new WorkspaceSession({
    host,
    recent,
    journal,
    lock: (p) => acquireWorkspaceLock(p),
    log: (m) => console.warn(`[workbench] ${m}`),
    ui: {
      async askResume(offer) {
        const w = liveWindow();
        const opts = { type: 'question' as const, buttons: ['Resume', 'Not now'], defaultId: 0, cancelId: 1, message: offer.message, detail: offer.detail };
        const r = await (w ? dialog.showMessageBox(w, opts) : dialog.showMessageBox(opts));
        return r.response === 0;
      },
      error: showError,
      changed: rebuildMenu,
    },
  });

  const openPath = (p: string) => void ws.open(p).catch((e) => showError('Could not open the workspace', (e as Error).message));

  const actions: MenuActions = {
    async newWorkspace() {
      const r = await dialog.showSaveDialog({ title: 'New workspace', defaultPath: join(app.getPath('documents'), 'study.duckdb'), filters: WORKSPACE_FILTERS });
      if (r.canceled || !r.filePath) return;
      const p = r.filePath.endsWith('.duckdb') ? r.filePath : `${r.filePath}.duckdb`;
      if (existsSync(p)) showError('That file already exists', `${p} is already a file. Choose another name, or use File › Open to open it.`);
      else openPath(p);
    },
    async open() {
      const r = await dialog.showOpenDialog({ title: 'Open workspace', properties: ['openFile'], filters: WORKSPACE_FILTERS });
      if (!r.canceled && r.filePaths[0]) openPath(r.filePaths[0]);
    },
    openRecent(p) {
      if (existsSync(p)) return openPath(p);
      recent.update((s) => removeRecent(s, p));
      rebuildMenu(ws.current);
      showError('The workspace is gone', `${p} no longer exists; it was removed from the recent list.`);
    },
    clearRecent() {
      recent.update(clearRecent);
      rebuildMenu(ws.current);
    },
    import() {
      // The import page has the file picker, format choice and preview; the menu only takes you there.
      void liveWindow()?.webContents.loadURL(`${APP_URL}#/import`);
    },
    async exportConversations() {
      const r = await dialog.showSaveDialog({ title: 'Export conversations', defaultPath: 'conversations.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] });
      if (r.canceled || !r.filePath) return;
      try {
        const out = (await host.call('conversations-export', { filter: {} })) as { csv: string };
        await writeFile(r.filePath, out.csv);
      } catch (e) {
        showError('Export failed', (e as Error).message);
      }
    },
    async close() {
      try {
        await ws.close();
        liveWindow()?.webContents.reload();
      } catch (e) {
        showError('Could not close the workspace', (e as Error).message);
      }
    },
    showSettingsFolder() {
      void shell.openPath(userData);
    },
  };

  host.onEvent((name, payload) => liveWindow()?.webContents.send(EVENT_CHANNEL, name, payload));
  registerIpc(ipcMain, {
    trusted: () => ({ contentsId: liveWindow()?.webContents.id ?? null, appUrl: APP_URL }),
    invoke: (method, args) => ws.invoke(method, args),
    async choosePath(kind) {
      const w = liveWindow();
      const opts = { properties: [kind === 'folder' ? 'openDirectory' as const : 'openFile' as const] };
      const r = await (w ? dialog.showOpenDialog(w, opts) : dialog.showOpenDialog(opts));
      return r.canceled ? null : r.filePaths[0] ?? null;
    },
  });

  rebuildMenu(null);
  win = createWindow();

  // The window shows at once; the workspace opens in the backend process meanwhile. The last workspace
  // (or --db=) reopens; on first run the simulated demo study is generated as a job with progress.
  const target = startupWorkspace(process.argv, recent.get(), existsSync);
  if (target) openPath(target);
  else void host.call('study-open-demo', undefined).catch((e) => showError('Could not open the simulated study', (e as Error).message));

  app.on('activate', () => {
    if (!liveWindow()) win = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    ws.dispose();
    host.stop();
  });
}

void start();
