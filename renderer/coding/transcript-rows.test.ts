import { describe, expect, it } from 'vitest';
import type { CodedSentence, MessageView } from '../../main/api/contract/index.js';
import { transcriptRows } from './transcript-rows.js';

const msg = (turn: number, role: string, text: string): MessageView => ({ turn, role, text, sentences: [], annotation: null });
const sent = (turn: number, sentenceIndex: number, text: string): CodedSentence => ({ conversationId: 'c1', turn, sentenceIndex, role: 'supporter', text, codes: [] });

describe('transcript rows for coding', () => {
  it('places each unit at its offset in the message, so a selection maps to message offsets', () => {
    const messages = [msg(0, 'seeker', 'I lost my job.'), msg(1, 'supporter', 'I am sorry.  Tell me more. Tell me more.')];
    // The same text twice: the second unit is found after the first.
    const rows = transcriptRows(messages, [sent(1, 2, 'Tell me more.'), sent(1, 0, 'I am sorry.'), sent(1, 1, 'Tell me more.')]);
    expect(rows.map((r) => [r.turn, r.sentenceIndex, r.offset, r.first])).toEqual([
      [0, null, 0, true], [1, 0, 0, true], [1, 1, 13, false], [1, 2, 27, false],
    ]);
    const text = messages[1].text;
    for (const r of rows.slice(1)) expect(text.slice(r.offset, r.offset + r.text.length)).toBe(r.text);
  });

  it('keeps a unit whose text is not in the message, without an offset', () => {
    expect(transcriptRows([msg(1, 'supporter', 'Hello there.')], [sent(1, 0, 'Hi.')]).map((r) => r.offset)).toEqual([-1]);
  });
});
