import { describe, expect, it } from 'vitest';
import { percentDone } from './job-percent.js';

describe('percentDone', () => {
  it('rounds down, so 100 % means finished', () => {
    expect(percentDone(11, 20)).toBe(55);
    expect(percentDone(199, 200)).toBe(99);
    expect(percentDone(200, 200)).toBe(100);
  });

  it('is unknown without a total and clamps what overshoots', () => {
    expect(percentDone(5, 0)).toBeNull();
    expect(percentDone(25, 20)).toBe(100);
    expect(percentDone(-1, 20)).toBe(0);
  });
});
