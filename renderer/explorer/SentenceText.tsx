import type { ReactNode } from 'react';

/**
 * Shows a message with its sentence units marked (alternating underline), keeping the original text:
 * each unit is found in order in the text; anything between units (spaces, dropped fragments) stays plain.
 */
export function SentenceText({ text, sentences }: { text: string; sentences: string[] }) {
  if (sentences.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let pos = 0;
  let n = 0;
  for (const s of sentences) {
    const at = text.indexOf(s, pos);
    if (at < 0) continue;
    if (at > pos) parts.push(text.slice(pos, at));
    parts.push(
      <span key={n} className={'sent ' + (n % 2 ? 'sent-b' : 'sent-a')} data-testid="sentence" title={`Sentence ${n + 1}`}>{s}</span>,
    );
    n++;
    pos = at + s.length;
  }
  if (n === 0) return <>{text}</>;
  if (pos < text.length) parts.push(text.slice(pos));
  return <>{parts}</>;
}
