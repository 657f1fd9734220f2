// A transcript as coding rows: each message's sentence units in order, located in the message text so a selection
// inside them maps to message offsets; a message without units is one context row.
import type { CodedSentence, MessageView } from '../../main/api/contract/index.js';

export interface TranscriptRow {
  turn: number;
  role: string;
  /** The first row of its message. */
  first: boolean;
  sentenceIndex: number | null;
  text: string;
  offset: number;
}

export function transcriptRows(messages: MessageView[], sentences: CodedSentence[]): TranscriptRow[] {
  const byTurn = new Map<number, CodedSentence[]>();
  for (const s of sentences) {
    if (!byTurn.has(s.turn)) byTurn.set(s.turn, []);
    byTurn.get(s.turn)!.push(s);
  }
  const out: TranscriptRow[] = [];
  for (const m of messages) {
    const units = (byTurn.get(m.turn) ?? []).sort((a, b) => a.sentenceIndex - b.sentenceIndex);
    if (units.length === 0) {
      out.push({ turn: m.turn, role: m.role, first: true, sentenceIndex: null, text: m.text, offset: 0 });
      continue;
    }
    let pos = 0;
    units.forEach((u, i) => {
      const at = m.text.indexOf(u.text, pos);
      // A unit whose text is not found verbatim (normalised by the splitter) keeps its place but offers no spans.
      out.push({ turn: m.turn, role: m.role, first: i === 0, sentenceIndex: u.sentenceIndex, text: u.text, offset: at >= 0 ? at : -1 });
      if (at >= 0) pos = at + u.text.length;
    });
  }
  return out;
}
