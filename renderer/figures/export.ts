// Export of a figure as SVG, PNG (the same SVG drawn on a canvas at 2x) and CSV of its plotted data; tables as
// Markdown / LaTeX to the clipboard or CSV files.

import { figureSvg, rowsToCsv, type FigureSpec } from '../../main/figures/index.js';

export function download(filename: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export function exportSvg(spec: FigureSpec): void {
  download(`${spec.id}.svg`, new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${figureSvg(spec, document)}\n`], { type: 'image/svg+xml' }));
}

export function exportCsv(spec: FigureSpec): void {
  download(`${spec.id}.csv`, new Blob([rowsToCsv(spec.data)], { type: 'text/csv' }));
}

export async function exportPng(spec: FigureSpec, scale = 2): Promise<void> {
  const svg = figureSvg(spec, document);
  const img = new Image();
  await new Promise<void>((ok, fail) => {
    img.onload = () => ok();
    img.onerror = () => fail(new Error('The browser could not draw the SVG'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(img.width * scale);
  canvas.height = Math.ceil(img.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No canvas 2D context');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
  if (!blob) throw new Error('Canvas export failed');
  download(`${spec.id}.png`, blob);
}

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  document.body.appendChild(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}
