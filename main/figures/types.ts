// What every figure function returns: Observable Plot options (no document: the caller supplies one), the data it
// plots (for CSV export), the tables shown beside it and its provenance. The app (renderer/figures) and the CLI
// (`workbench figures` / `report`) draw the same specs.

import type { PlotOptions } from '@observablehq/plot';
import type { ConversationFilter } from '../api/contract/index.js';

export interface TableColumn {
  key: string;
  label: string;
  align?: 'left' | 'right' | 'center';
}

/** A table in display form: cells are already formatted strings (numbers as the paper prints them). */
export interface TableSpec {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Record<string, string>[];
  /** Rows that start a group (e.g. "Prescriptive behaviors"): index -> heading. */
  groups?: Record<number, string>;
  notes?: string[];
}

export interface LegendEntry { label: string; color: string; dashed?: boolean }

export interface FigureSpec {
  /** Stable id: file names, anchors, the app's tabs. */
  id: string;
  /** The paper figure it reproduces, e.g. "Fig. 3B". */
  paperRef: string;
  title: string;
  subtitle?: string;
  /** Notes printed under the figure. */
  caption?: string;
  /** One line: study, score set, parameters, app version. */
  provenance: string;
  /** The study is simulated: every drawing carries a "SIMULATED DATA" mark inside the plot area. Default false. */
  simulated?: boolean;
  /** Plot options without a document: Plot.plot({...plot, document}). */
  plot: PlotOptions;
  /** Legend drawn by the figure shell (the same in the app and in exported SVG). */
  legend: LegendEntry[];
  /** The plotted data, one flat row per mark datum, for CSV export. */
  data: Record<string, string | number | boolean | null>[];
  tables: TableSpec[];
  /** Shown instead of the plot when the analysis had nothing to draw. */
  empty?: string;
}

/**
 * Marks put a `filter` on every datum that stands for conversations (a bar: the post conversations of that
 * condition; a participant's line: that participant): the app opens the explorer with it on click.
 */
export interface Linked { filter?: ConversationFilter; filterLabel?: string }
