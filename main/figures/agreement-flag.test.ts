import { describe, expect, it } from 'vitest';
import { flagText } from './agreement.js';

describe('the "vs experts" flag', () => {
  it('shows both numbers, with as many digits as it takes for them to differ', () => {
    expect(flagText(0.4241, 0.4244, true)).toBe('below (0.4241 vs 0.4244)');
    expect(flagText(0.61, 0.52, false)).toBe('at/above (0.610 vs 0.520)');
    expect(flagText(0.5, 0.5, false)).toBe('at/above (0.500000 vs 0.500000)');
  });
});
