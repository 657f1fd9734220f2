import type { MessageView } from '../../main/api/contract/index.js';
import { AnnotationTags } from './AnnotationTags.js';
import { Highlighted } from './Highlighted.js';
import { SentenceText } from './SentenceText.js';

export function MessageBubble({ message, showSentences, pattern, highlightSentence = null }: {
  message: MessageView; showSentences: boolean; pattern: RegExp | null; highlightSentence?: number | null;
}) {
  const role = message.role === 'seeker' || message.role === 'supporter' ? message.role : 'other';
  return (
    <div className={`msg msg-${role}`} data-testid="message" data-role={message.role} data-turn={message.turn}>
      <div className="msg-meta">
        <span className="msg-role">{message.role}</span>
        <span className="msg-turn">turn {message.turn}</span>
        {role === 'supporter' && message.sentences.length > 0 && (
          <span className="msg-sents">{message.sentences.length} sentence{message.sentences.length === 1 ? '' : 's'}</span>
        )}
      </div>
      <div className="bubble" data-testid="message-text">
        {(showSentences || highlightSentence != null) && role === 'supporter'
          ? <SentenceText text={message.text} sentences={message.sentences} pattern={pattern} highlight={highlightSentence} />
          : <Highlighted text={message.text} pattern={pattern} />}
      </div>
      {message.annotation && <AnnotationTags annotation={message.annotation} />}
    </div>
  );
}
