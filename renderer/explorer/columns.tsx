import type { ReactNode } from 'react';
import type { ConversationRow, ScoreSetInfo, SortKey } from '../../main/api/contract/index.js';
import { dimensionLabel, dimensionShort, isProscriptive, orderDimensions } from '../api/dimensions.js';
import { fmtInt, fmtScore, humanize, middleEllipsis } from '../api/format.js';

export interface Column {
  id: string;
  label: string;
  title: string;
  width: number;
  sort: SortKey;
  align?: 'right' | 'center';
  /** Grows to fill spare width (its width is then the minimum). */
  flex?: boolean;
  /** Stays in view at the right edge while the table scrolls sideways (the paper's headline measure). */
  pinned?: boolean;
  /** Sorting a score column starts with the highest value. */
  firstDir: 'asc' | 'desc';
  cell(row: ConversationRow): ReactNode;
}

function scoreCell(v: number | null, min: number, max: number, warm: boolean): ReactNode {
  if (v == null) return <span className="muted">—</span>;
  const t = max > min ? Math.max(0, Math.min(1, (v - min) / (max - min))) : 0;
  return <span className={'score-pill' + (warm ? ' warm' : '')} style={{ ['--t' as string]: t.toFixed(3) }}>{fmtScore(v)}</span>;
}

function overallCell(v: number | null): ReactNode {
  if (v == null) return <span className="muted">—</span>;
  const cls = v > 0 ? 'pos' : v < 0 ? 'neg' : 'zero';
  return <span className={'overall ' + cls}>{v > 0 ? '+' : ''}{fmtScore(v)}</span>;
}

/** The list's columns; condition, round and scenario are left out for studies that have none. */
export function buildColumns(set: ScoreSetInfo | null, hasOverall: boolean, has: { conditions: boolean; rounds: boolean; scenarios: boolean }): Column[] {
  const all: Column[] = [
    { id: 'conversation_id', label: 'Conversation', title: 'Conversation id', width: 104, flex: true, sort: 'conversation_id', firstDir: 'asc',
      cell: (r) => <span className="mono" title={r.conversation_id}>{middleEllipsis(r.conversation_id)}</span> },
    { id: 'participant_id', label: 'Participant', title: 'Participant id', width: 80, sort: 'participant_id', firstDir: 'asc',
      cell: (r) => <span className="mono" title={r.participant_id ?? undefined}>{r.participant_id ? middleEllipsis(r.participant_id, 10) : '—'}</span> },
    { id: 'condition', label: 'Condition', title: 'Condition', width: 86, sort: 'condition', firstDir: 'asc',
      cell: (r) => r.condition ? <span className={`cond cond-${r.condition}`}>{r.condition}</span> : <span className="muted">—</span> },
    { id: 'round', label: 'Rd', title: 'Round', width: 32, sort: 'round', align: 'center', firstDir: 'asc', cell: (r) => r.round ?? '—' },
    { id: 'scenario', label: 'Scenario', title: 'Scenario', width: 132, flex: true, sort: 'scenario', firstDir: 'asc',
      cell: (r) => <span title={r.scenario_type ? `${humanize(r.scenario)} (${r.scenario_type})` : undefined}>{humanize(r.scenario)}</span> },
    { id: 'messages', label: 'Msgs', title: 'Messages', width: 44, sort: 'messages', align: 'right', firstDir: 'desc', cell: (r) => fmtInt(r.messages) },
    { id: 'supporter_words', label: 'Words', title: 'Supporter words', width: 52, sort: 'supporter_words', align: 'right', firstDir: 'desc',
      cell: (r) => fmtInt(r.supporter_words) },
  ];
  const cols = all.filter((c) => (c.id !== 'condition' || has.conditions) && (c.id !== 'round' || has.rounds) && (c.id !== 'scenario' || has.scenarios));
  if (set) {
    for (const d of orderDimensions(set.dimensions)) {
      cols.push({
        id: `score:${d}`, label: dimensionShort(d), title: `${dimensionLabel(d)} (${set.id})`, width: 44, sort: `score:${d}`, align: 'center', firstDir: 'desc',
        cell: (r) => scoreCell(r.scores[d] ?? null, set.scaleMin, set.scaleMax, isProscriptive(d)),
      });
    }
    if (hasOverall) {
      cols.push({ id: 'overall', label: 'Overall', title: 'Overall: prescriptive minus proscriptive (−12..12)', width: 58, sort: 'overall', align: 'center', firstDir: 'desc', pinned: true,
        cell: (r) => overallCell(r.overall) });
    }
  }
  return cols;
}
