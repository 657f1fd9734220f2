import { describe, expect, it } from 'vitest';
import { middleEllipsis } from './format.js';

describe('middleEllipsis', () => {
  it('keeps ids that fit whole', () => {
    expect(middleEllipsis('c0001', 14)).toBe('c0001');
    expect(middleEllipsis('12345678901234', 14)).toBe('12345678901234');
  });

  it('cuts long ids in the middle, keeping the start and the distinguishing end', () => {
    expect(middleEllipsis('20241031-site-a-p0042-r2-8812', 14)).toBe('2024103…2-8812');
    expect(middleEllipsis('20241031-site-a-p0042-r2-8813', 14)).toBe('2024103…2-8813');
    expect(middleEllipsis('participant-000123', 10)).toBe('parti…0123');
  });
});
