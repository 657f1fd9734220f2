export interface TextPart { text: string; sentence: number | null }

/**
 * Splits a message into the stored sentence units (found in order) and the text between them, so the
 * original text is kept exactly: concatenating the parts gives the message back.
 */
export function sentenceParts(text: string, sentences: string[]): TextPart[] {
  const parts: TextPart[] = [];
  let pos = 0;
  let n = 0;
  for (const s of sentences) {
    if (!s) continue;
    const at = text.indexOf(s, pos);
    if (at < 0) continue;
    if (at > pos) parts.push({ text: text.slice(pos, at), sentence: null });
    parts.push({ text: s, sentence: n++ });
    pos = at + s.length;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), sentence: null });
  return parts;
}
