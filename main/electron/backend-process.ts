// Entry of the backend's Electron utility process (bundled to dist/electron/backend-process.cjs).
// DuckDB, imports, judge runs and analyses all run here, in a Node child of the main process, so a long
// query never freezes the window. It talks to the main process only through `process.parentPort`.
import { Backend } from '../backend.js';
import { serveBackend } from './backend-serve.js';
import type { Port } from './host-protocol.js';

/** Electron's parentPort as a protocol port (messages arrive wrapped in a MessageEvent). */
function parentPort(): Port {
  const pp = process.parentPort;
  if (!pp) throw new Error('backend-process must be started with utilityProcess.fork');
  return {
    post: (m) => pp.postMessage(m),
    listen: (l) => {
      const h = (e: { data: unknown }) => l(e.data);
      pp.on('message', h);
      return () => pp.off('message', h);
    },
  };
}

const homeArg = process.argv.find((a) => a.startsWith('--home='));
const home = homeArg ? homeArg.slice('--home='.length) : undefined;
const { backend } = serveBackend(parentPort(), (keyStore) => new Backend({ home, keyStore }));

// The main process kills this process on quit (SIGTERM); close DuckDB cleanly on the way out.
process.on('SIGTERM', () => {
  backend.close();
  process.exit(0);
});
