// What a click on a figure mark opens. A mark drawn from one datum carries its own conversation filter; a mark that
// stands for a group (a bar of counts, a histogram bin, a mean) is given by Plot as the array of the data behind it,
// and then opens exactly the conversations of those data — the union of their ids — or nothing when they do not
// name conversations one by one. (An array's own `filter` method once passed for a filter: issue 11 item 1.)
import type { ConversationFilter } from '../../main/api/contract/index.js';

export interface MarkTarget { filter: ConversationFilter; label: string }

type Linked = { filter?: unknown; filterLabel?: unknown };

const isFilter = (f: unknown): f is ConversationFilter => typeof f === 'object' && f !== null && !Array.isArray(f);

export function markTarget(value: unknown): MarkTarget | null {
  if (Array.isArray(value)) {
    const ids = new Set<string>();
    for (const d of value as Linked[]) {
      const f = d?.filter;
      if (!isFilter(f) || !f.conversationIds?.length || Object.keys(f).length !== 1) return null;
      for (const id of f.conversationIds) ids.add(id);
    }
    if (!ids.size) return null;
    const n = ids.size;
    return { filter: { conversationIds: [...ids] }, label: n === 1 ? `conversation ${[...ids][0]}` : `${n.toLocaleString('en-US')} conversations behind the mark` };
  }
  const v = value as Linked | null | undefined;
  if (!v || !isFilter(v.filter)) return null;
  return { filter: v.filter, label: typeof v.filterLabel === 'string' ? v.filterLabel : 'figure selection' };
}
