// Node-only: Observable Plot on linkedom's DOM, for `workbench figures`, `workbench report` and the snapshot tests.

import { parseHTML } from 'linkedom';
import { figureSvg } from './render.js';
import type { FigureSpec } from './types.js';

export function headlessDocument(): Document {
  return parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;
}

export function renderSvg(spec: FigureSpec): string {
  return figureSvg(spec, headlessDocument());
}
