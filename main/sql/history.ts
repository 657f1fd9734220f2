// The console's history: the last queries per workspace file, kept in the service's memory only. The
// console never writes to the study, so history is not stored in it; it is lost when the app quits.
import type { SqlHistoryEntry } from '../api/contract/sql.js';

/** How many queries each workspace's history keeps, newest first. */
export const HISTORY_SIZE = 100;

export class SqlHistory {
  private readonly byWorkspace = new Map<string, SqlHistoryEntry[]>();

  add(workspacePath: string, entry: SqlHistoryEntry): void {
    const list = this.byWorkspace.get(workspacePath) ?? [];
    list.unshift(entry);
    list.length = Math.min(list.length, HISTORY_SIZE);
    this.byWorkspace.set(workspacePath, list);
  }

  list(workspacePath: string): SqlHistoryEntry[] {
    return [...(this.byWorkspace.get(workspacePath) ?? [])];
  }
}
