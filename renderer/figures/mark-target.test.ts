import { describe, expect, it } from 'vitest';
import { markTarget } from './mark-target.js';

const row = (id: string) => ({ conversation_id: id, filter: { conversationIds: [id] }, filterLabel: `conversation ${id}` });

describe('markTarget', () => {
  it('opens the filter a one-datum mark carries', () => {
    expect(markTarget({ filter: { conditions: ['coach'], rounds: [2] }, filterLabel: 'AI coach, post' }))
      .toEqual({ filter: { conditions: ['coach'], rounds: [2] }, label: 'AI coach, post' });
  });

  it('opens the union of the conversations behind a grouped mark', () => {
    expect(markTarget([row('c1'), row('c2'), row('c1')])).toEqual({ filter: { conversationIds: ['c1', 'c2'] }, label: '2 conversations behind the mark' });
    expect(markTarget([row('c9')])).toEqual({ filter: { conversationIds: ['c9'] }, label: 'conversation c9' });
  });

  it('opens nothing for data that do not name their conversations, or for an empty group', () => {
    expect(markTarget([{ x: 1 }, { x: 2 }])).toBeNull(); // a bin of rows without ids: Array.prototype.filter is no filter
    expect(markTarget([row('c1'), { x: 2 }])).toBeNull();
    expect(markTarget([{ filter: { conditions: ['coach'] } }])).toBeNull();
    expect(markTarget([])).toBeNull();
    expect(markTarget(null)).toBeNull();
    expect(markTarget({ x: 1 })).toBeNull();
  });
});
