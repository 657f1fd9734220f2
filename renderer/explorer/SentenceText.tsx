import { Highlighted } from './Highlighted.js';
import { sentenceParts } from './sentence-parts.js';

/** A message with its sentence units marked (alternating underline), keeping the original text. */
export function SentenceText({ text, sentences, pattern, highlight = null }: { text: string; sentences: string[]; pattern: RegExp | null; highlight?: number | null }) {
  const parts = sentenceParts(text, sentences);
  return (
    <>
      {parts.map((p, i) => (p.sentence == null
        ? <Highlighted key={i} text={p.text} pattern={pattern} />
        : (
          <span key={i} className={'sent ' + (p.sentence % 2 ? 'sent-b' : 'sent-a') + (p.sentence === highlight ? ' sent-highlight' : '')}
            data-testid="sentence" data-highlighted={p.sentence === highlight ? 'true' : undefined} title={`Sentence ${p.sentence + 1}`}>
            <Highlighted text={p.text} pattern={pattern} />
          </span>
        )))}
    </>
  );
}
