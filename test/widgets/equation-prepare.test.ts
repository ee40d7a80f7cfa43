// @vitest-environment jsdom
/**
 * The equation panel typesets every step's equations in idle time, nearest first: the next step,
 * the previous one, then further out, inside the stepper's range only.
 */
import { describe, expect, it } from 'vitest';
import { nearestFirst } from '../../src/widgets/EquationPanel/element.ts';

describe('nearestFirst', () => {
  it('alternates next and previous outwards from the current step, next first', () => {
    expect(nearestFirst(5, 0, 12)).toEqual([6, 4, 7, 3, 8, 2, 9, 1, 10, 0, 11, 12]);
  });
  it('stays inside the range at either end', () => {
    expect(nearestFirst(0, 0, 3)).toEqual([1, 2, 3]);
    expect(nearestFirst(3, 0, 3)).toEqual([2, 1, 0]);
    expect(nearestFirst(4, 3, 6)).toEqual([5, 3, 6]);
  });
  it('a one-step range has nothing else to prepare', () => {
    expect(nearestFirst(2, 2, 2)).toEqual([]);
  });
});
