/** Numbers in equations and prose at the edges of their two forms (bugs found by mutation testing). */
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPair, formatSetting, prose, texNumber } from '../../src/explain/index.ts';

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
    [99_999, '1e+5'],
    [-99_999, '−1e+5'],
    [99_994, '99990'],
  ])('prose(%s) = %s: every minus is a real minus, and the form follows the number as shown', (value, text) => {
    expect(prose(value)).toBe(text);
  });
});

describe('one format for every number the learner reads (src/explain/format.ts)', () => {
  it.each([
    [0.39876, 4, '0.3988'],
    [2.375, 4, '2.375'],
    [4598.6, 4, '4599'],
    [-0.5, 4, '−0.5'],
    [1.5e-5, 4, '1.5e−5'],
    [-3.14e-7, 4, '−3.14e−7'],
    [0.000999, 4, '9.99e−4'],
    [9.9996e-4, 4, '0.001'],
    [5.04e-9, 2, '5e−9'],
    [0.0123, 2, '0.012'],
  ])('formatNumber(%s, %s) = %s: the widgets\' readouts and the narration print alike', (value, digits, text) => {
    expect(formatNumber(value, digits)).toBe(text);
    if (digits === 4) expect(prose(value)).toBe(text);
  });

  it.each([
    [2.0951, 0.39876, ['2.095', '0.3988']],
    [2, 1.9999, ['2', '1.9999']],
    [2.09452, 2.09451, ['2.09452', '2.09451']],
    [2.3, 2.3, ['2.3', '2.3']],
    [1, 1 + 1e-12, ['1', '1']],
    // Equal numbers keep four figures: more could not tell them apart (mutation: 0.39876 → 0.39876).
    [0.39876, 0.39876, ['0.3988', '0.3988']],
  ])('formatPair(%s, %s): four figures, more only when four print two different numbers alike (up to 8)', (before, after, pair) => {
    expect(formatPair(before, after)).toEqual(pair);
  });

  it('a number that is not finite reads NaN, ∞ or −∞ (a run that blew up), never "Infinity" or a hyphen', () => {
    expect([formatNumber(Number.NaN), formatNumber(Number.POSITIVE_INFINITY), formatNumber(Number.NEGATIVE_INFINITY)]).toEqual(['NaN', '∞', '−∞']);
    expect(formatNumber(Number.NaN, 2)).toBe('NaN');
  });

  it('formatSetting writes a learning rate as the learner types it', () => {
    expect([formatSetting(0.0005), formatSetting(0.0001), formatSetting(0.1), formatSetting(50 / 10), formatSetting(0.3 / 10)]).toEqual(['0.0005', '0.0001', '0.1', '5', '0.03']);
  });
});
