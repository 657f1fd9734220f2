import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { App } from './app.js';
import { publicError, setInternalErrorLog } from './errors.js';
import { METHOD_NAMES, METHODS } from './contract/index.js';
import { studyMethods } from './contract/study.js';
import { explorerMethods } from './contract/explorer.js';
import { importMethods } from './contract/import.js';
import { jobMethods } from './contract/jobs.js';
import { judgeMethods } from './contract/judge.js';
import { analysisMethods } from './contract/analysis.js';
import { embeddingMethods } from './contract/embeddings.js';
import { themeMethods } from './contract/themes.js';
import { themeBrowseMethods } from './contract/theme-browse.js';
import { themeDescriptionMethods } from './contract/theme-descriptions.js';
import { sqlMethods } from './contract/sql.js';
import { codingMethods } from './contract/coding.js';
import { mapMethods } from './contract/map.js';
import { customFigureMethods } from './contract/custom-figures.js';
import { judgeCompareMethods } from './contract/judge-compare.js';
import { Backend } from '../backend.js';
import { UserError } from '../domain/errors.js';
import { tempDir } from '../../tests/helpers/tiny-study.js';

describe('the contract', () => {
  it('declares each method in exactly one domain file', () => {
    const domains = [studyMethods, explorerMethods, importMethods, jobMethods, judgeMethods, analysisMethods, embeddingMethods, themeMethods, themeBrowseMethods, themeDescriptionMethods, sqlMethods, codingMethods, mapMethods, customFigureMethods, judgeCompareMethods];
    const names = domains.flatMap((d) => Object.keys(d));
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('has a handler for every method once the Backend is built, and no handler outside it', () => {
    const tmp = tempDir();
    try {
      const b = new Backend({ home: join(tmp.path, 'home') });
      expect(b.app.unhandled()).toEqual([]);
      expect(() => b.app.method('study-info', async () => { throw new Error('never'); })).toThrow(/registered twice/);
      expect(() => new App().method('no-such' as 'study-info', async () => { throw new Error('never'); })).toThrow(/not declared/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('App.call validates before any handler runs', () => {
  const app = new App();
  let ran = 0;
  app.method('conversation-get', async () => { ran++; throw new UserError('No conversation', 'not-found'); });
  app.method('conversations-list', async (q) => { ran++; return { total: q.limit ?? -1, offset: 0, rows: [], searchNote: null, searchMode: null, elapsedMs: 0 }; });
  app.method('analysis-effects', async (a) => { ran++; return { reference: a?.reference ?? 'none' } as never; });

  it('names the field and what was expected', async () => {
    await expect(app.call('conversation-get', { id: 3 } as never)).rejects.toMatchObject({ code: 'invalid-args', message: expect.stringMatching(/^Invalid arguments for conversation-get: id: .*expected string/) });
    await expect(app.call('conversations-list', { filter: { rounds: ['1'] } } as never)).rejects.toThrow(/filter\.rounds\.0: .*expected number/);
    await expect(app.call('conversations-list', { filter: {}, limit: -1 })).rejects.toThrow(/limit: /);
    await expect(app.call('conversations-list', { filter: {}, surprise: 1 } as never)).rejects.toThrow(/surprise/);
    await expect(app.call('conversations-list', undefined as never)).rejects.toThrow(/arguments: /);
    expect(ran).toBe(0);
  });

  it('passes checked arguments through, and optional argument objects may be left out', async () => {
    expect((await app.call('conversations-list', { filter: {}, limit: 7 })).total).toBe(7);
    expect(await app.call('analysis-effects', undefined)).toEqual({ reference: 'none' });
    expect(await app.call('analysis-effects', null)).toEqual({ reference: 'none' });
    expect(await app.call('analysis-effects', { reference: 'video' })).toEqual({ reference: 'video' });
    expect(ran).toBe(4);
  });

  it('refuses unknown and inherited method names', async () => {
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 'study-info']) {
      await expect(app.call(name as 'study-info', undefined)).rejects.toMatchObject({ code: 'unknown-method' });
    }
  });
});

describe('publicError', () => {
  it('maps codes to statuses: not-found 404, busy and no-study 409, invalid-args 400, anything unexpected 500', () => {
    expect(publicError(new UserError('x', 'not-found')).status).toBe(404);
    expect(publicError(new UserError('x', 'unknown-method')).status).toBe(404);
    expect(publicError(new UserError('x', 'busy')).status).toBe(409);
    expect(publicError(new UserError('x', 'no-study')).status).toBe(409);
    expect(publicError(new UserError('x', 'invalid-args')).status).toBe(400);
    const log: string[] = [];
    setInternalErrorLog((line) => log.push(line));
    const internal = publicError(new Error('Binder Error: SELECT * FROM "/home/me/secret.duckdb"'));
    setInternalErrorLog((line) => process.stderr.write(line + '\n'));
    expect(log.join('\n')).toContain('secret.duckdb');
    expect(internal.status).toBe(500);
    expect(internal.body.error).not.toMatch(/Binder|SELECT|secret|\//);
  });

  it('every method declares a schema that rejects a non-object where an object is required', () => {
    for (const name of METHOD_NAMES) {
      const schema = METHODS[name].args;
      // No method takes a bare number: a transport that passes one through must be refused.
      expect(schema.safeParse(42).success, name).toBe(false);
    }
  });
});
