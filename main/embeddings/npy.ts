// NumPy .npy files (format versions 1-3): a 2-D float32 or float64 matrix in C order, read into a Float32Array.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { UserError } from '../domain/errors.js';

export interface NpyHeader { dtype: 'f4' | 'f8'; rows: number; cols: number; dataOffset: number }

/** `size`: the whole file's length when `buf` holds only its start (default: buf is the whole file). */
export function parseNpyHeader(buf: Uint8Array, file: string, size = buf.length): NpyHeader {
  const bad = (why: string) => new UserError(`${file}: not a usable .npy matrix (${why})`, 'import-error');
  if (buf.length < 10 || buf[0] !== 0x93 || String.fromCharCode(...buf.subarray(1, 6)) !== 'NUMPY') throw bad('no NUMPY magic');
  const major = buf[6];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (![1, 2, 3].includes(major) || start + headerLen > buf.length) throw bad(`format version ${major}`);
  const header = new TextDecoder().decode(buf.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shape === undefined) throw bad('header without descr, fortran_order or shape');
  if (fortran === 'True') throw bad('Fortran order; save it with np.ascontiguousarray');
  const dtype = descr === '<f4' || descr === '=f4' ? 'f4' : descr === '<f8' || descr === '=f8' ? 'f8' : null;
  if (!dtype) throw bad(`dtype ${descr}; use little-endian float32 or float64`);
  const dims = shape.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (dims.length !== 2 || !dims.every((x) => Number.isSafeInteger(x) && x >= 0)) throw bad(`shape (${shape}); expected 2-D (sentences, dimensions)`);
  const dataOffset = start + headerLen;
  const need = dims[0] * dims[1] * (dtype === 'f4' ? 4 : 8);
  if (size - dataOffset < need) throw bad(`${size - dataOffset} data bytes for shape (${dims[0]}, ${dims[1]})`);
  return { dtype, rows: dims[0], cols: dims[1], dataOffset };
}

/** The header only, reading the file's first bytes. */
export function readNpyHeader(file: string): NpyHeader {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(65_536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return parseNpyHeader(buf.subarray(0, n), file, statSync(file).size);
  } finally {
    closeSync(fd);
  }
}

export function readNpy(file: string): { rows: number; cols: number; data: Float32Array } {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    throw new UserError(`Cannot read ${file}`, 'import-error');
  }
  const h = parseNpyHeader(buf, file);
  const n = h.rows * h.cols;
  const bytes = buf.subarray(h.dataOffset, h.dataOffset + n * (h.dtype === 'f4' ? 4 : 8));
  // Copy to an aligned buffer first: the data offset need not be a multiple of 4 or 8.
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  const data = h.dtype === 'f4' ? new Float32Array(aligned.buffer) : Float32Array.from(new Float64Array(aligned.buffer));
  return { rows: h.rows, cols: h.cols, data };
}
