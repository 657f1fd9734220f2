// The sentences of a labelling counted per participant (the clustered model's cluster), conversation design and label
// set (tables shift_label_sets and shift_participant_cells, migration 18): what the participant-clustered incidence
// model needs, whatever the query's top k, taxonomy level, rounds, conditions and scenario types, as shift-cells.ts
// is for the z tests. At 100x that is 4 M integer rows instead of 7.6 M labelled sentences counted distinct per query.
// Built once per labelling and data stamp (main/db/derived-table.ts), then aggregated per query.

import { listValue } from '@duckdb/node-api';
import { derivedTable, freshDerived } from '../db/derived-table.js';
import type { Db } from '../db/workspace.js';

// A label is packed as rank * 2^20 + its category's code, so that a sentence's label set is a sorted BIGINT list:
// grouping 7.6 M sentences on integer keys with integer lists took 24 s at 100x (load 11), on the text ids with struct
// lists 70 s.
const CATEGORY_BITS = 1048576;

/**
 * Inserts the labelling's sets and cells for `stamp`. A sentence belongs to its conversation's cluster (the participant;
 * a conversation without one is its own cluster), coded by dense rank of 'p:' participant / 'c:' conversation id.
 * Sentences of conversations the study does not have are left out, as the clustered query always did.
 */
async function build(db: Db, stamp: string, labelling: string): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE shift_participant_build AS
     WITH conv AS (
       SELECT c.conversation_id, CAST(row_number() OVER (ORDER BY c.conversation_id) AS BIGINT) AS code,
         CAST(dense_rank() OVER (ORDER BY coalesce('p:' || c.participant_id, 'c:' || c.conversation_id)) AS INTEGER) AS cluster,
         c.scenario_type, c.round, p.condition
       FROM conversations c LEFT JOIN participants p ON p.participant_id = c.participant_id),
     cat AS (
       SELECT category, CAST(row_number() OVER (ORDER BY category) AS BIGINT) AS code
       FROM (SELECT DISTINCT category FROM sentence_labels WHERE labelling = $1)),
     sentence AS (
       SELECT conv.code, list_sort(list(CAST(l.rank AS BIGINT) * ${CATEGORY_BITS} + cat.code)) AS labels
       FROM sentence_labels l JOIN conv USING (conversation_id) JOIN cat USING (category)
       WHERE l.labelling = $1
       GROUP BY conv.code, l.turn, l.sentence_index)
     SELECT conv.cluster, conv.scenario_type, conv.round, conv.condition, s.labels, CAST(count(*) AS INTEGER) AS sentences
     FROM sentence s JOIN conv USING (code)
     GROUP BY ALL`,
    [labelling],
  );
  // Set ids in label order; a category's code is its place in the sorted categories (cats[code] decodes it).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE shift_participant_sets AS
     SELECT CAST(row_number() OVER (ORDER BY labels) AS INTEGER) AS set_id, labels FROM (SELECT DISTINCT labels FROM shift_participant_build)`,
  );
  await db.run(
    `INSERT INTO shift_label_sets
     SELECT $1, $2, set_id,
       list_transform(labels, x -> struct_pack(rank := CAST(x // ${CATEGORY_BITS} AS INTEGER), category := cats[x % ${CATEGORY_BITS}]))
     FROM shift_participant_sets, (SELECT list(category ORDER BY category) AS cats FROM (SELECT DISTINCT category FROM sentence_labels WHERE labelling = $2))`,
    [stamp, labelling],
  );
  // Ordered by cluster so a query's aggregates per cluster find their rows together.
  await db.run(
    `INSERT INTO shift_participant_cells
     SELECT $1, $2, b.cluster, b.scenario_type, b.round, b.condition, s.set_id, b.sentences
     FROM shift_participant_build b JOIN shift_participant_sets s USING (labels)
     ORDER BY b.cluster`,
    [stamp, labelling],
  );
  await db.run('DROP TABLE shift_participant_sets');
  await db.run('DROP TABLE shift_participant_build');
}

/**
 * The participant cells, one build per labelling, with their label sets (deleted here for the keys and stamps the
 * helper deletes cells of). They depend on what the shift cells depend on: the labels, the conversations' designs and
 * participants, the participants' conditions.
 */
export const SHIFT_PARTICIPANT_CELLS = derivedTable({
  table: 'shift_participant_cells',
  keyColumn: 'labelling',
  dependsOn: ['sentence_labels', 'conversations', 'participants'],
  build: async (db, stamp, labellings) => {
    await db.run('DELETE FROM shift_label_sets WHERE built_for <> $1 OR list_contains($2::VARCHAR[], labelling)', [stamp, listValue(labellings)]);
    for (const labelling of labellings) await build(db, stamp, labelling);
  },
});

/** The stamp the labelling's participant cells were counted for, after counting them if the data changed since. */
export function freshShiftParticipants(db: Db, labelling: string): Promise<string> {
  return freshDerived(db, SHIFT_PARTICIPANT_CELLS, [labelling]);
}
