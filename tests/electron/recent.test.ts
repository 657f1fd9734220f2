// Recent workspaces and the last one open: the pure list rules and the JSON file in userData.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addRecent, clearRecent, EMPTY_RECENT, forgetLast, MAX_RECENT, parseRecent, RecentStore, removeRecent, startupWorkspace } from '../../main/study/recent.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const temp = () => { const d = mkdtempSync(join(tmpdir(), 'wb-recent-')); dirs.push(d); return d; };

describe('recent list rules', () => {
  it('opening moves a workspace to the front once, caps the list, and makes it the one to reopen', () => {
    let s = EMPTY_RECENT;
    for (let i = 0; i < MAX_RECENT + 3; i++) s = addRecent(s, `/w/${i}.duckdb`);
    s = addRecent(s, '/w/5.duckdb');
    expect(s.recent).toHaveLength(MAX_RECENT);
    expect(s.recent[0]).toBe(resolve('/w/5.duckdb'));
    expect(s.recent.filter((p) => p === resolve('/w/5.duckdb'))).toHaveLength(1);
    expect(s.last).toBe(resolve('/w/5.duckdb'));
  });

  it('remove, clear and close', () => {
    const s = addRecent(addRecent(EMPTY_RECENT, '/w/a.duckdb'), '/w/b.duckdb');
    expect(removeRecent(s, '/w/b.duckdb')).toEqual({ recent: [resolve('/w/a.duckdb')], last: null });
    expect(clearRecent(s)).toEqual({ recent: [], last: resolve('/w/b.duckdb') });
    expect(forgetLast(s).last).toBeNull();
  });

  it('a corrupt or hand-edited file reads as empty or cleaned, never throws', () => {
    expect(parseRecent('{not json')).toEqual(EMPTY_RECENT);
    expect(parseRecent(null)).toEqual(EMPTY_RECENT);
    expect(parseRecent(JSON.stringify({ recent: ['/a', 3, '', '/a', '/b'], last: 7 }))).toEqual({ recent: ['/a', '/b'], last: null });
  });

  it('at start: --db= wins, then the last workspace if it still exists, else the demo (null)', () => {
    const s = addRecent(EMPTY_RECENT, '/w/last.duckdb');
    expect(startupWorkspace(['electron', '.', '--db=/x/given.duckdb'], s, () => true)).toBe(resolve('/x/given.duckdb'));
    expect(startupWorkspace(['electron', '.'], s, () => true)).toBe(resolve('/w/last.duckdb'));
    expect(startupWorkspace(['electron', '.'], s, () => false)).toBeNull();
    expect(startupWorkspace(['electron', '.'], forgetLast(s), () => true)).toBeNull();
  });
});

describe('RecentStore', () => {
  it('persists to JSON and reads it back in a new store (the next app start)', () => {
    const file = join(temp(), 'nested', 'recent.json');
    const a = new RecentStore(file);
    a.update((s) => addRecent(s, '/w/study.duckdb'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ recent: [resolve('/w/study.duckdb')], last: resolve('/w/study.duckdb') });
    expect(new RecentStore(file).get().last).toBe(resolve('/w/study.duckdb'));
  });

  it('starts empty from a corrupt file and overwrites it on the next change', () => {
    const file = join(temp(), 'recent.json');
    writeFileSync(file, '\u0000garbage');
    const s = new RecentStore(file);
    expect(s.get()).toEqual(EMPTY_RECENT);
    s.update((x) => addRecent(x, '/w/a.duckdb'));
    expect(parseRecent(readFileSync(file, 'utf8')).recent).toEqual([resolve('/w/a.duckdb')]);
  });
});
