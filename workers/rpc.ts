import { parentPort, Worker, type Transferable } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// A small typed RPC over worker_threads: {id, method, args} -> {id, result} | {id, error}.
// Worker methods may return `transfer(value, buffers)` so typed arrays move instead of being copied.

type Api = Record<string, (...args: any[]) => unknown>;
type Unwrap<T> = T extends Transfer<infer V> ? V : T;
interface Transfer<V> { __transfer: true; value: V; buffers: Movable[] }
/** What may be moved: a typed array's `.buffer` is typed ArrayBufferLike, and is an ArrayBuffer at run time. */
type Movable = Transferable | ArrayBufferLike;

export function transfer<V>(value: V, buffers: Movable[]): Transfer<V> {
  return { __transfer: true, value, buffers };
}

/** Inside a worker: serve the methods of `api` to the parent. */
export function exposeWorker(api: Api): void {
  if (!parentPort) throw new Error('exposeWorker must run inside a worker thread');
  const port = parentPort;
  port.on('message', async (msg: { id: number; method: string; args: unknown[] }) => {
    try {
      const fn = api[msg.method];
      if (!fn) throw new Error(`worker has no method ${msg.method}`);
      const out = await fn(...msg.args);
      if (out && typeof out === 'object' && (out as Transfer<unknown>).__transfer) {
        const t = out as Transfer<unknown>;
        port.postMessage({ id: msg.id, result: t.value }, t.buffers as never);
      } else port.postMessage({ id: msg.id, result: out });
    } catch (e) {
      port.postMessage({ id: msg.id, error: (e as Error).message ?? String(e) });
    }
  });
}

const here = typeof __filename !== 'undefined' ? dirname(__filename) : dirname(fileURLToPath(import.meta.url));
declare const __filename: string;

/**
 * Where a worker's code is: the bundled `<name>.worker.cjs` beside the Electron build, or the
 * TypeScript source run through tsx's loader (CLI, tests, browser mode).
 */
function resolveWorker(name: string): { file: string; workerData?: unknown } {
  const bundled = join(here, 'workers', `${name}.worker.cjs`);
  if (existsSync(bundled)) return { file: bundled };
  const source = join(here, `${name}.worker.ts`);
  return { file: join(here, 'tsx-bootstrap.mjs'), workerData: { entry: source } };
}

/** The parent's handle on one worker, typed by the worker module's API. */
export class WorkerProxy<T extends Api> {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, { ok: (v: any) => void; fail: (e: Error) => void }>();
  busy = 0;

  constructor(name: string) {
    const { file, workerData } = resolveWorker(name);
    this.worker = new Worker(file, { workerData });
    this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      this.busy--;
      if (m.error !== undefined) p.fail(new Error(m.error));
      else p.ok(m.result);
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`worker ${name} exited with code ${code}`)));
  }

  call<K extends keyof T & string>(method: K, args: Parameters<T[K]>, buffers: Movable[] = []): Promise<Unwrap<Awaited<ReturnType<T[K]>>>> {
    const id = this.next++;
    this.busy++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      this.worker.postMessage({ id, method, args }, buffers as never);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  /** Whether the worker keeps the process alive: a long-lived worker is unref'd while idle, so a CLI can exit. */
  keepAlive(on: boolean): void {
    if (on) this.worker.ref();
    else this.worker.unref();
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.fail(e);
    this.pending.clear();
  }
}

/** A fixed set of identical workers; each call goes to the least busy one. */
export class WorkerPool<T extends Api> {
  private readonly workers: WorkerProxy<T>[];

  constructor(name: string, size: number) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new WorkerProxy<T>(name));
  }

  get size(): number {
    return this.workers.length;
  }

  call<K extends keyof T & string>(method: K, args: Parameters<T[K]>, buffers: Movable[] = []) {
    const w = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    return w.call(method, args, buffers);
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
