// The one dense product of kSAE training, Y = A·Bᵀ + c (A rows×inner, B cols×inner, c per column, all
// row-major Float32Array), behind one interface: ONNX Runtime's CPU GEMM when its native binding loads,
// else a blocked JS kernel. Both sum each output in one fixed order per kernel, so a run is reproducible on
// one machine with one kernel; the two kernels agree to float tolerance, not bit for bit.
import { gemmNtModel } from './onnx-graph.js';

export interface Gemm {
  /** 'onnxruntime' or 'js' (what the bench and the job's progress report). */
  readonly kind: 'onnxruntime' | 'js';
  /** Y[r, c] = Σ_i A[r, i]·B[c, i] + bias[c]. */
  nt(a: Float32Array, b: Float32Array, bias: Float32Array, rows: number, inner: number, cols: number): Promise<Float32Array>;
  release(): Promise<void>;
}

export const GEMM_DEFAULTS = {
  /** ONNX Runtime intra-op threads: the measurements used 2 (the target machines have 2 cores). */
  threads: 2,
};

/** Rows of B kept hot while a block of A's rows streams past them. */
const BLOCK_COLS = 16;

/** The pure-JS fallback: dot products of contiguous rows, 4-way unrolled, blocked over B's rows. */
export const jsGemm: Gemm = {
  kind: 'js',
  async nt(a, b, bias, rows, inner, cols) {
    const y = new Float32Array(rows * cols);
    for (let c0 = 0; c0 < cols; c0 += BLOCK_COLS) {
      const c1 = Math.min(cols, c0 + BLOCK_COLS);
      for (let r = 0; r < rows; r++) {
        const ar = r * inner;
        for (let c = c0; c < c1; c++) {
          const bc = c * inner;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          let i = 0;
          for (; i + 3 < inner; i += 4) {
            s0 += a[ar + i] * b[bc + i];
            s1 += a[ar + i + 1] * b[bc + i + 1];
            s2 += a[ar + i + 2] * b[bc + i + 2];
            s3 += a[ar + i + 3] * b[bc + i + 3];
          }
          for (; i < inner; i++) s0 += a[ar + i] * b[bc + i];
          y[r * cols + c] = s0 + s1 + (s2 + s3) + bias[c];
        }
      }
    }
    return y;
  },
  async release() {},
};

/** ONNX Runtime's GEMM through a one-node Gemm graph; null when the native binding cannot load here. */
export async function onnxGemm(threads = GEMM_DEFAULTS.threads): Promise<Gemm | null> {
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch {
    return null;
  }
  const session = await ort.InferenceSession.create(gemmNtModel(), {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  return {
    kind: 'onnxruntime',
    async nt(a, b, bias, rows, inner, cols) {
      const out = await session.run({
        A: new ort.Tensor('float32', a.subarray(0, rows * inner), [rows, inner]),
        B: new ort.Tensor('float32', b.subarray(0, cols * inner), [cols, inner]),
        C: new ort.Tensor('float32', bias.subarray(0, cols), [cols]),
      });
      return out.Y.data as Float32Array;
    },
    release: () => session.release(),
  };
}

/** The fastest kernel available: ONNX Runtime unless `prefer` is 'js' or it cannot load. */
export async function loadGemm(prefer: 'auto' | 'js' = 'auto'): Promise<Gemm> {
  if (prefer === 'js') return jsGemm;
  return (await onnxGemm().catch(() => null)) ?? jsGemm;
}
