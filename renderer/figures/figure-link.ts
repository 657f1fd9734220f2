// Links into the figures page can choose controls: `#/figures/<id>?labelling=coding:level2&level=category` opens the
// figure with that labelling and level, when the study offers them (other pages link this way, e.g. coding).
import type { AnalysisOptions, ShiftLevel } from '../../main/api/contract/index.js';
import type { Controls } from './catalog.js';

const LEVELS: readonly string[] = ['category', 'level1', 'level2', 'level3'];

export function linkedControls(hash: string, o: AnalysisOptions): Partial<Controls> {
  const q = hash.indexOf('?');
  if (q < 0) return {};
  const params = new URLSearchParams(hash.slice(q + 1));
  const out: Partial<Controls> = {};
  const labelling = params.get('labelling');
  if (labelling && o.labellings.includes(labelling)) out.labelling = labelling;
  const level = params.get('level');
  if (level && LEVELS.includes(level)) out.level = level as ShiftLevel;
  return out;
}
