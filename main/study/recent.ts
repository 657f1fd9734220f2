// Recent workspaces and the last one open, kept as JSON (the desktop app's userData folder, or the backend's
// home for browser mode and the header's list). The list logic is pure; `RecentStore` only reads and writes the file.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { RecentWorkspaces } from '../api/contract/index.js';

export interface RecentState {
  /** Most recent first, no duplicates, at most MAX_RECENT. */
  recent: string[];
  /** The workspace open when the app last quit (null after Close, or on first run). */
  last: string | null;
}

export const MAX_RECENT = 10;
export const EMPTY_RECENT: RecentState = { recent: [], last: null };

/** Opening a workspace: it moves to the front of the list and becomes the one to reopen. */
export function addRecent(s: RecentState, path: string): RecentState {
  const p = resolve(path);
  return { recent: [p, ...s.recent.filter((r) => r !== p)].slice(0, MAX_RECENT), last: p };
}

/** A workspace that no longer exists leaves the list (and is not reopened). */
export function removeRecent(s: RecentState, path: string): RecentState {
  const p = resolve(path);
  return { recent: s.recent.filter((r) => r !== p), last: s.last === p ? null : s.last };
}

export function clearRecent(s: RecentState): RecentState {
  return { recent: [], last: s.last };
}

/** Close: nothing to reopen at the next start. */
export function forgetLast(s: RecentState): RecentState {
  return { ...s, last: null };
}

/** The list as the header shows it: each file's name, and whether it still exists. */
export function recentView(s: RecentState): RecentWorkspaces {
  return { recent: s.recent.map((path) => ({ path, name: basename(path), exists: existsSync(path) })), last: s.last };
}

/** Reads the file's text, tolerating anything (a missing, empty, hand-edited or corrupt file is empty). */
export function parseRecent(text: string | null): RecentState {
  if (!text) return EMPTY_RECENT;
  try {
    const j = JSON.parse(text) as Partial<RecentState>;
    const recent = Array.isArray(j.recent) ? j.recent.filter((r): r is string => typeof r === 'string' && r.length > 0) : [];
    return { recent: [...new Set(recent)].slice(0, MAX_RECENT), last: typeof j.last === 'string' && j.last ? j.last : null };
  } catch {
    return EMPTY_RECENT;
  }
}

/**
 * Which workspace to open at start: `--db=<path>` on the command line wins, then the last one if it
 * still exists; null means the simulated demo study.
 */
export function startupWorkspace(argv: readonly string[], s: RecentState, exists: (path: string) => boolean): string | null {
  const arg = argv.find((a) => a.startsWith('--db='));
  if (arg && arg.length > 5) return resolve(arg.slice(5));
  return s.last && exists(s.last) ? s.last : null;
}

/** The state in a JSON file, written whole through a temporary file so a crash never leaves half of it. */
export class RecentStore {
  private state: RecentState;

  constructor(private readonly file: string) {
    this.state = parseRecent(existsSync(file) ? readFileSync(file, 'utf8') : null);
  }

  get(): RecentState {
    return this.state;
  }

  update(change: (s: RecentState) => RecentState): RecentState {
    this.state = change(this.state);
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 2));
    renameSync(tmp, this.file);
    return this.state;
  }
}
