// A small binary container for checkpoints and weights: "KSAE", a u32 header length, a JSON header padded to
// 4 bytes, then typed arrays back to back (their lengths are in the header). Little-endian as the platform.

const MAGIC = [0x4b, 0x53, 0x41, 0x45];

type Numeric = Float32Array | Int32Array;

export function pack(header: object, arrays: Numeric[]): Uint8Array {
  const kinds = arrays.map((a) => (a instanceof Float32Array ? 'f32' : 'i32'));
  const json = new TextEncoder().encode(JSON.stringify({ ...header, arrays: arrays.map((a, i) => [kinds[i], a.length]) }));
  const headLen = Math.ceil(json.length / 4) * 4;
  const total = 8 + headLen + arrays.reduce((s, a) => s + a.byteLength, 0);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, headLen, true);
  out.fill(0x20, 8, 8 + headLen);
  out.set(json, 8);
  let at = 8 + headLen;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

export class PackFormatError extends Error {}

export function unpack<H>(bytes: Uint8Array): { header: H; arrays: Numeric[] } {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new PackFormatError('not a kSAE checkpoint or weights blob');
  const headLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLen))) as H & { arrays: [string, number][] };
  // Copy into a fresh, aligned buffer: a BLOB read back from DuckDB may start at any offset.
  const body = bytes.slice(8 + headLen);
  let at = 0;
  const arrays = parsed.arrays.map(([kind, length]) => {
    const a = kind === 'f32' ? new Float32Array(body.buffer, at, length) : new Int32Array(body.buffer, at, length);
    at += length * 4;
    return a;
  });
  return { header: parsed, arrays };
}
