/**
 * The edges of the descent panel's words: the verdict's decimals stop at eight, and the flat-curve
 * note's thresholds (a change of exactly FLAT_CHANGE still counts as visible; a loss of exactly
 * FLAT_CHANGE is not yet at its floor) and number format (0 prints as 0, 1e-4 as 0.0001).
 */
import { describe, expect, it } from 'vitest';
import { descentVerdict, FLAT_CHANGE, flatNote, type IterationPoint } from '../../src/state/descent.ts';

const point = (step: number, digit: number, mean: number, pLabel: number, largestChange: number | null): IterationPoint => ({ step, digit, mean, pLabel, largestChange });

describe('the verdict’s decimals', () => {
  it('stop at eight, even when eight still print two different losses alike', () => {
    // 1 and 0.999999996 differ first in the ninth figure: at eight both round to 1 (formatPair drops trailing zeros).
    const text = descentVerdict(1e-4, { before: 1, after: 0.999999996 }, null).text;
    expect(text).toBe("One step with η = 0.0001 took this digit's loss from 1 to 1.");
    // A difference in the eighth figure shows at eight: 0.99999996 is 1.0000000 at seven.
    expect(descentVerdict(1e-4, { before: 1, after: 0.99999996 }, null).text).toContain('from 1 to 0.99999996.');
  });
});

describe('flatNote at its thresholds', () => {
  it('FLAT_CHANGE is 0.001, and 0.001 − 0 and 0.002 − 0.001 are exactly that in binary', () => {
    expect(FLAT_CHANGE).toBe(0.001);
    expect(Math.abs(0 - 0.001)).toBe(FLAT_CHANGE);
    expect(Math.abs(0.001 - 0.002)).toBe(FLAT_CHANGE);
  });

  it('a last change of exactly FLAT_CHANGE, in the digit’s loss or the mean, is still visible: no note', () => {
    expect(flatNote([point(0, 0.5, 2.3, 0.6, null), point(1, 0.001, 2.3, 0.999, 0.2), point(2, 0, 2.3, 1, 0.01)], 1, 4)).toBeNull();
    expect(flatNote([point(0, 0.5, 2.3, 0.6, null), point(1, 0, 0.002, 1, 0.2), point(2, 0, 0.001, 1, 0.01)], 1, 4)).toBeNull();
    // Just under it on both: a note (this digit at its floor).
    expect(flatNote([point(0, 0.5, 2.3, 0.6, null), point(1, 0.0009, 0.0019, 1, 0.2), point(2, 0, 0.001, 1, 0.01)], 1, 4)).toMatch(/^Why the curves are flat: this digit's loss is 0, at its floor of 0/);
  });

  it('a loss of exactly FLAT_CHANGE is not at its floor: the steps are tiny; 0 prints as 0 and 1e-4 as 0.0001', () => {
    const points = [point(0, 0.0012, 2.3, 0.998, null), point(1, 0.001, 2.3, 0.999, 1e-4), point(2, 0.001, 2.3, 0.999, 1e-4)];
    expect(flatNote(points, 0.0001, 4)).toBe(
      "Why the curves look flat: each step with η = 0.0001 is tiny. The last one changed this digit's loss by 0 (to 0.001) and moved no weight or bias by more than 0.0001. A larger η takes bigger steps.",
    );
    // Just under 1e-4 the change is written with an exponent.
    expect(flatNote([points[0], points[1], point(2, 0.001, 2.3, 0.999, 9e-5)], 0.0001, 4)).toContain('by more than 9.0e−5.');
  });

  it('a last point that is not a step (no largest change) gets no note', () => {
    expect(flatNote([point(0, 2, 2.3, 0.1, null), point(1, 2, 2.3, 0.1, 1e-5), point(2, 2, 2.3, 0.1, null)], 0.0001, 4)).toBeNull();
  });
});
