// The sentences of a labelling counted per design cell and label set (table shift_label_cells, migration 16): what
// the incidence-shift z tests and the labels-per-sentence count need, whatever the query's top k, taxonomy level,
// rounds, conditions and scenario types, since a sentence's group and its labels among the top k follow from its
// conversation's scenario type and round, its participant's condition and its (rank, category) list. Counted once
// per labelling and data version (one pass over the labels, as every shift query made before), then summed per query.

import { derivedTable, freshDerived } from '../db/derived-table.js';
import type { Db } from '../db/workspace.js';

/**
 * The cells, one build per labelling. They depend on the labels, the conversations' scenario types and rounds and the
 * participants' conditions; a change to any of them (an import, a scenario assignment, which bumps the conversations' edit version)
 * makes them count again. Each sentence's labels are sorted by (rank, category) after the list is made: an ordered
 * list() sorts per group, which at 100x took 541 s instead of 57 s (load ≈ 10).
 */
export const SHIFT_LABEL_CELLS = derivedTable({
  table: 'shift_label_cells',
  keyColumn: 'labelling',
  dependsOn: ['sentence_labels', 'conversations', 'participants'],
  build: async (db, stamp, labellings) => {
    for (const labelling of labellings) {
      await db.run(
        `INSERT INTO shift_label_cells
         SELECT $1, $2, c.scenario_type, c.round, p.condition, u.labels, count(*)
         FROM (
           SELECT conversation_id, list_sort(list(struct_pack(rank := rank, category := category))) AS labels
           FROM sentence_labels WHERE labelling = $2 GROUP BY conversation_id, turn, sentence_index) u
           LEFT JOIN conversations c ON c.conversation_id = u.conversation_id LEFT JOIN participants p ON p.participant_id = c.participant_id
         GROUP BY c.scenario_type, c.round, p.condition, u.labels`,
        [stamp, labelling],
      );
    }
  },
});

/** The fingerprint the labelling's cells were counted for, after counting them if the data changed since. */
export function freshShiftCells(db: Db, labelling: string): Promise<string> {
  return freshDerived(db, SHIFT_LABEL_CELLS, [labelling]);
}
