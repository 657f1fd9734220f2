import { fmtValue, humanize } from '../api/format.js';

export function KeyValueTable({ data, testId, omit = [] }: { data: Record<string, unknown>; testId: string; omit?: string[] }) {
  const entries = Object.entries(data).filter(([k, v]) => !omit.includes(k) && v !== undefined);
  return (
    <table className="kv" data-testid={testId}>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}><th>{humanize(k)}</th><td>{fmtValue(v)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
