import { describe, expect, it } from 'vitest';
import type { CodeNode } from '../../main/api/contract/index.js';
import { dropMove, inkOn, numberedCodes, subtree, treeRows } from './codebook-tree.js';

const node = (codeId: string, parentId: string | null, position: number): CodeNode => ({
  codeId, parentId, name: codeId, path: codeId, depth: 0, color: '#1f77b4', definition: '', inclusion: '', exclusion: '', examples: [],
  position, sentences: 0, assignments: 0,
});
// A ─ A1, A2 ─ A2a ; B ; C   (given out of order: positions decide)
const codes = [node('B', null, 1), node('A2', 'A', 1), node('A', null, 0), node('A2a', 'A2', 0), node('C', null, 2), node('A1', 'A', 0)];

describe('codebook tree', () => {
  it('walks depth-first with siblings by position, and leaves out collapsed children', () => {
    expect(treeRows(codes).map((r) => `${r.code.codeId}@${r.depth}${r.hasChildren ? '+' : ''}`)).toEqual(['A@0+', 'A1@1', 'A2@1+', 'A2a@2', 'B@0', 'C@0']);
    expect(treeRows(codes, new Set(['A2'])).map((r) => r.code.codeId)).toEqual(['A', 'A1', 'A2', 'B', 'C']);
    expect(treeRows(codes, new Set(['A'])).map((r) => r.code.codeId)).toEqual(['A', 'B', 'C']);
  });

  it('keeps a code whose parent is missing at the top level', () => {
    expect(treeRows([node('X', 'gone', 0)]).map((r) => [r.code.codeId, r.depth])).toEqual([['X', 0]]);
  });

  it('refuses a drop into the dragged code\'s own subtree', () => {
    expect([...subtree(codes, 'A')].sort()).toEqual(['A', 'A1', 'A2', 'A2a']);
    expect(dropMove(codes, 'A', 'A2a', 'inside')).toBeNull();
    expect(dropMove(codes, 'A', 'A', 'before')).toBeNull();
  });

  it('nests inside a target, or places before it counting the siblings without the dragged code', () => {
    expect(dropMove(codes, 'C', 'A2', 'inside')).toEqual({ parentId: 'A2' });
    expect(dropMove(codes, 'C', 'A2', 'before')).toEqual({ parentId: 'A', position: 1 });
    expect(dropMove(codes, 'C', 'B', 'before')).toEqual({ parentId: null, position: 1 });
    expect(dropMove(codes, 'A', 'C', 'before')).toEqual({ parentId: null, position: 1 });
  });

  it('numbers the first nine codes of the display order, collapsed ones included', () => {
    const many = Array.from({ length: 12 }, (_, i) => node(`k${i}`, null, i));
    expect(numberedCodes(many).map((c) => c.codeId)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8']);
    expect(numberedCodes(codes).map((c) => c.codeId)).toEqual(['A', 'A1', 'A2', 'A2a', 'B', 'C']);
  });

  it('picks dark ink on light colours and white on dark ones', () => {
    expect(inkOn('#ffe08a')).toBe('#1d2530');
    expect(inkOn('#1f3b8c')).toBe('#ffffff');
  });
});
