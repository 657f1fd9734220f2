// What an import or export reports while it runs as a job (JobContext's two calls), so the coding files need not
// know the job runner. Without one (a direct API call) nothing is reported and nothing can cancel.
export interface TransferProgress {
  progress(done: number, total: number, message?: string): void;
  /** Throws when the job was cancelled; an import calls it last inside its transaction, so a cancel leaves nothing. */
  checkCancelled(): void;
}

/** Every this many rows an import reports progress and checks for a cancel. */
export const ROWS_PER_STEP = 2000;
