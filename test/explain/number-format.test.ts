/** Numbers in equations and prose at the edges of their two forms (bugs found by mutation testing). */
import { describe, expect, it } from 'vitest';
import { prose, texNumber } from '../../src/explain/index.ts';

describe('numbers shown to the learner', () => {
  it.each([
    [99_999, '1.000 \\times 10^{5}'],
    [-99_999, '-1.000 \\times 10^{5}'],
    [99_994, '99990'],
    [9.9996e-4, '0.001'],
  ])('texNumber(%s) = %s: the form follows the number as shown, rounded to four figures', (value, tex) => {
    expect(texNumber(value)).toBe(tex);
  });

  it.each([
    [-1.66e-4, '−1.66e−4'],
    [1.66e-4, '1.66e−4'],
    [99_999, '1.00e+5'],
    [-99_999, '−1.00e+5'],
    [99_994, '99990'],
  ])('prose(%s) = %s: every minus is a real minus, and the form follows the number as shown', (value, text) => {
    expect(prose(value)).toBe(text);
  });
});
