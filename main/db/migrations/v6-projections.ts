// Map projections (issue 10, main/map/): owned by the map domain. Filled in by that work; an empty
// string means "not yet defined" and the runner leaves the version out.
export const PROJECTIONS_MIGRATION = { version: 6, sql: '' };
