import type { ConversationFilter } from '../../../main/api/contract/index.js';
import { openFigureBuilder } from './builder-link.js';

/** "Plot these conversations": the explorer's current filter (and shown score set) as a figure builder's data. */
export function PlotButton({ filter, scoreSetId, disabled }: { filter: ConversationFilter; scoreSetId: string | null; disabled?: boolean }) {
  return (
    <button className="btn btn-small" disabled={disabled} data-testid="explorer-plot" title="Build a figure from the conversations in this list"
      onClick={() => openFigureBuilder({ kind: 'explorer', filter, scoreSetId })}>
      Plot these conversations
    </button>
  );
}
