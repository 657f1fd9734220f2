/** True when a key press belongs to a text field (shortcuts must not fire there). */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
}

export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['j'], what: 'Next conversation (opens it)' },
  { keys: ['k'], what: 'Previous conversation (opens it)' },
  { keys: ['↓', '↑'], what: 'Move the list cursor without opening' },
  { keys: ['Enter'], what: 'Open the conversation under the cursor' },
  { keys: ['/'], what: 'Focus the text search' },
  { keys: ['Esc'], what: 'Leave a field, close the transcript or this help' },
  { keys: ['L', 'B'], what: 'Map: lasso or box selection on/off (Esc clears the selection)' },
  { keys: ['J', 'K', '1-9'], what: 'Coding: move the sentence cursor; toggle one of the first nine codes on it' },
  { keys: ['Ctrl+Z', 'Ctrl+Shift+Z'], what: 'Coding: undo / redo your last edit' },
  { keys: ['1-5', 'N', 'P'], what: 'Rubric ratings: score the focused dimension; next / previous conversation' },
  { keys: ['?'], what: 'Show or hide this help' },
];
