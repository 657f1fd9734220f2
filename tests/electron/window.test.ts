// The window's security settings and guards, driven with plain fakes of webContents and session.
import { describe, expect, it } from 'vitest';
import {
  appUrl, denyPermissions, installGuards, isAppUrl, isExternalLink, permissionAllowed, windowOptions,
  type GuardedContents, type NavigationEvent, type PermissionSession,
} from '../../main/electron/window.js';

const APP = appUrl('/opt/Empathy Workbench/resources/app.asar/dist/renderer/index.html');

function fakeContents() {
  const listeners = new Map<string, (e: NavigationEvent) => void>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardedContents = {
    on: (event: string, l: (e: NavigationEvent) => void) => listeners.set(event, l),
    setWindowOpenHandler: (h) => { openHandler = h; },
  };
  /** Fires an event; true when the guard cancelled it. */
  const fire = (event: string, url: string) => {
    let prevented = false;
    listeners.get(event)!({ url, preventDefault: () => { prevented = true; } });
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }), listeners };
}

describe('windowOptions', () => {
  it('isolates the page: context isolation, sandbox, no Node, no webviews, web security on', () => {
    const w = windowOptions('/app/dist/electron/preload.cjs').webPreferences!;
    expect(w).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
    });
  });
});

describe('isAppUrl', () => {
  it("accepts the app's page with any hash route, and nothing else", () => {
    expect(APP.startsWith('file:///')).toBe(true);
    expect(isAppUrl(APP, APP)).toBe(true);
    expect(isAppUrl(`${APP}#/judge`, APP)).toBe(true);
    expect(isAppUrl(APP.replace('index.html', 'other.html'), APP)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', APP)).toBe(false);
    expect(isAppUrl('https://example.com/', APP)).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
  });
});

describe('installGuards', () => {
  it('cancels navigations and redirects away from the app page, allows route changes within it', () => {
    const f = fakeContents();
    installGuards(f.contents, APP, () => {});
    expect(f.fire('will-navigate', 'https://attacker.example/phish')).toBe(true);
    expect(f.fire('will-navigate', 'file:///home/me/evil.html')).toBe(true);
    expect(f.fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(f.fire('will-navigate', `${APP}#/import`)).toBe(false);
  });

  it('refuses webviews and new windows; https links go to the system browser, other schemes nowhere', () => {
    const f = fakeContents();
    const opened: string[] = [];
    installGuards(f.contents, APP, (u) => opened.push(u));
    expect(f.fire('will-attach-webview', 'about:blank')).toBe(true);
    for (const url of ['https://doi.org/10.1000/x', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'http://example.com']) {
      expect(f.open(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://doi.org/10.1000/x']);
  });

  it('isExternalLink is https only', () => {
    expect(isExternalLink('https://a.example')).toBe(true);
    expect(isExternalLink('http://a.example')).toBe(false);
    expect(isExternalLink('ms-msdt:/id')).toBe(false);
  });
});

describe('permissions', () => {
  it('denies every permission request and check except writing to the clipboard', () => {
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | null = null;
    denyPermissions({ setPermissionRequestHandler: (h) => { request = h; }, setPermissionCheckHandler: (h) => { check = h; } });
    const answers: Record<string, boolean> = {};
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'fullscreen', 'clipboard-sanitized-write']) {
      request!(null, p, (granted) => { answers[p] = granted; });
      expect(check!(null, p)).toBe(answers[p]);
    }
    expect(Object.entries(answers).filter(([, g]) => g).map(([p]) => p)).toEqual(['clipboard-sanitized-write']);
    expect(permissionAllowed('media')).toBe(false);
  });
});
