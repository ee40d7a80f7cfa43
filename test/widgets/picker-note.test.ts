/**
 * The note under the step-through's seed and learning-rate fields when a typed value is refused.
 * It read "“-3” is not a valid the seed; still using the last valid value." (the label carries its
 * article, and no range was given): it must name the range and the value still in use.
 */
import { describe, expect, it } from 'vitest';
import { URL_PARAMS } from '../../src/state/url.ts';
import { refusedValueNote } from '../../src/widgets/DigitPicker/render.ts';

describe('refused seed / learning rate in the digit picker', () => {
  it('names what was typed, the valid range and the value still in use', () => {
    expect(refusedValueNote('-3', URL_PARAMS.seed, 1)).toBe('“-3” is not valid: the seed must be a whole number from 0 to 4294967295. Still using 1.');
    expect(refusedValueNote('1e9', URL_PARAMS.lr, 0.1)).toBe('“1e9” is not valid: the learning rate must be a number from 0.0001 to 100. Still using 0.1.');
    expect(refusedValueNote('', URL_PARAMS.lr, 0.1)).not.toMatch(/a valid the/);
  });
});
