// The coding service: one method per API call, each a thin composition of the concept files beside it.
import type { CheckedArgs, Result } from '../api/contract/index.js';
import type { Workspace } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';

export interface CodingDeps { workspace: () => Workspace }

type A<M extends Parameters<typeof notYet>[0]> = CheckedArgs<M>;
type R<M extends Parameters<typeof notYet>[0]> = Promise<Result<M>>;

function notYet(name: import('../api/contract/index.js').MethodName): never {
  throw new UserError(`${name} is not implemented yet`, 'not-implemented');
}

export class CodingService {
  constructor(private readonly deps: CodingDeps) {}

  async codebook(): R<'coding-codebook'> { return notYet('coding-codebook'); }
  async startCodebook(_a: A<'coding-codebook-start'>): R<'coding-codebook-start'> { return notYet('coding-codebook-start'); }
  async createCode(_a: A<'coding-code-create'>): R<'coding-code-create'> { return notYet('coding-code-create'); }
  async updateCode(_a: A<'coding-code-update'>): R<'coding-code-update'> { return notYet('coding-code-update'); }
  async moveCode(_a: A<'coding-code-move'>): R<'coding-code-move'> { return notYet('coding-code-move'); }
  async deleteCode(_a: A<'coding-code-delete'>): R<'coding-code-delete'> { return notYet('coding-code-delete'); }
  async mergeCodes(_a: A<'coding-code-merge'>): R<'coding-code-merge'> { return notYet('coding-code-merge'); }
  async splitCode(_a: A<'coding-code-split'>): R<'coding-code-split'> { return notYet('coding-code-split'); }
  async setMemo(_a: A<'coding-memo-set'>): R<'coding-memo-set'> { return notYet('coding-memo-set'); }
  async memos(_a: NonNullable<A<'coding-memos'>>): R<'coding-memos'> { return notYet('coding-memos'); }
  async coders(): R<'coding-coders'> { return notYet('coding-coders'); }
  async createCoder(_name: string): R<'coding-coder-create'> { return notYet('coding-coder-create'); }
  async assign(_a: A<'coding-assign'>): R<'coding-assign'> { return notYet('coding-assign'); }
  async assignMany(_a: A<'coding-assign-many'>): R<'coding-assign-many'> { return notYet('coding-assign-many'); }
  async unassign(_a: A<'coding-unassign'>): R<'coding-unassign'> { return notYet('coding-unassign'); }
  async assignments(_a: NonNullable<A<'coding-assignments'>>): R<'coding-assignments'> { return notYet('coding-assignments'); }
  async conversation(_a: A<'coding-conversation'>): R<'coding-conversation'> { return notYet('coding-conversation'); }
  async codeSentences(_a: A<'coding-code-sentences'>): R<'coding-code-sentences'> { return notYet('coding-code-sentences'); }
  async undo(_coder: string): R<'coding-undo'> { return notYet('coding-undo'); }
  async redo(_coder: string): R<'coding-redo'> { return notYet('coding-redo'); }
  async history(_a: NonNullable<A<'coding-history'>>): R<'coding-history'> { return notYet('coding-history'); }
  async agreement(_a: NonNullable<A<'coding-agreement'>>): R<'coding-agreement'> { return notYet('coding-agreement'); }
  async disagreements(_a: NonNullable<A<'coding-disagreements'>>): R<'coding-disagreements'> { return notYet('coding-disagreements'); }
  async resolve(_a: A<'coding-resolve'>): R<'coding-resolve'> { return notYet('coding-resolve'); }
  async cooccurrence(_a: NonNullable<A<'coding-cooccurrence'>>): R<'coding-cooccurrence'> { return notYet('coding-cooccurrence'); }
  async cooccurrenceCell(_a: A<'coding-cooccurrence-cell'>): R<'coding-cooccurrence-cell'> { return notYet('coding-cooccurrence-cell'); }
  async frequencies(_a: NonNullable<A<'coding-frequencies'>>): R<'coding-frequencies'> { return notYet('coding-frequencies'); }
  async rubric(): R<'coding-rubric'> { return notYet('coding-rubric'); }
  async createQueue(_a: A<'coding-rating-queue-create'>): R<'coding-rating-queue-create'> { return notYet('coding-rating-queue-create'); }
  async queue(_rater: string): R<'coding-rating-queue'> { return notYet('coding-rating-queue'); }
  async rate(_a: A<'coding-rate'>): R<'coding-rate'> { return notYet('coding-rate'); }
  async ratings(_a: A<'coding-ratings'>): R<'coding-ratings'> { return notYet('coding-ratings'); }
  async exportCodebook(_a: A<'coding-codebook-export'>): R<'coding-codebook-export'> { return notYet('coding-codebook-export'); }
  async importCodebook(_a: A<'coding-codebook-import'>): R<'coding-codebook-import'> { return notYet('coding-codebook-import'); }
  async exportSegments(_a: NonNullable<A<'coding-segments-export'>>): R<'coding-segments-export'> { return notYet('coding-segments-export'); }
  async importSegments(_a: A<'coding-segments-import'>): R<'coding-segments-import'> { return notYet('coding-segments-import'); }
  async replay(_a: A<'coding-replay'>): R<'coding-replay'> { return notYet('coding-replay'); }
  async labellings(): R<'coding-labellings'> { return notYet('coding-labellings'); }
}
