// Starts the backend as an Electron utility process: the one place that calls `utilityProcess.fork`.
import { utilityProcess } from 'electron';
import type { BackendChild } from './backend-host.js';

/** Forks dist/electron/backend-process.cjs with the workspace home; messages go over its parentPort. */
export function forkBackend(entry: string, home: string): BackendChild {
  const proc = utilityProcess.fork(entry, [`--home=${home}`], { serviceName: 'Empathy Workbench backend', stdio: 'inherit' });
  return {
    port: {
      post: (m) => proc.postMessage(m),
      listen: (l) => {
        proc.on('message', l);
        return () => proc.off('message', l);
      },
    },
    kill: () => { proc.kill(); },
    onExit: (l) => { proc.on('exit', l); },
  };
}
