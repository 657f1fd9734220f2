import { describe, expect, it } from 'vitest';
import { Workspace } from '../db/workspace.js';
import { checkRegex, explainRegexError } from './regex-check.js';

describe('bad search patterns in plain words', () => {
  it('explains what RE2 complains about, and says it before any search runs', async () => {
    const ws = await Workspace.open(':memory:');
    try {
      const said = async (p: string) => checkRegex(ws.db, p).then(() => 'valid', (e: Error & { code?: string }) => `${e.code}: ${e.message}`);
      expect(await said('(unclosed')).toBe('bad-regex: The search pattern is not a valid regular expression: a "(" is never closed.');
      expect(await said('a)')).toMatch(/a "\)" has no "\(" before it/);
      expect(await said('*a')).toMatch(/"\*" has nothing before it to repeat/);
      expect(await said('[z-a]')).toMatch(/the character range "z-a" is not valid/);
      expect(await said('abc\\')).toMatch(/ends with a lone backslash/);
      expect(await said('hard(er|est)? part')).toBe('valid');
    } finally {
      ws.close();
    }
  });

  it('passes an unknown complaint through without the engine prefix', () => {
    expect(explainRegexError('Invalid Input Error: something new: x')).toBe('something new: x');
  });
});
