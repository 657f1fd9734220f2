import { describe, expect, it } from 'vitest';
import { phraseChain, phraseWords, regexLiterals } from './terms.js';

describe('phraseWords', () => {
  it('marks words cut by the needle’s ends as partial and the rest as whole terms', () => {
    expect(phraseWords('so sorry')).toEqual([{ word: 'so', kind: 'suffix' }, { word: 'sorry', kind: 'prefix' }]);
    expect(phraseWords(' so sorry.')).toEqual([{ word: 'so', kind: 'exact' }, { word: 'sorry', kind: 'exact' }]);
    expect(phraseWords('eeli')).toEqual([{ word: 'eeli', kind: 'infix' }]);
    expect(phraseWords('that must be')).toEqual([
      { word: 'that', kind: 'suffix' }, { word: 'must', kind: 'exact' }, { word: 'be', kind: 'prefix' }]);
  });

  it('keeps non-ASCII characters inside words and splits only on ASCII punctuation and space', () => {
    expect(phraseWords('café, i’m')).toEqual([{ word: 'café', kind: 'suffix' }, { word: 'i’m', kind: 'prefix' }]);
    expect(phraseWords('e-mail')).toEqual([{ word: 'e', kind: 'suffix' }, { word: 'mail', kind: 'prefix' }]);
  });

  it('has nothing to look up for punctuation only or a lone surrogate', () => {
    expect(phraseWords('?! ')).toBeNull();
    expect(phraseWords('ab\uD800cd')).toBeNull();
  });
});

describe('regexLiterals', () => {
  it('finds the literal runs every match needs', () => {
    expect(regexLiterals('that must be \\w+')).toEqual(['that', 'must']);
    expect(regexLiterals('Sorry')).toEqual(['sorry']);
    expect(regexLiterals('sorry+')).toEqual(['sorr']);
    expect(regexLiterals('feel(ing)?s? (so|very)')).toEqual(['feel']);
    expect(regexLiterals('[Hh]ello there')).toEqual(['ello', 'there']);
  });

  it('gives none where a literal could be avoided', () => {
    expect(regexLiterals('lost|fired')).toEqual([]);
    expect(regexLiterals('(sorry)')).toEqual([]);
    expect(regexLiterals('so?r?r?y?')).toEqual([]);
    expect(regexLiterals('\\Qsorry\\E')).toEqual([]);
    expect(regexLiterals('\\x41bcd')).toEqual(['bcd']);
    expect(regexLiterals('abc{')).toEqual([]);
  });
});

describe('phraseChain', () => {
  it('keeps the words in order with the separator run between each two', () => {
    expect(phraseChain('how are you')).toEqual({
      words: [{ word: 'how', kind: 'suffix' }, { word: 'are', kind: 'exact' }, { word: 'you', kind: 'prefix' }], seps: [' ', ' '], trail: '', exact: true });
    expect(phraseChain('so, sorry')).toEqual({ words: [{ word: 'so', kind: 'suffix' }, { word: 'sorry', kind: 'prefix' }], seps: [', '], trail: '', exact: true });
    // Repeated words stay: the chain is positional.
    expect(phraseChain('so so')?.words).toHaveLength(2);
  });

  it('keeps a trailing separator run, and is only a narrowing when the needle starts with one', () => {
    expect(phraseChain('you matter.')).toEqual({ words: [{ word: 'you', kind: 'suffix' }, { word: 'matter', kind: 'exact' }], seps: [' '], trail: '.', exact: true });
    expect(phraseChain('sorry.')).toEqual({ words: [{ word: 'sorry', kind: 'suffix' }], seps: [], trail: '.', exact: true });
    expect(phraseChain(' so sorry. ')).toEqual({ words: [{ word: 'so', kind: 'exact' }, { word: 'sorry', kind: 'exact' }], seps: [' '], trail: '. ', exact: false });
    expect(phraseChain('e-mail me @ 9')).toEqual({
      words: [{ word: 'e', kind: 'suffix' }, { word: 'mail', kind: 'exact' }, { word: 'me', kind: 'exact' }, { word: '9', kind: 'prefix' }],
      seps: ['-', ' ', ' @ '], trail: '', exact: true });
  });

  it('has no chain for one word without a trailing run', () => {
    expect(phraseChain('sorry')).toBeNull();
    expect(phraseChain(' sorry')).toBeNull();
    expect(phraseChain('?! ')).toBeNull();
    expect(phraseChain('a\uD800 b')).toBeNull();
  });
});
