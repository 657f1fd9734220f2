// Your own figures (issue 11): runs a figure's data source (a read-only query through the SQL console's sandbox, or
// the explorer's conversations for a filter), keeps named specs in the workspace (store.ts), and draws a spec
// server-side for the CLI with the same figure function the builder uses in the browser.
import type { Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import {
  CUSTOM_FIGURE_MAX_ROWS, type CustomFigureData, type CustomFigureSource, type CustomFigureSpec, type SavedCustomFigure,
} from '../api/contract/custom-figures.js';
import type { ConversationFilter } from '../api/contract/explorer.js';
import { buildConversationQuery } from '../explorer/conversation-query.js';
import { searchOpts } from '../explorer/search-opts.js';
import { checkRegex } from '../explorer/regex-check.js';
import { scorePivot } from '../explorer/score-pivot.js';
import type { SqlConsole } from '../sql/console.js';
import { studyName } from '../studydata/common.js';
import { APP_VERSION } from '../services/analysis/provenance.js';
import { customFigure, rowsToCsv, type FigureSpec } from '../figures/index.js';
import { renderSvg } from '../figures/headless.js';
import { deleteFigure, getFigure, listFigures, saveFigure } from './store.js';

export interface CustomFigureDeps {
  workspace: () => Workspace;
  /** The console whose sandbox runs a figure's query (read-only, no file access). */
  sql: SqlConsole;
}

/** The columns an explorer selection gives, before the score set's dimensions. */
const EXPLORER_COLUMNS = [
  ['conversation_id', 'VARCHAR'], ['participant_id', 'VARCHAR'], ['condition', 'VARCHAR'], ['round', 'INTEGER'],
  ['scenario', 'VARCHAR'], ['scenario_type', 'VARCHAR'], ['messages', 'INTEGER'], ['supporter_words', 'INTEGER'],
] as const;

/** A drawn figure: the spec Plot draws, its standalone SVG and the CSV of its data. */
export interface RenderedCustomFigure { figure: FigureSpec; svg: string; csv: string }

export class CustomFigureService {
  constructor(private readonly deps: CustomFigureDeps) {}

  private get db() {
    return this.deps.workspace().db;
  }

  async data(source: CustomFigureSource): Promise<CustomFigureData> {
    const study = await studyName(this.db);
    const base = { study: study.name, simulated: study.simulated, appVersion: APP_VERSION };
    if (source.kind === 'sql') {
      const r = await this.deps.sql.run({ sql: source.sql, limit: CUSTOM_FIGURE_MAX_ROWS });
      const names = r.columns.map((c) => c.name);
      const rows = r.rows.map((row) => Object.fromEntries(names.map((n, j) => [n, row[j]])));
      return { ...base, columns: r.columns, rows, truncated: r.truncated, scoreSetId: null };
    }
    return { ...base, ...(await this.explorerRows(source.filter, source.scoreSetId ?? null)) };
  }

  /** The explorer's list for a filter, every match (up to the cap), with the score set's dimensions and overall. */
  private async explorerRows(filter: ConversationFilter, scoreSetId: string | null) {
    const db = this.db;
    if (scoreSetId && !(await db.value<number>('SELECT count(*) FROM score_sets WHERE score_set_id = ?', [scoreSetId]))) {
      throw new UserError(`source.scoreSetId: no score set "${scoreSetId}"`, 'not-found');
    }
    if (filter.search?.mode === 'regex' && filter.search.text.trim()) await checkRegex(db, filter.search.text);
    const pivot = scoreSetId ? await scorePivot(db, scoreSetId) : null;
    const dims = pivot?.dimensions ?? [];
    const q = buildConversationQuery({ filter, scoreSetId, sort: { key: 'conversation_id', dir: 'asc' } }, dims, { scoreTable: pivot?.table, ...(await searchOpts(db, filter)) });
    const found = await db.all(`${q.sql} LIMIT ${CUSTOM_FIGURE_MAX_ROWS + 1}`, q.params);
    const columns = [
      ...EXPLORER_COLUMNS.map(([name, type]) => ({ name, type })),
      ...dims.map((d) => ({ name: d, type: 'DOUBLE' })),
      ...(pivot && found.some((r) => r.overall != null) ? [{ name: 'overall', type: 'DOUBLE' }] : []),
    ];
    const rows = found.slice(0, CUSTOM_FIGURE_MAX_ROWS).map((r) => Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? null])));
    return { columns, rows, truncated: found.length > CUSTOM_FIGURE_MAX_ROWS, scoreSetId };
  }

  list(): Promise<{ figures: SavedCustomFigure[] }> {
    return listFigures(this.db).then((figures) => ({ figures }));
  }

  get(name: string): Promise<SavedCustomFigure> {
    return getFigure(this.db, name);
  }

  save(name: string, spec: CustomFigureSpec, replace = false): Promise<SavedCustomFigure> {
    return saveFigure(this.db, name, spec, replace);
  }

  async delete(name: string): Promise<{ deleted: boolean }> {
    return { deleted: await deleteFigure(this.db, name) };
  }

  /** Runs the spec's source now and draws it (SVG through linkedom, as `workbench figures` does). */
  async render(spec: CustomFigureSpec, name?: string): Promise<RenderedCustomFigure> {
    const data = await this.data(spec.source);
    const figure = customFigure(spec, data, { name });
    return { figure, svg: renderSvg(figure), csv: rowsToCsv(figure.data, data.columns.map((c) => c.name)) };
  }

  async renderSaved(name: string): Promise<RenderedCustomFigure> {
    const saved = await this.get(name);
    return this.render(saved.spec, saved.name);
  }
}
