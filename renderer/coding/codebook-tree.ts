// The codebook as the tree view walks it: codes in display order (siblings by position, children under their
// parent), which codes a drop may not go into (a code's own subtree), and the first nine codes that the number
// keys assign. Pure, so it is unit-tested without a browser.
import type { CodeNode } from '../../main/api/contract/index.js';

export interface TreeRow { code: CodeNode; depth: number; hasChildren: boolean }

function childrenMap(codes: CodeNode[]): Map<string | null, CodeNode[]> {
  const ids = new Set(codes.map((c) => c.codeId));
  const by = new Map<string | null, CodeNode[]>();
  for (const c of codes) {
    // A parent that is not in the list (a filtered list) puts the code at the top level rather than losing it.
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    if (!by.has(parent)) by.set(parent, []);
    by.get(parent)!.push(c);
  }
  for (const list of by.values()) list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  return by;
}

/** Depth-first display order; the children of collapsed codes are left out. */
export function treeRows(codes: CodeNode[], collapsed: ReadonlySet<string> = new Set()): TreeRow[] {
  const by = childrenMap(codes);
  const out: TreeRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of by.get(parent) ?? []) {
      const kids = by.get(c.codeId) ?? [];
      out.push({ code: c, depth, hasChildren: kids.length > 0 });
      if (!collapsed.has(c.codeId)) walk(c.codeId, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The code and every code below it: a move into any of them would make a cycle. */
export function subtree(codes: CodeNode[], codeId: string): Set<string> {
  const by = childrenMap(codes);
  const out = new Set<string>();
  const walk = (id: string) => {
    out.add(id);
    for (const c of by.get(id) ?? []) walk(c.codeId);
  };
  walk(codeId);
  return out;
}

/** Where a dragged code lands when dropped on `target`: inside it (as last child), or before it among its siblings. */
export function dropMove(codes: CodeNode[], dragged: string, target: string, where: 'inside' | 'before'): { parentId: string | null; position?: number } | null {
  if (subtree(codes, dragged).has(target)) return null;
  const t = codes.find((c) => c.codeId === target);
  if (!t) return null;
  if (where === 'inside') return { parentId: t.codeId };
  const siblings = childrenMap(codes).get(t.parentId ?? null) ?? [];
  // Positions count the siblings without the dragged code, as the backend places it among the others.
  const rest = siblings.filter((c) => c.codeId !== dragged);
  return { parentId: t.parentId, position: Math.max(0, rest.findIndex((c) => c.codeId === target)) };
}

/** The codes the number keys 1-9 assign: the first nine of the display order (all codes, collapsed or not). */
export function numberedCodes(codes: CodeNode[]): CodeNode[] {
  return treeRows(codes).slice(0, 9).map((r) => r.code);
}

/** A readable text colour on a code's colour (#rrggbb). */
export function inkOn(color: string): string {
  const n = Number.parseInt(color.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#1d2530' : '#ffffff';
}
