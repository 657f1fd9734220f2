// One self-contained HTML page with every figure (inline SVG) and table, each with its provenance: the supplement a
// paper would attach. Pure: takes rendered SVG strings.

import { tableToHtml } from './tables.js';
import type { FigureSpec } from './types.js';

export interface ReportItem { id: string; paperRef: string; figure: FigureSpec | null; svg: string | null; skipped: string | null }

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem}
.meta{color:#555;font-size:.9rem} .sim{background:#fff3bf;border:1px solid #f08c00;padding:.1rem .4rem;border-radius:4px;font-weight:600}
figure{margin:1rem 0;overflow:hidden} figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:0;font-size:.8rem} caption{text-align:left;font-weight:600;padding:.3rem 0}
.table-wrap{max-width:100%;overflow-x:auto;margin:1rem 0}
th,td{border-bottom:1px solid #e5e5e5;padding:.2rem .5rem;text-align:left;vertical-align:top} td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.group td{font-style:italic;background:#f8f9fa} .note{font-size:.75rem;color:#555;margin:.2rem 0}
.prov{font-size:.75rem;color:#777} .prov,.note,.meta,.skipped{overflow-wrap:anywhere} .skipped{color:#a61e4d} nav ol{columns:2;font-size:.9rem}
@media print{
 body{max-width:none;margin:0;padding:0} h2{break-after:avoid} figure{break-inside:avoid}
 .table-wrap{overflow:visible} table{width:100%;font-size:6.5pt}
 th,td,td.num,th.num{white-space:normal;overflow-wrap:anywhere;padding:.1rem .2rem}
}
`;

export function reportHtml(opts: { study: string; simulated: boolean; dbPath: string; appVersion: string; generatedAt: string; items: ReportItem[] }): string {
  const made = opts.items.filter((i) => i.figure);
  const skipped = opts.items.filter((i) => !i.figure);
  const toc = made.map((i) => `<li><a href="#${esc(i.id)}">${esc(i.paperRef)}: ${esc(i.figure!.title)}</a></li>`).join('');
  const notAvailable = skipped.length
    ? `<section id="not-available"><h2>Not available for this study</h2><ul>${skipped.map((i) => `<li><strong>${esc(i.paperRef)}</strong> (${esc(i.id)}): <span class="skipped">${esc(i.skipped ?? '')}</span></li>`).join('')}</ul></section>`
    : '';
  const sections = made.map((i) => {
    const f = i.figure!;
    return `<section id="${esc(i.id)}"><h2>${esc(f.paperRef)}: ${esc(f.title)}</h2><figure>${i.svg ?? ''}</figure>${f.tables.map(tableToHtml).join('')}<p class="prov">${esc(f.provenance)}</p></section>`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(opts.study)}: analyses and figures</title><style>${CSS}</style></head>
<body>
<h1>${esc(opts.study)}: analyses and figures</h1>
<p class="meta">${opts.simulated ? '<span class="sim">SIMULATED DATA</span> ' : ''}Workspace ${esc(opts.dbPath)} · generated ${esc(opts.generatedAt)} by Empathy Workbench ${esc(opts.appVersion)}. Definitions: docs/methods.md (clustered OLS as statsmodels cov_type="cluster", REML reliability, BH/Holm corrections).</p>
<nav><ol>${toc}</ol>${skipped.length ? `<p class="meta"><a href="#not-available">${skipped.length} figure${skipped.length > 1 ? 's' : ''} not available</a> for this study's tables.</p>` : ''}</nav>
${sections.join('\n')}
${notAvailable}
</body></html>
`;
}
