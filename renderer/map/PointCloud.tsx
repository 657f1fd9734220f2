// The WebGL point cloud: a thin React wrapper around regl-scatterplot. Created on mount, destroyed on unmount;
// positions arrive already in [-1, 1]; colour is an index per point into `colors`. Selection is controlled: the
// parent owns it, the plot reports lasso / box / click selections through onSelect. With many points, a moving view
// draws a stratified subsample at a lower resolution (motion.ts) and the full set once it settles.
import createScatterplot from 'regl-scatterplot';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { GREY } from './encoding.js';
import { DEFAULT_MOTION_LOD, scaleDevicePixelRatio, stratifiedSample, unionSorted, type MotionLod } from './motion.js';
import { linearScale, type LinearScale } from './scale.js';

type Scatterplot = ReturnType<typeof createScatterplot>;
type ScaleOption = NonNullable<Parameters<typeof createScatterplot>[0]>['xScale'];

/** 'pan': drag pans (Shift-drag still lassos); 'lasso': drag draws a freeform lasso; 'box': drag draws a rectangle. */
export type PointerMode = 'pan' | 'lasso' | 'box';

/** Where normalised space sits on screen now: `toScreen` maps [-1, 1] coordinates to CSS pixels of the canvas. */
export interface ViewInfo { toScreen: (x: number, y: number) => [number, number]; width: number; height: number; version: number }

export interface PointCloudHandle {
  /** The canvas as PNG (white background); `under` draws below the points (contours), `paint` over them (labels), in canvas pixels at `scale`. */
  toPng(paint?: (ctx: CanvasRenderingContext2D, scale: number) => void, under?: (ctx: CanvasRenderingContext2D, scale: number) => void): Promise<Blob>;
  /** CSS pixels of point i inside the canvas, or null when it is not drawn. */
  screenPosition(i: number): [number, number] | null;
  resetView(): void;
}

export interface PointCloudProps {
  x: Float32Array;
  y: Float32Array;
  /** Colour index per point (integers); null: every point in colors[0]. */
  values: Float32Array | null;
  colors: string[];
  /** Indices to draw; null: all. */
  shown: number[] | null;
  selection: number[];
  mode: PointerMode;
  onSelect: (indices: number[]) => void;
  onHover?: (index: number | null) => void;
  onView?: (view: ViewInfo) => void;
  /** Drawn with a short transition (a running projection's frames). */
  animate?: boolean;
  pointSize?: number;
  /** Squares without alpha blending (regl-scatterplot's performanceMode); read once, when the plot is created. */
  fast?: boolean;
  /** Level of detail while the view moves (read once, when the plot is created); null: always the full set. */
  lod?: MotionLod | null;
  handle?: Ref<PointCloudHandle>;
}

const DEFAULT_POINT_SIZE = 3;
const TRANSITION_MS = 250;

function sameIndices(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((i) => s.has(i));
}

export function PointCloud(props: PointCloudProps) {
  const { x, y, values, colors, shown, selection, mode, animate = false, pointSize = DEFAULT_POINT_SIZE } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const plotRef = useRef<Scatterplot | null>(null);
  const scalesRef = useRef<[LinearScale, LinearScale] | null>(null);
  // Every call into the plot runs after the previous one settled: filter/select before the first draw would throw.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const drawn = useRef(0);
  const cb = useRef(props);
  cb.current = props;
  // While moving: the subsample of the shown points (cached per x / shown) that the plot is filtered to.
  const moving = useRef(false);
  const settleNow = useRef<() => void>(() => {});
  const sample = useRef<{ x: Float32Array; shown: number[] | null; indices: number[] } | null>(null);
  const motionSet = () => {
    const { x: px, y: py, shown: ps, selection: sel, lod } = cb.current;
    const s = sample.current;
    if (!s || s.x !== px || s.shown !== ps) sample.current = { x: px, shown: ps, indices: stratifiedSample(px, py, ps, (lod ?? DEFAULT_MOTION_LOD).sample) };
    // The selection stays drawn (and selected: filtering drops selected points it does not keep).
    return unionSorted(sample.current!.indices, sel);
  };
  const applyFilter = async (p: Scatterplot) => {
    const ps = cb.current.shown;
    if (moving.current) await p.filter(motionSet(), { preventEvent: true });
    else if (ps) await p.filter(ps, { preventEvent: true });
    else await p.unfilter({ preventEvent: true });
  };
  const run = (op: (p: Scatterplot) => unknown) => {
    queue.current = queue.current.then(() => {
      const p = plotRef.current;
      return p && !p.get('isDestroyed') ? op(p) : undefined;
    }).catch((e: unknown) => console.warn('map view:', e));
    return queue.current;
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    const host = hostRef.current;
    if (!canvas || !host) return;
    const { width, height } = host.getBoundingClientRect();
    const xs = linearScale([-1, 1]);
    const ys = linearScale([-1, 1]);
    scalesRef.current = [xs, ys];
    const plot = createScatterplot({
      canvas,
      width: Math.max(1, Math.floor(width)),
      height: Math.max(1, Math.floor(height)),
      pointSize,
      backgroundColor: '#ffffff',
      lassoColor: '#2b59c3',
      lassoMinDelay: 0,
      lassoMinDist: 2,
      pointColorHover: '#1d2530',
      // Escape and L are the page's keys (useMapKeys), so they also work when the canvas has no focus.
      deselectOnEscape: false,
      // A double-click opens the point under the mouse (MapView), so it must not also drop the selection.
      deselectOnDblClick: false,
      performanceMode: props.fast ?? false,
      xScale: xs as unknown as ScaleOption,
      yScale: ys as unknown as ScaleOption,
    });
    plotRef.current = plot;
    const lod = props.lod === undefined ? DEFAULT_MOTION_LOD : props.lod;
    let restoreDpr: (() => void) | null = null;
    let settleTimer = 0;
    let buttons = false;
    // Canvas resolution follows window.devicePixelRatio: re-size both of regl-scatterplot's canvases to it.
    const resolution = (p: Scatterplot) => {
      const r = p.get('renderer');
      r.resize();
      r.refresh();
      return p.set({ width: p.get('width'), height: p.get('height') });
    };
    const settle = () => {
      clearTimeout(settleTimer);
      if (!moving.current) return;
      moving.current = false;
      host.dataset.lod = 'full';
      void run(async (p) => {
        restoreDpr?.();
        restoreDpr = null;
        await resolution(p);
        await applyFilter(p);
        const keep = cb.current.selection;
        if (!sameIndices(p.get('selectedPoints'), keep)) {
          if (keep.length) p.select(keep, { preventEvent: true });
          else p.deselect({ preventEvent: true });
        }
      });
    };
    settleNow.current = settle;
    const scheduleSettle = () => {
      clearTimeout(settleTimer);
      if (!buttons && lod) settleTimer = window.setTimeout(settle, lod.settleMs);
    };
    const onMotion = () => {
      if (!lod || !drawn.current) return;
      if (!moving.current) {
        if ((cb.current.shown?.length ?? cb.current.x.length) <= lod.above) return;
        moving.current = true;
        host.dataset.lod = 'sample';
        void run(async (p) => {
          if (!moving.current) return;
          restoreDpr = scaleDevicePixelRatio(lod.scale);
          await resolution(p);
          await applyFilter(p);
        });
      }
      scheduleSettle();
    };
    // A held button (a pan in progress) keeps the subsample; the full set is drawn once it is released and quiet.
    const down = () => { buttons = true; clearTimeout(settleTimer); };
    const up = () => {
      if (!buttons) return;
      buttons = false;
      if (moving.current) scheduleSettle();
    };
    host.addEventListener('pointerdown', down);
    window.addEventListener('pointerup', up);
    host.dataset.lod = 'full';
    let frame = 0;
    let version = 0;
    // Every redraw (a hover highlight too) publishes 'draw'; only a moved camera or a resize is a new view.
    let last = '';
    const emitView = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const h = hostRef.current;
        if (!h) return;
        const [sx, sy] = [xs.domain(), ys.domain()];
        const r = h.getBoundingClientRect();
        const key = `${sx.join(',')};${sy.join(',')};${r.width}x${r.height}`;
        if (key === last) return;
        last = key;
        h.dataset.xDomain = sx.map((v) => v.toFixed(6)).join(',');
        h.dataset.yDomain = sy.map((v) => v.toFixed(6)).join(',');
        cb.current.onView?.({ toScreen: (px, py) => [xs(px), ys(py)], width: r.width, height: r.height, version: ++version });
      });
    };
    const subs = [
      plot.subscribe('select', ({ points }: { points: number[] }) => cb.current.onSelect([...points])),
      plot.subscribe('deselect', () => cb.current.onSelect([])),
      plot.subscribe('pointOver', (i: number) => cb.current.onHover?.(i)),
      plot.subscribe('pointOut', () => cb.current.onHover?.(null)),
      plot.subscribe('view', emitView),
      plot.subscribe('draw', emitView),
      plot.subscribe('view', onMotion),
      // A lasso acts on every point: the full set is back before it ends.
      plot.subscribe('lassoStart', settle),
    ];
    const resize = new ResizeObserver(() => {
      const r = host.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return;
      // regl-scatterplot updates its scales' domains for a new size before it updates the aspect ratio, and only a
      // camera change refreshes them; re-applying the same camera view does, so labels and contours (which read the
      // scales) follow a resize, e.g. when the selection panel closes.
      // (The camera change publishes 'view', which emits the new view.)
      void plot.set({ width: Math.floor(r.width), height: Math.floor(r.height) }).then(() => plot.view(plot.get('cameraView')));
    });
    resize.observe(host);
    return () => {
      resize.disconnect();
      cancelAnimationFrame(frame);
      clearTimeout(settleTimer);
      host.removeEventListener('pointerdown', down);
      window.removeEventListener('pointerup', up);
      restoreDpr?.();
      moving.current = false;
      for (const s of subs) plot.unsubscribe(s);
      plotRef.current = null;
      drawn.current = 0;
      plot.destroy();
    };
  }, []); // one plot per mount

  useEffect(() => {
    const transition = animate && drawn.current === x.length && x.length > 0;
    const z = values ?? new Float32Array(x.length);
    void run(async (p) => {
      await p.draw({ x, y, valueA: z }, { zDataType: 'categorical', transition, transitionDuration: TRANSITION_MS, preventFilterReset: transition });
      // New colours for the same points (recoloured after "code these") keep the selection the parent still holds.
      const keep = cb.current.selection;
      if (keep.length && drawn.current === x.length && !sameIndices(p.get('selectedPoints'), keep)) p.select(keep, { preventEvent: true });
      drawn.current = x.length;
    });
  }, [x, y, values, animate]);

  const hasSelection = selection.length > 0;
  useEffect(() => {
    // With a selection, every point is grey and the selected ones are drawn again in their own colour (the
    // "active" colours), so the rest stays visible as context.
    const base = hasSelection ? colors.map(() => GREY) : colors;
    void run((p) => p.set({ colorBy: 'valueA', pointColor: base, pointColorActive: colors, pointColorHover: colors }));
  }, [colors, hasSelection]);

  useEffect(() => {
    void run(async (p) => {
      await applyFilter(p);
      if (moving.current) return;
      // Filtering drops hidden points from the selection; the parent hears of it.
      const now = p.get('selectedPoints');
      if (!sameIndices(now, cb.current.selection)) cb.current.onSelect([...now]);
    });
  }, [shown, x]);

  useEffect(() => {
    void run(async (p) => {
      // While moving the plot is filtered to the subsample; the selection joins it (settling restores the full set).
      if (moving.current) await applyFilter(p);
      if (sameIndices(p.get('selectedPoints'), selection)) return;
      if (selection.length) p.select(selection, { preventEvent: true });
      else p.deselect({ preventEvent: true });
    });
  }, [selection, x]);

  useEffect(() => {
    void run((p) => p.set({ mouseMode: mode === 'pan' ? 'panZoom' : 'lasso', lassoType: mode === 'box' ? 'rectangle' : 'freeform' }));
  }, [mode]);

  useEffect(() => {
    void run((p) => p.set({ pointSize }));
  }, [pointSize]);

  useImperativeHandle(props.handle, () => ({
    async toPng(paint, under) {
      settleNow.current();
      await queue.current;
      const p = plotRef.current;
      const canvas = canvasRef.current;
      if (!p || !canvas) throw new Error('The map is not drawn yet');
      const image = p.export(undefined);
      const out = document.createElement('canvas');
      out.width = image.width;
      out.height = image.height;
      const ctx = out.getContext('2d');
      if (!ctx) throw new Error('No canvas 2D context');
      const layer = document.createElement('canvas');
      layer.width = image.width;
      layer.height = image.height;
      layer.getContext('2d')?.putImageData(image, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, out.width, out.height);
      const scale = image.width / Math.max(1, canvas.getBoundingClientRect().width);
      under?.(ctx, scale);
      ctx.drawImage(layer, 0, 0);
      paint?.(ctx, scale);
      const blob = await new Promise<Blob | null>((ok) => out.toBlob(ok, 'image/png'));
      if (!blob) throw new Error('The browser could not encode the PNG');
      return blob;
    },
    screenPosition(i) {
      const p = plotRef.current;
      if (!p || !drawn.current) return null;
      return p.getScreenPosition(i) ?? null;
    },
    resetView() {
      void run((p) => p.reset());
    },
  }), []);

  return (
    <div className="map-canvas-host" ref={hostRef} data-testid="map-canvas" data-points={x.length} data-selected={selection.length} data-mode={mode}>
      <canvas ref={canvasRef} />
    </div>
  );
}
