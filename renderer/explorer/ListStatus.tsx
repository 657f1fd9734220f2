import { fmtInt, fmtMs } from '../api/format.js';
import type { PagedConversations } from './usePagedConversations.js';

/** "2,904 conversations · 12 ms", the search note, and errors for the current query. */
export function ListStatus({ paged, studyTotal }: { paged: PagedConversations; studyTotal: number }) {
  return (
    <div className="list-status">
      {paged.total != null ? (
        <span data-testid="list-total-text">
          <strong data-testid="list-total" data-total={paged.total}>{fmtInt(paged.total)}</strong>
          {paged.total === 1 ? ' conversation' : ' conversations'}
          {paged.total !== studyTotal && <span className="muted"> of {fmtInt(studyTotal)}</span>}
          {paged.elapsedMs != null && <span className="muted" data-testid="list-elapsed"> · {fmtMs(paged.elapsedMs)}</span>}
        </span>
      ) : !paged.error ? (
        <span className="muted">Loading…</span>
      ) : null}
      {paged.loading && <span className="spinner small" title="Updating" data-testid="list-loading" />}
      {paged.searchNote && <span className="search-note" data-testid="search-note" title={paged.searchNote}><span className="info-icon" aria-hidden="true">i</span>{paged.searchNote}</span>}
      {paged.error && <span className="error-text" data-testid="list-error">{paged.error}</span>}
    </div>
  );
}
