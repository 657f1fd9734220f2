import { fmtInt } from '../api/format.js';

export function StatCard({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="stat">
      <div className="stat-value" data-testid={testId}>{fmtInt(value)}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
