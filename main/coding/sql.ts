// SQL the coding files share: the code tree with paths, and the effective codes of each sentence unit.
// Constants only; callers bind every value as a parameter.

/**
 * `tree(code_id, parent_id, name, path, depth, paths, ids)`: every code with its path from the root (names
 * joined by '/'), its depth (1 = top level), the paths and ids of its ancestors and itself (root first).
 */
export const TREE_CTE = `tree AS (
  SELECT code_id, parent_id, name, name AS path, 1 AS depth, [name] AS paths, [code_id] AS ids, position FROM coding_codes WHERE parent_id IS NULL
  UNION ALL
  SELECT c.code_id, c.parent_id, c.name, t.path || '/' || c.name, t.depth + 1, list_append(t.paths, t.path || '/' || c.name),
    list_append(t.ids, c.code_id), c.position
  FROM coding_codes c JOIN tree t ON c.parent_id = t.code_id)`;

/**
 * `effective(assignment_id, coder, code_id, conversation_id, turn, sentence_index, grain)`: the codes each
 * coder gives each sentence unit. A theme assignment brings the sentences whose top-k latents include the
 * latent; a coder's sentence-level codes on a sentence replace the theme codes there; an exclusion removes
 * that one code. Spans are not sentence units and are left out. Rows may repeat (two themes, one code).
 */
export const EFFECTIVE_CTES = `
  th AS (SELECT a.assignment_id, a.coder, a.code_id, t.conversation_id, t.turn, t.sentence_index, 'theme' AS grain
    FROM coding_assignments a JOIN theme_activations t
      ON a.grain = 'theme' AND t.model_id = a.model_id AND t.latent = a.latent AND t.rank <= a.top_k),
  se AS (SELECT assignment_id, coder, code_id, conversation_id, turn, sentence_index, exclude FROM coding_assignments WHERE grain = 'sentence'),
  se_keys AS (SELECT DISTINCT coder, conversation_id, turn, sentence_index FROM se WHERE NOT exclude),
  eff AS (
    SELECT assignment_id, coder, code_id, conversation_id, turn, sentence_index, 'sentence' AS grain FROM se WHERE NOT exclude
    UNION ALL
    SELECT th.* FROM th ANTI JOIN se_keys USING (coder, conversation_id, turn, sentence_index)),
  effective AS (
    SELECT e.* FROM eff e ANTI JOIN (SELECT coder, code_id, conversation_id, turn, sentence_index FROM se WHERE exclude) x
      USING (coder, code_id, conversation_id, turn, sentence_index))`;

/**
 * `chosen(code_id, conversation_id, turn, sentence_index)`: the study's codes per sentence unit, what the
 * `coding:*` labellings hold: the consensus codes where a sentence was resolved (none where it was resolved as
 * "no code"), otherwise every coder's. Follows EFFECTIVE_CTES; binds the consensus coder's name twice (`?`).
 */
export const CHOSEN_CTES = `
  cons AS (SELECT DISTINCT conversation_id, turn, sentence_index FROM effective WHERE coder = ?
    UNION SELECT conversation_id, turn, sentence_index FROM coding_no_code),
  chosen AS (
    SELECT DISTINCT code_id, conversation_id, turn, sentence_index FROM effective WHERE coder = ?
    UNION
    SELECT DISTINCT e.code_id, e.conversation_id, e.turn, e.sentence_index FROM effective e ANTI JOIN cons USING (conversation_id, turn, sentence_index))`;

/** The labellings the codes feed, and the depth of the path each one uses (null = the code as assigned). */
export const LABELLINGS = [
  { labelling: 'coding:level1', depth: 1 },
  { labelling: 'coding:level2', depth: 2 },
  { labelling: 'coding:leaf', depth: null },
] as const;
