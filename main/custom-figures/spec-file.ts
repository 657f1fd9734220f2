// Reading a figure spec file for `workbench figure`: errors name the file and then the field, or the line and column
// of a JSON syntax error (Node 20's JSON.parse says neither).
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CustomFigureSpecSchema, type CustomFigureSpec } from '../api/contract/custom-figures.js';
import { UserError } from '../domain/errors.js';

/** Offset of the first character that breaks JSON's grammar, or null when the text is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const fail = (): never => { throw i; };
  const literal = (word: string) => { if (text.startsWith(word, i)) i += word.length; else fail(); };
  const string = () => {
    if (text[i] !== '"') fail();
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') { i++; if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail(); i += 4; } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail(); }
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) { ws(); string(); ws(); if (text[i] !== ':') fail(); i++; value(); ws(); if (text[i] === ',') { i++; continue; } if (text[i] === '}') { i++; return; } fail(); }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) { value(); ws(); if (text[i] === ',') { i++; continue; } if (text[i] === ']') { i++; return; } fail(); }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (at) {
    return at as number;
  }
}

/** "line L, column C" of an offset (both from 1). */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** Reads and checks a spec file; a missing file, bad JSON or a bad field is a UserError naming the file. */
export function readSpecFile(path: string): CustomFigureSpec {
  const name = basename(path);
  if (!existsSync(path)) throw new UserError(`${name}: no such spec file`, 'not-found');
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const at = jsonErrorOffset(text);
    throw new UserError(`${name}: not valid JSON${at === null ? '' : ` at ${lineColumn(text, at)}`}`, 'invalid-spec');
  }
  const parsed = CustomFigureSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 8).map((i) => `  ${i.path.length ? i.path.map(String).join('.') : '(the spec)'}: ${i.message}`);
    throw new UserError(`${name}: the figure spec is not valid:\n${lines.join('\n')}`, 'invalid-spec');
  }
  return parsed.data;
}
