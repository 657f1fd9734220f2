import { matchRuns } from './highlight.js';

/** Text with the current search's matches marked. */
export function Highlighted({ text, pattern }: { text: string; pattern: RegExp | null }) {
  if (!pattern) return <>{text}</>;
  return <>{matchRuns(text, pattern).map(([t, hit], i) => (hit ? <mark key={i} data-testid="search-hit">{t}</mark> : t))}</>;
}
