const SURROGATE = /[\ud800-\udfff]/;

/**
 * Sentence units of many messages as four growing integer columns — staged rowid, sentence index, first code
 * point (1-based) and length in code points — the form DuckDB's substring() takes. JS strings count UTF-16
 * units, so a message with characters outside the BMP (emoji) has its offsets recounted in code points.
 */
export class SpanBuffer {
  length = 0;
  private rid = new Int32Array(1 << 16);
  private index = new Int32Array(1 << 16);
  private start = new Int32Array(1 << 16);
  private len = new Int32Array(1 << 16);

  /** Adds `count` units of one message from `spans` ([start, end) UTF-16 pairs) beginning at spans[from]. */
  addMessage(rid: number, text: string, spans: ArrayLike<number>, from: number, count: number): void {
    if (this.length + count > this.rid.length) this.grow(this.length + count);
    const astral = count > 0 && SURROGATE.test(text);
    // Code points before `at`, carried from unit to unit: spans come in text order, so each part of the text is
    // counted once per message rather than once per unit (a long emoji message was quadratic in its units).
    let at = 0;
    let before = 0;
    for (let j = 0; j < count; j++) {
      let a = spans[from + 2 * j];
      let b = spans[from + 2 * j + 1];
      if (astral) {
        if (a < at) (at = 0), (before = 0);
        before += codePointsBetween(text, at, a);
        const inside = codePointsBetween(text, a, b);
        at = b;
        a = before;
        b = before + inside;
        before = b;
      }
      const n = this.length++;
      this.rid[n] = rid;
      this.index[n] = j;
      this.start[n] = a + 1;
      this.len[n] = b - a;
    }
  }

  /** rid, sentence_index, start, len: views of the filled part. */
  columns(): [Int32Array, Int32Array, Int32Array, Int32Array] {
    const n = this.length;
    return [this.rid.subarray(0, n), this.index.subarray(0, n), this.start.subarray(0, n), this.len.subarray(0, n)];
  }

  private grow(min: number): void {
    let size = this.rid.length * 2;
    while (size < min) size *= 2;
    const more = (a: Int32Array) => { const b = new Int32Array(size); b.set(a.subarray(0, this.length)); return b; };
    this.rid = more(this.rid);
    this.index = more(this.index);
    this.start = more(this.start);
    this.len = more(this.len);
  }
}

/** Code points in text[a, b): a surrogate pair counts once (text read from DuckDB is valid UTF-8: no lone surrogates). */
function codePointsBetween(text: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}
