import type { ThemeSentence } from '../../main/api/contract/index.js';
import { openSentence } from './open-sentence.js';
import { num } from './theme-format.js';

/** Sentences where a theme fired; each row opens its conversation in the explorer with the sentence highlighted. */
export function SentenceTable({ rows, testId, decile }: { rows: (ThemeSentence & { decile?: number })[]; testId: string; decile?: boolean }) {
  if (rows.length === 0) return <p className="muted small" data-testid={`${testId}-empty`}>No sentences.</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            {decile && <th className="num" title="Activation decile among the sentences where the theme fires (1 = lowest)">Decile</th>}
            <th className="num">Activation</th><th>Sentence</th><th>Conversation</th><th>Condition</th><th className="num">Round</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={`${s.conversationId}/${s.turn}/${s.sentenceIndex}`}>
              {decile && <td className="num">{s.decile}</td>}
              <td className="num" title={`rank ${s.rank} of the sentence's top K`}>{num(s.activation)}</td>
              <td>{s.text}</td>
              <td className="nowrap">
                <button className="link mono small" data-testid="open-sentence"
                  data-conversation-id={s.conversationId} data-turn={s.turn} data-sentence-index={s.sentenceIndex}
                  onClick={() => openSentence({ conversationId: s.conversationId, turn: s.turn, sentenceIndex: s.sentenceIndex })}
                  title="Open the conversation with this sentence highlighted">
                  {s.conversationId} · t{s.turn} s{s.sentenceIndex}
                </button>
              </td>
              <td>{s.condition ? <span className={`cond cond-${s.condition}`}>{s.condition}</span> : '–'}</td>
              <td className="num">{s.round ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
