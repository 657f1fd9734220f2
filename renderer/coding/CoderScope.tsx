// Whose codes a table counts: everyone's (consensus included) when none is ticked, else the ticked coders' codes pooled.
import { CONSENSUS_CODER } from '../../main/api/contract/index.js';

export function CoderScope({ coders, value, onChange, testId }: { coders: string[]; value: string[]; onChange: (v: string[]) => void; testId: string }) {
  const toggle = (c: string) => onChange(value.includes(c) ? value.filter((x) => x !== c) : [...value, c]);
  return (
    <span className="chips" role="group" aria-label="Whose codes" data-testid={testId} data-value={value.join(',')}>
      <button type="button" className={'chip' + (value.length ? '' : ' on')} aria-pressed={value.length === 0} onClick={() => onChange([])} data-testid={`${testId}-all`}>all coders</button>
      {[...coders, CONSENSUS_CODER].map((c) => (
        <button type="button" key={c} className={'chip' + (value.includes(c) ? ' on' : '')} aria-pressed={value.includes(c)} onClick={() => toggle(c)} data-testid={`${testId}-${c}`}>{c}</button>
      ))}
    </span>
  );
}
