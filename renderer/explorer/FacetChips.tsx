import { humanize } from '../api/format.js';

/** A multi-select facet as toggle chips; nothing selected means "all". */
export function FacetChips<T extends string | number>({ title, values, selected, onToggle, onClear, testPrefix, pretty = true }: {
  title: string; values: T[]; selected: T[]; onToggle: (v: T) => void; onClear: () => void; testPrefix: string; pretty?: boolean;
}) {
  return (
    <fieldset className="facet" data-testid={testPrefix}>
      <legend>
        {title}
        {selected.length > 0 && <button type="button" className="link small" onClick={onClear}>all</button>}
      </legend>
      {values.length === 0 ? (
        <span className="muted small">none in this study</span>
      ) : (
        <div className="chips">
          {values.map((v) => {
            const on = selected.includes(v);
            return (
              <button
                type="button"
                key={String(v)}
                className={'chip' + (on ? ' on' : '')}
                aria-pressed={on}
                data-testid={`${testPrefix}-${v}`}
                onClick={() => onToggle(v)}
              >
                {pretty && typeof v === 'string' ? humanize(v) : String(v)}
              </button>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
