// Theme labels at their centroids: which ones fit on screen without overlapping (largest themes first), and the
// same placement painted into an exported PNG. Pure apart from the canvas painter.
import type { MapThemeLabel } from '../../main/api/contract/index.js';

export interface PlacedLabel {
  value: string;
  text: string;
  /** CSS pixels of the centroid inside the canvas. */
  left: number;
  top: number;
  count: number;
}

const MAX_CHARS = 36;
/** A rough width per character at the overlay's 11px font; placement only needs it to avoid overlaps. */
const CHAR_PX = 6.2;
const LINE_PX = 16;

export function labelText(l: MapThemeLabel): string {
  const t = l.description ? `${l.value} ${l.description}` : l.value;
  return t.length > MAX_CHARS ? t.slice(0, MAX_CHARS - 1) + '…' : t;
}

/**
 * Greedy placement: labels in descending point count, each kept when its box (centred on the centroid) is inside
 * the canvas and overlaps no label kept before it. `toScreen` maps a label's projection coordinates to pixels.
 */
export function placeLabels(labels: MapThemeLabel[], toScreen: (x: number, y: number) => [number, number],
  width: number, height: number, hidden: ReadonlySet<string> = new Set()): PlacedLabel[] {
  const boxes: [number, number, number, number][] = [];
  const out: PlacedLabel[] = [];
  for (const l of [...labels].sort((a, b) => b.count - a.count || a.latent - b.latent)) {
    if (hidden.has(l.value)) continue;
    const [left, top] = toScreen(l.x, l.y);
    const text = labelText(l);
    const w = text.length * CHAR_PX + 8;
    const box: [number, number, number, number] = [left - w / 2, top - LINE_PX / 2, left + w / 2, top + LINE_PX / 2];
    if (box[0] < 0 || box[1] < 0 || box[2] > width || box[3] > height) continue;
    if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
    boxes.push(box);
    out.push({ value: l.value, text, left, top, count: l.count });
  }
  return out;
}

/** Paints placed labels onto an exported image (`scale`: image pixels per CSS pixel). */
export function paintLabels(ctx: CanvasRenderingContext2D, placed: PlacedLabel[], scale: number): void {
  ctx.save();
  ctx.font = `600 ${11 * scale}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  for (const p of placed) {
    ctx.lineWidth = 3 * scale;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.strokeText(p.text, p.left * scale, p.top * scale);
    ctx.fillStyle = '#1d2530';
    ctx.fillText(p.text, p.left * scale, p.top * scale);
  }
  ctx.restore();
}
