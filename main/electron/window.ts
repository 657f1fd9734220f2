// The main window's security settings: its webPreferences, the navigation and window-open guards, and
// the permission handlers. Pure where it can be: the Electron objects come in as narrow interfaces, so
// tests drive the guards with plain fakes.
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';

/** The file:// URL of the renderer's index.html: the only document the window may show. */
export function appUrl(indexHtml: string): string {
  return pathToFileURL(indexHtml).href;
}

/** A URL without its fragment and query, so "#/judge" routes count as the same document. */
function documentOf(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    return u.href;
  } catch {
    return null;
  }
}

/** Whether `url` is the app's own page (any route in its hash). */
export function isAppUrl(url: string, app: string): boolean {
  const doc = documentOf(url);
  return doc !== null && doc === documentOf(app);
}

/** The window's options: no Node in the page, a sandboxed renderer, isolated preload, no webviews. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    title: 'Empathy Workbench',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** What a navigation event gives the guard. */
export interface NavigationEvent { url: string; preventDefault(): void }

/** The parts of `WebContents` the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (e: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Links the app may hand to the system browser: https only, never file:, javascript: or custom schemes. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Keeps the window on the app's page: navigations and redirects anywhere else are cancelled, no new
 * windows or webviews open, and an https link (a paper, a provider's page) goes to the system browser.
 */
export function installGuards(contents: GuardedContents, app: string, openExternal: (url: string) => void): void {
  const stay = (e: NavigationEvent) => {
    if (!isAppUrl(e.url, app)) e.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** The parts of `Session` the permission policy uses. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/**
 * The one permission the page may use: writing text it made to the clipboard (figure tables as
 * Markdown or LaTeX, `navigator.clipboard.writeText`). Reading the clipboard is not granted.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/** Camera, microphone, notifications, geolocation, HID, serial, clipboard reads, …: denied. */
export function permissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.includes(permission);
}

/** Installs the permission policy on the window's session, for both requests and checks. */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
}
