import { humanize } from '../api/format.js';

export function SelfReports({ items }: { items: { item: string; value: number | null }[] }) {
  if (items.length === 0) return <p className="muted small" data-testid="no-self-reports">No self-reports for this conversation.</p>;
  return (
    <table className="kv" data-testid="self-reports">
      <tbody>
        {items.map((r) => (
          <tr key={r.item}>
            <th>{humanize(r.item)}</th>
            <td>
              <span className="dots" aria-label={`${r.value ?? 'none'} of 5`}>
                {[1, 2, 3, 4, 5].map((i) => <span key={i} className={r.value != null && i <= r.value ? 'on' : ''} />)}
              </span>
              <span className="muted"> {r.value ?? '—'}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
