import type { CountRow } from '../../main/api/contract/index.js';
import { fmtInt, humanize } from '../api/format.js';

/** Counts by one key with an inline bar per row (conversations), plus participants. */
export function CountTable({ title, rows, keyLabel, testId, pretty = true }: {
  title: string; rows: CountRow[]; keyLabel: string; testId: string; pretty?: boolean;
}) {
  const max = Math.max(1, ...rows.map((r) => r.conversations));
  const total = rows.reduce((s, r) => s + r.conversations, 0);
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">No data.</p>
      ) : (
        <table className="table count-table">
          <thead>
            <tr><th>{keyLabel}</th><th className="num">Conversations</th><th className="bar-col" /><th className="num">Participants</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <td>{pretty ? humanize(r.key) : r.key}</td>
                <td className="num" data-testid="count-conversations">{fmtInt(r.conversations)}</td>
                <td className="bar-col"><div className="hbar"><span style={{ width: `${(100 * r.conversations) / max}%` }} /></div></td>
                <td className="num">{fmtInt(r.participants)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><td>Total</td><td className="num">{fmtInt(total)}</td><td /><td /></tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
