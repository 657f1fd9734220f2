// Map projections (issue 10, main/map/): one row per projection with its parameters, state and quality, and its
// points in a fixed order (point_index = the row's place in the embedding matrix, conversation_id, turn,
// sentence_index ascending), which is the index the view and map-selection use. main/map/store.ts deletes a
// projection's points with it, in one transaction (DuckDB has no cascading foreign keys).
export const PROJECTIONS_MIGRATION = {
  version: 6,
  sql: `
CREATE TABLE projections (
  projection_id VARCHAR PRIMARY KEY, embedding_set_id VARCHAR NOT NULL, engine VARCHAR NOT NULL, params JSON NOT NULL,
  state VARCHAR NOT NULL, message VARCHAR, points INTEGER, seconds DOUBLE, neighborhood_preservation DOUBLE, label VARCHAR,
  created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE projection_points (
  projection_id VARCHAR NOT NULL, point_index INTEGER NOT NULL, conversation_id VARCHAR NOT NULL, turn INTEGER NOT NULL,
  sentence_index INTEGER NOT NULL, x FLOAT NOT NULL, y FLOAT NOT NULL);
`,
};
