// Qualitative coding (issue 9, main/coding/): codebook, coders, the append-only event log, assignments,
// rubric ratings. Filled in by that work; an empty string means "not yet defined".
export const CODING_MIGRATION = { version: 7, sql: '' };
