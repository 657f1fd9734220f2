import type { ImportReport } from '../../main/api/contract/index.js';
import { fmtInt, fmtMs } from '../api/format.js';

export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="alert alert-ok" data-testid="import-report">
      <strong>Imported</strong> <span className="mono">{report.source}</span> as {report.format} in {fmtMs(report.elapsedMs)}
      {report.replaced && <> (replaced import <span className="mono">{report.replaced}</span>)</>}.
      <div className="row gap wrap top-gap">
        {Object.entries(report.rows).map(([t, n]) => <span key={t} className="fact" data-testid="report-rows" data-table={t}><b>{fmtInt(n!)}</b> {t}</span>)}
      </div>
      {report.scoreSets.length > 0 && <p className="small">Score sets: {report.scoreSets.map((s) => <code key={s}>{s} </code>)}</p>}
      {report.skipped.length > 0 && (
        <div className="small">Skipped: {report.skipped.map((s) => `${fmtInt(s.count)} × ${s.reason}`).join('; ')}</div>
      )}
    </div>
  );
}
