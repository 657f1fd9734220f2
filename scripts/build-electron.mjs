// Bundles the Electron main process and preload into CommonJS files beside the renderer build.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, logLevel: 'info' };
await build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', '@duckdb/*'] });
await build({ ...common, entryPoints: ['workers/sentences.worker.ts'], outfile: 'dist/electron/workers/sentences.worker.cjs' });
await build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
