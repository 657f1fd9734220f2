// Whether `npm start` can open the desktop app here, and if not, why in one sentence and what to do.
// Pure: the caller gathers the facts (tests pass their own), so both answers are testable anywhere.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Electron ≥ 42 installs its binary only under this Node (its package's `engines`). */
export const ELECTRON_NODE = [22, 12];

/**
 * @param {{ nodeVersion: string, electronBinary: string | null, platform: string, env: Record<string, string | undefined> }} facts
 * @returns {{ ok: true } | { ok: false, reason: string, remedy: string }}
 */
export function desktopVerdict({ nodeVersion, electronBinary, platform, env }) {
  if (!electronBinary) {
    const [major, minor] = nodeVersion.replace(/^v/, '').split('.').map(Number);
    const oldNode = major < ELECTRON_NODE[0] || (major === ELECTRON_NODE[0] && minor < ELECTRON_NODE[1]);
    if (oldNode) {
      return {
        ok: false,
        reason: `Electron needs Node ≥ ${ELECTRON_NODE.join('.')} to install its binary, and this is Node ${nodeVersion.replace(/^v/, '')}.`,
        remedy: 'Install Node 22.12 or newer, then run `npm install` again.',
      };
    }
    return {
      ok: false,
      reason: "Electron's binary is not installed (its download did not complete).",
      remedy: 'Run `node node_modules/electron/install.js` on a machine with network access, then `npm start` again.',
    };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      ok: false,
      reason: 'There is no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set).',
      remedy: 'Run `npm start` from a desktop session to get the desktop app.',
    };
  }
  return { ok: true };
}

/**
 * The Electron executable if it is installed, without triggering its download (requiring the
 * `electron` package would try to fetch a missing binary). Honours ELECTRON_OVERRIDE_DIST_PATH as
 * Electron itself does.
 */
export function electronBinary(root, env = process.env) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
    return existsSync(p) ? p : null;
  }
  if (!name) return null;
  const p = join(pkg, 'dist', name);
  return existsSync(p) ? p : null;
}
