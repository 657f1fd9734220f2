import { sentenceParts } from './sentence-parts.js';

/** A message with its sentence units marked (alternating underline), keeping the original text. */
export function SentenceText({ text, sentences }: { text: string; sentences: string[] }) {
  const parts = sentenceParts(text, sentences);
  return (
    <>
      {parts.map((p, i) => (p.sentence == null
        ? p.text
        : <span key={i} className={'sent ' + (p.sentence % 2 ? 'sent-b' : 'sent-a')} data-testid="sentence" title={`Sentence ${p.sentence + 1}`}>{p.text}</span>))}
    </>
  );
}
