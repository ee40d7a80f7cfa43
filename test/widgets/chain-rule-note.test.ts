/** The chain-rule widget's note for a weight that does not exist starts as a sentence does. */
import { describe, expect, it } from 'vitest';
import { choiceError } from '../../src/widgets/ChainRule/render.ts';

describe('chain-rule weight fields', () => {
  it('a refused layer, unit or input reads as a sentence and names the weight still shown', () => {
    expect(choiceError('layer -3 does not exist: choose a layer from 1 to 2', { layer: 2, row: 7, col: 8 }))
      .toBe('Layer -3 does not exist: choose a layer from 1 to 2; still showing layer 2, unit 7, input 8.');
    expect(choiceError('type a whole number for the unit', { layer: 1, row: 0, col: 3 }))
      .toBe('Type a whole number for the unit; still showing layer 1, unit 0, input 3.');
  });
});
