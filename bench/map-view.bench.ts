// The map view's frame time while panning (issue 10): the renderer's PointCloud (regl-scatterplot) with 300,000
// seeded clustered points, full window, in headless Chromium without a GPU (WebGL through SwiftShader, as the e2e
// tests run it). While the mouse drags the map in small steps: 'view' = the interval between successive views drawn
// (what panning looks like), 'rAF' = the interval between animation frames (the page's responsiveness).
// Two variants, alternated round by round in one run: 'full' (every point at full resolution while moving, the
// anchor) and 'lod' (renderer/map/motion.ts: a stratified subsample at a lower resolution while moving, the full set
// once the view settles). 'settle' is the longest frame in the second after the mouse is released (the full redraw).
// Comparison of record: npx tsx bench/map-view.bench.ts --rounds 2 --seconds 4
// Usage: npx tsx bench/map-view.bench.ts [--n 300000] [--seconds 4] [--rounds 2] [--variants full,lod]
//        [--width 1400] [--height 900] [--fast] [--lod-sample 30000] [--lod-scale 0.5]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { launchChromium } from '../tests/helpers/chromium.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '300000' }, seconds: { type: 'string', default: '4' },
  width: { type: 'string', default: '1400' }, height: { type: 'string', default: '900' }, fast: { type: 'boolean' },
  rounds: { type: 'string', default: '2' }, variants: { type: 'string', default: 'full,lod' },
  'lod-sample': { type: 'string' }, 'lod-scale': { type: 'string' },
} });
const [n, seconds, width, height] = [Number(values.n), Number(values.seconds), Number(values.width), Number(values.height)];
const out = resolve(import.meta.dirname, '.tmp', 'map-view');
mkdirSync(out, { recursive: true });
const log = (s: string) => process.stdout.write(s + '\n');

await build({
  entryPoints: [join(import.meta.dirname, 'map-view', 'entry.tsx')], bundle: true, format: 'iife', minify: true,
  outfile: join(out, 'bench.js'), jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
});
writeFileSync(join(out, 'index.html'), '<!doctype html><html><head><link rel="stylesheet" href="bench.css"></head><body style="margin:0"><div id="root"></div><script src="bench.js"></script></body></html>');

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function measure(browser: Awaited<ReturnType<typeof launchChromium>>, variant: string) {
  const page = await browser.newPage({ viewport: { width, height } });
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const params = new URLSearchParams({ n: String(n), fast: values.fast ? '1' : '0', lod: variant === 'lod' ? '1' : '0' });
    if (values['lod-sample']) params.set('lodSample', values['lod-sample']);
    if (values['lod-scale']) params.set('lodScale', values['lod-scale']);
    const t0 = performance.now();
    await page.goto(`file://${join(out, 'index.html')}?${params}`);
    await page.waitForFunction(() => !!window.__bench, undefined, { timeout: 120_000, polling: 50 });
    const firstFrame = (performance.now() - t0) / 1000;
    await page.waitForTimeout(1000);
    // Record every animation frame's timestamp while the mouse pans back and forth across the map.
    // (Scripts as strings: tsx would wrap named functions in a helper the page does not have.)
    const startRecording = `(() => {
      window.__views = [];
      window.__frames = [];
      window.__rec = true;
      const tick = (t) => {
        window.__frames.push(t);
        if (window.__rec) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`;
    const stopRecording = '(() => { window.__rec = false; return window.__frames; })()';
    await page.evaluate(startRecording);
    const t1 = performance.now();
    const end = t1 + seconds * 1000;
    const [cx, cy] = [width / 2, height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    let dir = 1;
    while (performance.now() < end) {
      await page.mouse.move(cx + dir * 200, cy + dir * 80, { steps: 40 });
      dir = -dir;
    }
    const panned = (performance.now() - t1) / 1000;
    const frames = await page.evaluate<number[]>(stopRecording);
    const views = await page.evaluate<number[]>('window.__views');
    await page.evaluate(startRecording);
    await page.mouse.up();
    await page.waitForTimeout(1500);
    const after = await page.evaluate<number[]>(stopRecording);
    const intervals = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]).sort((a, b) => a - b);
    const dt = intervals(frames);
    const dv = intervals(views);
    const settle = Math.max(0, ...after.slice(1).map((t, i) => t - after[i]));
    return {
      firstFrame, panned, settle, errors, frames: dt.length, views: dv.length,
      median: quantile(dt, 0.5), p95: quantile(dt, 0.95), mean: dt.reduce((a, b) => a + b, 0) / dt.length,
      viewMedian: quantile(dv, 0.5), viewP95: quantile(dv, 0.95),
    };
  } finally {
    await page.close();
  }
}

const browser = await launchChromium();
try {
  const probe = await browser.newPage();
  const renderer = await probe.evaluate<string>(`(() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const dbg = gl && gl.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(dbg ? dbg.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no WebGL';
  })()`);
  await probe.close();
  log(`map view bench: ${n.toLocaleString('en-US')} points${values.fast ? ' (performance mode)' : ''}, ${width}×${height}, ${renderer}, ${cpus().length} CPUs`);
  const variants = values.variants.split(',');
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const variant of variants) {
      const r = await measure(browser, variant);
      log(`round ${round} ${variant.padEnd(4)}: first frame ${r.firstFrame.toFixed(2)} s; panning ${r.panned.toFixed(1)} s: ${r.views} views, view interval median ${r.viewMedian.toFixed(0)} ms, p95 ${r.viewP95.toFixed(0)} ms; rAF median ${r.median.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, mean ${r.mean.toFixed(0)} ms (${(1000 / r.mean).toFixed(1)} fps); settle ${r.settle.toFixed(0)} ms; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      if (r.errors.length) log(`page errors: ${r.errors.join('; ')}`);
    }
  }
} finally {
  await browser.close();
}
