// The application menu template: the File items the issue asks for, role-based standard menus, and
// items that need an open workspace disabled without one.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, recentLabels, type MenuActions } from '../../main/electron/menu.js';

function recorder() {
  const log: string[] = [];
  const actions: MenuActions = {
    newWorkspace: () => log.push('new'), open: () => log.push('open'), openRecent: (p) => log.push(`recent:${p}`),
    clearRecent: () => log.push('clear'), import: () => log.push('import'), exportConversations: () => log.push('export'),
    close: () => log.push('close'), showSettingsFolder: () => log.push('settings'),
  };
  return { log, actions };
}

const sub = (item: MenuItemConstructorOptions) => item.submenu as MenuItemConstructorOptions[];
const byLabel = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)!;
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('menuTemplate', () => {
  it('File has New Workspace, Open, Open Recent, Import, Export and Close, each wired to its action', () => {
    const { log, actions } = recorder();
    const t = menuTemplate({ platform: 'linux', appName: 'Empathy Workbench', recent: ['/s/a.duckdb'], hasWorkspace: true }, actions);
    const file = sub(t.find((m) => m.label === 'File')!);
    const labels = file.filter((i) => i.label).map((i) => i.label);
    expect(labels).toEqual(['New Workspace…', 'Open…', 'Open Recent', 'Import…', 'Export Conversations as CSV…', 'Close Workspace']);
    for (const l of ['New Workspace…', 'Open…', 'Import…', 'Export Conversations as CSV…', 'Close Workspace']) click(byLabel(file, l));
    click(sub(byLabel(file, 'Open Recent'))[0]);
    click(byLabel(sub(byLabel(file, 'Open Recent')), 'Clear Recent'));
    expect(log).toEqual(['new', 'open', 'import', 'export', 'close', 'recent:/s/a.duckdb', 'clear']);
    expect(file.at(-1)).toEqual({ role: 'quit' });
  });

  it('uses roles for Edit, View, Window and Help; macOS gets the app menu and no Quit in File', () => {
    const { actions } = recorder();
    const linux = menuTemplate({ platform: 'linux', appName: 'EW', recent: [], hasWorkspace: false }, actions);
    expect(linux.map((m) => m.role ?? m.label)).toEqual(['File', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    expect(sub(linux.at(-1)!).some((i) => i.role === 'about')).toBe(true);
    const mac = menuTemplate({ platform: 'darwin', appName: 'EW', recent: [], hasWorkspace: false }, actions);
    expect(mac.map((m) => m.role ?? m.label)).toEqual(['appMenu', 'File', 'editMenu', 'viewMenu', 'windowMenu', 'help']);
    expect(sub(mac[1]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('without a workspace, Import, Export and Close are disabled and Open Recent says it is empty', () => {
    const { actions } = recorder();
    const file = sub(menuTemplate({ platform: 'win32', appName: 'EW', recent: [], hasWorkspace: false }, actions)[0]);
    for (const l of ['Import…', 'Export Conversations as CSV…', 'Close Workspace']) expect(byLabel(file, l).enabled).toBe(false);
    expect(byLabel(file, 'Open…').enabled).toBeUndefined();
    expect(sub(byLabel(file, 'Open Recent'))).toEqual([{ label: 'No recent workspaces', enabled: false }]);
  });

  it('recent entries show the file name, and the folder when two names collide', () => {
    expect(recentLabels(['/a/pilot.duckdb', '/b/pilot.duckdb', '/c/main.duckdb'])).toEqual([
      'pilot.duckdb — /a/pilot.duckdb', 'pilot.duckdb — /b/pilot.duckdb', 'main.duckdb',
    ]);
  });
});
