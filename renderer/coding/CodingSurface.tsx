// Where sentences get coded: by theme, by conversation or by search.
import { useState } from 'react';
import type { CodeNode } from '../../main/api/contract/index.js';
import { ConversationSource } from './ConversationSource.js';
import { SearchSource } from './SearchSource.js';
import { ThemeSource } from './ThemeSource.js';

const MODES = [['conversation', 'By conversation'], ['theme', 'By theme'], ['search', 'By search']] as const;
type Mode = (typeof MODES)[number][0];

export function CodingSurface({ codes, selectedCode }: { codes: CodeNode[]; selectedCode: string | null }) {
  const [mode, setMode] = useState<Mode>('conversation');
  return (
    <section className="card coding-surface" data-testid="coding-surface">
      <div className="row gap baseline">
        <h2 className="grow">Code sentences</h2>
        <div className="segmented" role="tablist" aria-label="What to code">
          {MODES.map(([m, label]) => (
            <button key={m} role="tab" aria-selected={mode === m} className={mode === m ? 'on' : ''} onClick={() => setMode(m)} data-testid={`coding-mode-${m}`}>{label}</button>
          ))}
        </div>
      </div>
      {codes.length === 0 && <p className="muted small">Add codes to the codebook first.</p>}
      {mode === 'conversation' && <ConversationSource codes={codes} selectedCode={selectedCode} />}
      {mode === 'theme' && <ThemeSource codes={codes} selectedCode={selectedCode} />}
      {mode === 'search' && <SearchSource codes={codes} selectedCode={selectedCode} />}
    </section>
  );
}
