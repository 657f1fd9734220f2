// From a theme to the explorer: the themes page announces a sentence unit, the explorer (always mounted) opens its
// conversation with that sentence highlighted, and the hash route switches to the conversations page.

export const OPEN_SENTENCE_EVENT = 'workbench:open-sentence';

/** A sentence unit, keyed as in the data format. */
export interface SentenceRef { conversationId: string; turn: number; sentenceIndex: number }

export function openSentence(ref: SentenceRef): void {
  window.dispatchEvent(new CustomEvent<SentenceRef>(OPEN_SENTENCE_EVENT, { detail: ref }));
  window.location.hash = '#/conversations';
}

/** Subscribes to open requests; returns the unsubscribe function. */
export function onOpenSentence(fn: (ref: SentenceRef) => void): () => void {
  const listener = (e: Event) => fn((e as CustomEvent<SentenceRef>).detail);
  window.addEventListener(OPEN_SENTENCE_EVENT, listener);
  return () => window.removeEventListener(OPEN_SENTENCE_EVENT, listener);
}
