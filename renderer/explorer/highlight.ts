import type { TextSearch } from '../../main/api/contract/index.js';

/** A JS RegExp equivalent to the backend's search (contains: case-insensitive literal; regex: 'i'), or null. */
export function searchPattern(search: TextSearch | undefined | null): RegExp | null {
  if (!search || !search.text.trim()) return null;
  const source = search.mode === 'regex' ? search.text : search.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    const re = new RegExp(source, 'gi');
    return re.test('') ? null : re; // a pattern matching the empty string would mark nothing useful
  } catch {
    return null; // RE2 syntax JS does not know: no highlighting, the list still filters
  }
}

/** [text, isMatch] runs of `text`; concatenated they give `text` back. */
export function matchRuns(text: string, re: RegExp | null): [string, boolean][] {
  if (!re) return [[text, false]];
  const out: [string, boolean][] = [];
  let pos = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') { re.lastIndex++; continue; }
    if (m.index > pos) out.push([text.slice(pos, m.index), false]);
    out.push([m[0], true]);
    pos = m.index + m[0].length;
  }
  if (pos < text.length) out.push([text.slice(pos), false]);
  return out.length ? out : [[text, false]];
}
