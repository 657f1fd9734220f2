import { UserError } from '../domain/errors.js';

/** A refusal to import, naming where in the source the problem is. Nothing has been written when it is thrown. */
export class ImportError extends UserError {
  constructor(
    message: string,
    readonly location: { file?: string; line?: number; row?: number; column?: string } = {},
  ) {
    super(formatLocation(location) + message, 'import-error');
    this.name = 'ImportError';
  }
}

function formatLocation(loc: ImportError['location']): string {
  if (!loc.file) return '';
  let s = loc.file;
  if (loc.line != null) s += `, line ${loc.line}`;
  else if (loc.row != null) s += `, row ${loc.row}`;
  if (loc.column) s += `, column "${loc.column}"`;
  return s + ': ';
}
