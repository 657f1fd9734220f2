import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CSP } from './main/electron/csp.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The renderer: built into dist/renderer and loaded by Electron over file:// (hence the relative base)
// or served by `workbench serve` in browser mode. `vite` alone runs a dev server that forwards /api to
// a backend started with `workbench serve --port 5199`.
// A strict Content-Security-Policy for the built app only (the dev server needs inline scripts and websockets).
function contentSecurityPolicy(): Plugin {
  return {
    name: 'workbench-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // The CSP meta, and no `crossorigin` on the bundle tags: over file:// (Electron) there is no origin to
      // share credentials with, and some Electron versions refuse such module scripts.
      handler: (html) => html
        .replace(/\s+crossorigin(?=[\s>])/g, '')
        .replace(/<meta charset="utf-8" \/>/, `$&\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
    },
  };
}

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      // The backend refuses foreign Origins (403); the dev page's Origin is localhost:5173, so the proxy
      // drops it. Open http://localhost:5173/?token=<the token \`workbench serve\` printed>.
      '/api': { target: 'http://127.0.0.1:5199', changeOrigin: true, configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')) },
    },
  },
});
