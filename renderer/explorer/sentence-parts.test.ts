import { describe, expect, it } from 'vitest';
import { matchRuns, searchPattern } from './highlight.js';
import { sentenceParts } from './sentence-parts.js';

describe('sentence units inside a message', () => {
  it('keeps the original text exactly and numbers the units in order', () => {
    const text = 'Oh no!  I am sorry.\nWhat happened?';
    const parts = sentenceParts(text, ['Oh no!', 'I am sorry.', 'What happened?']);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.sentence != null).map((p) => [p.sentence, p.text]))
      .toEqual([[0, 'Oh no!'], [1, 'I am sorry.'], [2, 'What happened?']]);
  });

  it('leaves text that no unit covers (dropped fragments) plain, and survives units it cannot find', () => {
    const parts = sentenceParts('Hi. : Really?', ['Hi.', 'missing', 'Really?']);
    expect(parts).toEqual([
      { text: 'Hi.', sentence: 0 }, { text: ' : ', sentence: null }, { text: 'Really?', sentence: 1 },
    ]);
    expect(sentenceParts('plain', [])).toEqual([{ text: 'plain', sentence: null }]);
  });
});

describe('search highlighting', () => {
  it('marks case-insensitive literal matches, or regex matches', () => {
    const lit = searchPattern({ text: 'a.b', mode: 'contains' });
    expect(matchRuns('xA.By a-b', lit)).toEqual([['x', false], ['A.B', true], ['y a-b', false]]);
    const re = searchPattern({ text: 'lo+st|fired', mode: 'regex' });
    expect(matchRuns('I LOOST it; fired.', re).filter(([, hit]) => hit).map(([t]) => t)).toEqual(['LOOST', 'fired']);
  });
  it('does not highlight for blank, empty-matching or invalid patterns', () => {
    expect(searchPattern({ text: ' ', mode: 'contains' })).toBeNull();
    expect(searchPattern({ text: 'x*', mode: 'regex' })).toBeNull();
    expect(searchPattern({ text: '(', mode: 'regex' })).toBeNull();
    expect(matchRuns('abc', null)).toEqual([['abc', false]]);
  });
});
