// Whose codes a table counts: everyone's (consensus included), or one coder's.
import { CONSENSUS_CODER } from '../../main/api/contract/index.js';

export function CoderScope({ coders, value, onChange, testId }: { coders: string[]; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <select className="input" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-label="Whose codes">
      <option value="">all coders</option>
      {[...coders, CONSENSUS_CODER].map((c) => <option key={c} value={c}>{c}</option>)}
    </select>
  );
}
