// The application menu as data: File (New workspace, Open, Open Recent, Import, Export, Close) and the
// standard Edit, View, Window and Help menus built from Electron roles. Pure: main.ts passes the result
// to Menu.buildFromTemplate and rebuilds it when the recent list or the open workspace changes.
import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuState {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly string[];
  /** Whether a workspace is open (Import, Export and Close need one). */
  hasWorkspace: boolean;
}

export interface MenuActions {
  newWorkspace(): void;
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  import(): void;
  exportConversations(): void;
  close(): void;
  showSettingsFolder(): void;
}

/** Recent entries: the file name, with the folder when two names would look the same. */
export function recentLabels(recent: readonly string[]): string[] {
  const names = recent.map((p) => basename(p));
  return recent.map((p, i) => (names.filter((n) => n === names[i]).length > 1 ? `${names[i]} — ${p}` : names[i]));
}

export function menuTemplate(s: MenuState, a: MenuActions): MenuItemConstructorOptions[] {
  const mac = s.platform === 'darwin';
  const labels = recentLabels(s.recent);
  const recentItems: MenuItemConstructorOptions[] = s.recent.length
    ? [...s.recent.map((p, i) => ({ label: labels[i], click: () => a.openRecent(p) })), { type: 'separator' }, { label: 'Clear Recent', click: () => a.clearRecent() }]
    : [{ label: 'No recent workspaces', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => a.newWorkspace() },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => a.open() },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      { label: 'Import…', accelerator: 'CmdOrCtrl+I', enabled: s.hasWorkspace, click: () => a.import() },
      { label: 'Export Conversations as CSV…', accelerator: 'CmdOrCtrl+E', enabled: s.hasWorkspace, click: () => a.exportConversations() },
      { type: 'separator' },
      { label: 'Close Workspace', accelerator: 'CmdOrCtrl+Shift+W', enabled: s.hasWorkspace, click: () => a.close() },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Show Settings Folder', click: () => a.showSettingsFolder() },
      ...(mac ? [] : [{ role: 'about' } as const]),
    ],
  };
  return [
    ...(mac ? [{ label: s.appName, role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    help,
  ];
}
