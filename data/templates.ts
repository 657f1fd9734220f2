// Tiny sentence templates: "It's okay to feel {feel}[ right now| after all this|]." A {slot} is filled
// from a per-scenario table; [a|b|] picks one alternative (possibly empty; alternatives may hold slots).

import type { Random } from './prng.js';

export type SlotTable = Readonly<Record<string, readonly string[]>>;

type Piece = string | { slot: string } | { choice: Template[] };

export interface Template {
  source: string;
  pieces: Piece[];
  /** False when the template already starts with a capital letter (skips a string copy per fill). */
  needsCapital?: boolean;
}

export function compileTemplate(source: string): Template {
  let i = 0;
  const parse = (stopAt: string): Piece[] => {
    const pieces: Piece[] = [];
    let text = '';
    const flush = () => {
      if (text) pieces.push(text);
      text = '';
    };
    while (i < source.length) {
      const ch = source[i]!;
      if (stopAt.includes(ch)) break;
      if (ch === '{') {
        const end = source.indexOf('}', i);
        if (end < 0) throw new Error(`unclosed { in "${source}"`);
        flush();
        pieces.push({ slot: source.slice(i + 1, end) });
        i = end + 1;
      } else if (ch === '[') {
        flush();
        i++;
        const options: Template[] = [];
        for (;;) {
          const start = i;
          const sub = parse('|]');
          options.push({ source: source.slice(start, i), pieces: sub });
          if (source[i] === '|') i++;
          else if (source[i] === ']') {
            i++;
            break;
          } else throw new Error(`unclosed [ in "${source}"`);
        }
        pieces.push({ choice: options });
      } else {
        text += ch;
        i++;
      }
    }
    flush();
    return pieces;
  };
  const pieces = parse('');
  const first = pieces[0];
  return { source, pieces, needsCapital: !(typeof first === 'string' && /^[A-Z]/.test(first)) };
}

function capitalise(s: string): string {
  const c = s.charCodeAt(0);
  if (c >= 65 && c <= 90) return s;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function renderRandom(t: Template, rng: Random, table: SlotTable): string {
  let out = '';
  for (const p of t.pieces) {
    if (typeof p === 'string') out += p;
    else if ('slot' in p) {
      const values = table[p.slot];
      if (!values || values.length === 0) throw new Error(`no values for slot {${p.slot}} in "${t.source}"`);
      out += values[rng.int(values.length)]!;
    } else out += renderRandom(p.choice[rng.int(p.choice.length)]!, rng, table);
  }
  return out;
}

/** Fill every slot and choice at random; the result starts with a capital letter. */
export function fillTemplate(t: Template, rng: Random, table: SlotTable): string {
  const text = renderRandom(t, rng, table);
  return t.needsCapital ? capitalise(text) : text;
}

/** Every slot name a template uses, choices included. */
export function templateSlots(t: Template): Set<string> {
  const out = new Set<string>();
  const walk = (pieces: Piece[]) => {
    for (const p of pieces) {
      if (typeof p === 'string') continue;
      if ('slot' in p) out.add(p.slot);
      else p.choice.forEach((o) => walk(o.pieces));
    }
  };
  walk(t.pieces);
  return out;
}

/**
 * Deterministic fill for tests: the k-th variant takes value (k + position) of each slot and choice,
 * so sweeping k over the largest list covers every value of every slot and every alternative.
 */
export function fillTemplateWith(t: Template, table: SlotTable, k: number): string {
  let n = 0;
  const render = (pieces: Piece[]): string => {
    let out = '';
    for (const p of pieces) {
      if (typeof p === 'string') out += p;
      else if ('slot' in p) {
        const values = table[p.slot] ?? [];
        if (values.length === 0) throw new Error(`no values for slot {${p.slot}} in "${t.source}"`);
        out += values[(k + n++) % values.length]!;
      } else {
        const option = p.choice[(k + n++) % p.choice.length]!;
        out += render(option.pieces);
      }
    }
    return out;
  };
  return capitalise(render(t.pieces));
}
