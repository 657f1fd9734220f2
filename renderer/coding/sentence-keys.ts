// Sentence units are keyed by (conversation, turn, sentence index) everywhere in the coding views.
import type { SentenceKey } from '../../main/api/contract/index.js';

export function keyOf(s: SentenceKey): string {
  return `${s.conversationId}\u0000${s.turn}\u0000${s.sentenceIndex}`;
}

export function sentenceLabel(s: SentenceKey): string {
  return `${s.conversationId} · t${s.turn} s${s.sentenceIndex}`;
}
