import { describe, expect, it } from 'vitest';
import { Workspace } from './workspace.js';

describe('Db on one shared connection', () => {
  it('runs concurrent transactions and queries from different callers without "transaction within a transaction"', async () => {
    const ws = await Workspace.open(':memory:');
    await ws.db.run('CREATE TABLE t (k INTEGER, v INTEGER)');
    const tx = (k: number) => ws.db.transaction(async () => {
      await ws.db.run('INSERT INTO t VALUES (?, 1)', [k]);
      await new Promise((r) => setTimeout(r, 5));
      await ws.db.run('UPDATE t SET v = v + 1 WHERE k = ?', [k]);
    });
    const reads = Array.from({ length: 5 }, () => ws.db.value<number>('SELECT count(*) FROM t'));
    await Promise.all([tx(1), tx(2), tx(3), ...reads]);
    expect(await ws.db.all('SELECT k, v FROM t ORDER BY k')).toEqual([{ k: 1, v: 2 }, { k: 2, v: 2 }, { k: 3, v: 2 }]);
    // A failed transaction rolls back and leaves the connection usable for everyone else.
    await expect(ws.db.transaction(async () => {
      await ws.db.run('INSERT INTO t VALUES (9, 9)');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await ws.db.value<number>('SELECT count(*) FROM t')).toBe(3);
    ws.close();
  });
});
