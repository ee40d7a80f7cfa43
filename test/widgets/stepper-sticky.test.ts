import { describe, expect, it } from 'vitest';
import { stickyMargin } from '../../src/widgets/Stepper/render.ts';

// The room kept under the sticky step bar changes a page-wide custom property (every element
// restyles), so it must settle: it rounds up to 16 px and only grows at the same window width.
describe('stickyMargin', () => {
  it.each([
    // height, previous, same width, expected
    [100, 0, true, 112],
    [112, 0, true, 112],
    [90, 112, true, 112], // a shorter narration keeps the margin
    [130, 112, true, 144], // a taller one grows it
    [50, 144, false, 64], // a new window width starts again
    [0, 0, true, 0],
  ])('a %i px bar after %i px (same width: %s) keeps %i px', (height, previous, same, expected) => {
    expect(stickyMargin(height, previous, same)).toBe(expected);
  });
});
