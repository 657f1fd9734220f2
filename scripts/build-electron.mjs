// Bundles the Electron main process, the backend's utility process, the preload and the workers into
// CommonJS files beside the renderer build (dist/electron/*.cjs next to dist/renderer/).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, logLevel: 'info' };
// DuckDB's native binding is loaded at run time from node_modules (unpacked from the asar); electron is the runtime.
const external = ['electron', '@duckdb/*'];

// The main process holds no backend code: it forwards calls to the utility process.
await build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron/main.cjs', external });
// The utility process: Backend, DuckDB, jobs, analyses.
await build({ ...common, entryPoints: ['main/electron/backend-process.ts'], outfile: 'dist/electron/backend-process.cjs', external });
await build({ ...common, entryPoints: ['workers/sentences.worker.ts'], outfile: 'dist/electron/workers/sentences.worker.cjs' });
await build({ ...common, entryPoints: ['workers/embeddings.worker.ts'], outfile: 'dist/electron/workers/embeddings.worker.cjs' });
// Analysis fits (effects and contrasts today), off the thread that serves the UI.
await build({ ...common, entryPoints: ['workers/analysis.worker.ts'], outfile: 'dist/electron/workers/analysis.worker.cjs' });
await build({ ...common, entryPoints: ['workers/umap.worker.ts'], outfile: 'dist/electron/workers/umap.worker.cjs', external: ['onnxruntime-node'] });
// kSAE training: ONNX Runtime's native binding (its GEMM) stays in node_modules, like DuckDB's; without it the worker uses its JS kernel.
await build({ ...common, entryPoints: ['workers/ksae.worker.ts'], outfile: 'dist/electron/workers/ksae.worker.cjs', external: ['onnxruntime-node'] });
// The sandboxed preload may only require 'electron': everything else is bundled in.
await build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
