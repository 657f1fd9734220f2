import type { Ref } from 'react';
import type { ExplorerState } from './explorer-state.js';

/** Text search over messages: contains (case-insensitive) or a regular expression, optionally one role. */
export function SearchBox({ state, onChange, inputRef }: {
  state: ExplorerState;
  onChange: (patch: Partial<ExplorerState>) => void;
  inputRef: Ref<HTMLInputElement>;
}) {
  return (
    <div className="search" role="search">
      <span className="search-icon" aria-hidden="true">⌕</span>
      <input
        ref={inputRef}
        className="input search-input"
        type="search"
        placeholder={state.searchMode === 'regex' ? 'Regular expression over messages…  ( / )' : 'Search message text…  ( / )'}
        value={state.searchText}
        onChange={(e) => onChange({ searchText: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'Escape') {
            e.preventDefault();
            (e.target as HTMLInputElement).blur();
          }
        }}
        data-testid="search-input"
        aria-label="Search messages"
        spellCheck={false}
      />
      <div className="segmented" role="group" aria-label="Search mode">
        {(['contains', 'regex'] as const).map((m) => (
          <button key={m} type="button" className={state.searchMode === m ? 'on' : ''} aria-pressed={state.searchMode === m}
            onClick={() => onChange({ searchMode: m })} data-testid={`search-mode-${m}`}>
            {m === 'contains' ? 'Contains' : 'Regex'}
          </button>
        ))}
      </div>
      <select className="input" value={state.searchRole} onChange={(e) => onChange({ searchRole: e.target.value as ExplorerState['searchRole'] })}
        data-testid="search-role" aria-label="Search in role">
        <option value="">Any role</option>
        <option value="seeker">Seeker</option>
        <option value="supporter">Supporter</option>
      </select>
    </div>
  );
}
