// The map view's frame time while panning (issue 10): the renderer's PointCloud (regl-scatterplot) with 300,000
// seeded clustered points, full window, in headless Chromium without a GPU (WebGL through SwiftShader, as the e2e
// tests run it). Frame time = the interval between animation frames while the mouse drags the map in small steps.
// Usage: npx tsx bench/map-view.bench.ts [--n 300000] [--seconds 6] [--width 1400] [--height 900] [--fast]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { launchChromium } from '../tests/helpers/chromium.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '300000' }, seconds: { type: 'string', default: '6' },
  width: { type: 'string', default: '1400' }, height: { type: 'string', default: '900' }, fast: { type: 'boolean' },
} });
const [n, seconds, width, height] = [Number(values.n), Number(values.seconds), Number(values.width), Number(values.height)];
const out = resolve(import.meta.dirname, '.tmp', 'map-view');
mkdirSync(out, { recursive: true });
const log = (s: string) => process.stdout.write(s + '\n');

await build({
  entryPoints: [join(import.meta.dirname, 'map-view', 'entry.tsx')], bundle: true, format: 'iife', minify: true,
  outfile: join(out, 'bench.js'), jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
});
writeFileSync(join(out, 'index.html'), '<!doctype html><html><body style="margin:0"><div id="root"></div><script src="bench.js"></script></body></html>');

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t0 = performance.now();
  await page.goto(`file://${join(out, 'index.html')}?n=${n}&fast=${values.fast ? 1 : 0}`);
  await page.waitForFunction(() => !!window.__bench, undefined, { timeout: 120_000, polling: 50 });
  const firstFrame = (performance.now() - t0) / 1000;
  const { drawnMs } = await page.evaluate(() => window.__bench!);
  // Scripts as strings: tsx would wrap named functions in a helper the page does not have.
  const renderer = await page.evaluate<string>(`(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const dbg = gl && gl.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no WebGL';
  })()`);
  await page.waitForTimeout(1000);

  // Record every animation frame's timestamp while the mouse pans back and forth across the map.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__rec = true;
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__rec) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const end = performance.now() + seconds * 1000;
  const [cx, cy] = [width / 2, height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  let dir = 1;
  while (performance.now() < end) {
    await page.mouse.move(cx + dir * 200, cy + dir * 80, { steps: 40 });
    dir = -dir;
  }
  await page.mouse.up();
  const frames = await page.evaluate<number[]>('(() => { window.__rec = false; return window.__frames; })()');
  const dt = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const q = (p: number) => dt[Math.min(dt.length - 1, Math.floor(p * dt.length))];
  const mean = dt.reduce((a, b) => a + b, 0) / dt.length;
  log(`map view bench: ${n.toLocaleString('en-US')} points${values.fast ? ' (performance mode)' : ''}, ${width}×${height}, ${renderer}, ${cpus().length} CPUs`);
  log(`first frame: ${firstFrame.toFixed(2)} s after navigation (${(drawnMs / 1000).toFixed(2)} s from page script start, incl. generating the points)`);
  log(`panning ${seconds} s: ${dt.length} frames, frame time median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, mean ${mean.toFixed(1)} ms (${(1000 / mean).toFixed(1)} fps)`);
  if (errors.length) log(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
}
