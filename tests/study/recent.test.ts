// The backend's recent-workspace list (the header's switcher in both modes) and browser mode reopening the
// last workspace at start: real workspace files, and a real `workbench serve` process.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { Backend } from '../../main/backend.js';
import { DEMO_FILE } from '../../main/study/demo.js';
import { addRecent, RecentStore } from '../../main/study/recent.js';
import { Workspace } from '../../main/db/workspace.js';
import { tempDir } from '../import/helpers.js';

const tmp = tempDir();
const ROOT = resolve(import.meta.dirname, '../..');
afterAll(() => tmp.cleanup());

describe('recent workspaces', () => {
  it('lists opened workspaces most recent first, marks gone files, forgets on request, and never makes the demo "last"', async () => {
    const home = join(tmp.dir, 'home-a');
    const a = join(tmp.dir, 'a.duckdb');
    const b = join(tmp.dir, 'b.duckdb');
    const backend = new Backend({ home });
    try {
      await backend.open(a);
      await backend.open(b);
      let r = await backend.app.call('study-recent', undefined);
      expect(r.recent.map((x) => x.name)).toEqual(['b.duckdb', 'a.duckdb']);
      expect(r.last).toBe(b);
      expect(r.recent.every((x) => x.exists)).toBe(true);

      // A file named like the demo workspace is never the one to reopen.
      await backend.open(join(home, DEMO_FILE));
      r = await backend.app.call('study-recent', undefined);
      expect(r.last).toBeNull();
      expect(r.recent.map((x) => x.name)).toEqual(['b.duckdb', 'a.duckdb']);

      await backend.open(a);
      backend.close();
      rmSync(b);
      r = await backend.app.call('study-recent', undefined);
      expect(r.recent.map((x) => [x.name, x.exists])).toEqual([['a.duckdb', true], ['b.duckdb', false]]);
      r = await backend.app.call('study-recent-forget', { path: b });
      expect(r.recent.map((x) => x.name)).toEqual(['a.duckdb']);
      expect(existsSync(a)).toBe(true); // forgetting never touches the file

      // The list survives a new backend on the same home.
      const again = new Backend({ home });
      expect((await again.app.call('study-recent', undefined)).last).toBe(a);
      expect((await again.app.call('study-recent-forget', { path: null })).recent).toEqual([]);
      again.close();
    } finally {
      backend.close();
    }
  });

  it('browser mode reopens the last workspace at start', async () => {
    const home = join(tmp.dir, 'home-serve');
    const ws = join(tmp.dir, 'last.duckdb');
    const seed = await Workspace.open(ws);
    seed.close();
    new RecentStore(join(home, 'recent.json')).update((r) => addRecent(r, ws));

    const child = spawn(process.execPath, [join(ROOT, 'bin/workbench.js'), 'serve', '--port', '0', '--static', join(tmp.dir, 'no-static')], {
      env: { ...process.env, EMPATHY_WORKBENCH_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    try {
      const link = await new Promise<string>((ok, fail) => {
        createInterface({ input: child.stdout }).once('line', ok);
        child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
      });
      const url = new URL(link);
      const token = url.searchParams.get('token')!;
      const res = await fetch(new URL('/api/study-info', url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: 'null' });
      const info = (await res.json()) as { result: { path: string; simulated: boolean } };
      expect(info.result.path).toBe(ws);
      expect(info.result.simulated).toBe(false);
      expect(stderr).toContain(`Reopening the last workspace, ${ws}`);
    } finally {
      child.kill();
    }
  }, 60_000);
});
