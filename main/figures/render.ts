// Draws a FigureSpec with any DOM implementation: the browser's in the app, linkedom's in Node (headless.ts).
// `figureSvg` composes one standalone SVG (title, legend, plot, caption, provenance) used for every SVG/PNG export,
// so an exported file shows exactly what the figure functions describe.

import * as Plot from '@observablehq/plot';
import { FONT } from './theme.js';
import type { FigureSpec } from './types.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The words stamped inside the plot area of every figure of a simulated study. */
export const SIMULATED_MARK = 'SIMULATED DATA';

/**
 * The plot options with, for a simulated study, a "SIMULATED DATA" text mark in the middle of the frame: a mark
 * without facet channels repeats in every facet, so no panel cropped out of the figure loses it.
 */
export function plotOptions(spec: FigureSpec): Plot.PlotOptions {
  if (!spec.simulated) return spec.plot;
  const stamp = Plot.text([SIMULATED_MARK], {
    text: (d: string) => d, frameAnchor: 'middle', rotate: -18, fontSize: 22, fontWeight: 'bold', fill: '#c92a2a', fillOpacity: 0.22,
    stroke: 'white', strokeOpacity: 0.22, pointerEvents: 'none',
  } as Plot.TextOptions);
  return { ...spec.plot, marks: [...(spec.plot.marks ?? []), stamp] };
}

/** The Plot element alone (interactive in a browser: tips, pointer). */
export function renderPlot(spec: FigureSpec, document: Document): SVGSVGElement | HTMLElement {
  return Plot.plot({ ...plotOptions(spec), document });
}

/** Greedy word wrap by an estimated character width (no text measuring in Node). */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const maxChars = Math.max(20, Math.floor(width / (fontSize * 0.55)));
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/)) {
      if (!word) continue;
      if (line && line.length + 1 + word.length > maxChars) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  return lines;
}

function el(doc: Document, name: string, attrs: Record<string, string | number>, text?: string): Element {
  const e = doc.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A standalone SVG element: header (title, subtitle, legend), the plot, and footer (caption, provenance). */
export function figureSvgElement(spec: FigureSpec, document: Document): SVGSVGElement {
  const width = Number(spec.plot.width ?? 640);
  const pad = 8;
  const root = el(document, 'svg', { xmlns: SVG_NS, width, 'font-family': FONT, 'font-size': 11, fill: 'currentColor' }) as SVGSVGElement;
  root.appendChild(el(document, 'rect', { x: 0, y: 0, width: '100%', height: '100%', fill: 'white' }));
  let y = pad;
  const text = (s: string, size: number, attrs: Record<string, string | number> = {}) => {
    for (const line of wrapText(s, width - 2 * pad, size)) {
      y += size * 1.3;
      root.appendChild(el(document, 'text', { x: pad, y, 'font-size': size, ...attrs }, line));
    }
  };
  text(spec.title, 15, { 'font-weight': 'bold' });
  if (spec.subtitle) text(spec.subtitle, 11, { fill: '#555' });
  if (spec.legend.length) {
    y += 8;
    let x = pad;
    for (const entry of spec.legend) {
      const w = 18 + entry.label.length * 6.2 + 14;
      if (x + w > width - pad && x > pad) {
        x = pad;
        y += 16;
      }
      root.appendChild(entry.dashed
        ? el(document, 'line', { x1: x, x2: x + 12, y1: y + 6, y2: y + 6, stroke: entry.color, 'stroke-width': 2, 'stroke-dasharray': '3,2' })
        : el(document, 'rect', { x, y, width: 12, height: 12, fill: entry.color }));
      root.appendChild(el(document, 'text', { x: x + 17, y: y + 10, 'font-size': 11 }, entry.label));
      x += w;
    }
    y += 14;
  }
  y += 6;
  let plotHeight = 0;
  if (spec.empty) {
    y += 16;
    root.appendChild(el(document, 'text', { x: pad, y, 'font-size': 12, fill: '#a33' }, spec.empty));
    y += 8;
  } else {
    const plot = Plot.plot({ ...plotOptions(spec), document }) as Element;
    const svg = plot.tagName.toLowerCase() === 'svg' ? plot : plot.querySelector('svg');
    if (svg) {
      plotHeight = Number(svg.getAttribute('height') ?? spec.plot.height ?? 400);
      svg.setAttribute('x', '0');
      svg.setAttribute('y', String(y));
      root.appendChild(svg);
      y += plotHeight;
    }
  }
  y += 4;
  if (spec.caption) text(spec.caption, 10, { fill: '#333' });
  text(spec.provenance, 9, { fill: '#777' });
  y += pad;
  root.setAttribute('height', String(Math.ceil(y)));
  root.setAttribute('viewBox', `0 0 ${width} ${Math.ceil(y)}`);
  return root;
}

/** Standalone SVG markup with an XML declaration-free root carrying its namespace. */
export function figureSvg(spec: FigureSpec, document: Document): string {
  return figureSvgElement(spec, document).outerHTML;
}
