/** The chain-rule widget's note for a weight that does not exist starts as a sentence does. */
import { describe, expect, it } from 'vitest';
import { choiceError } from '../../src/widgets/ChainRule/render.ts';

describe('chain-rule weight fields', () => {
  it('a refused layer, unit or input reads as a sentence and names the weight still shown', () => {
    expect(choiceError('layer -3 does not exist: choose a layer from 1 to 2', { layer: 2, row: 7, col: 8 }, 2))
      .toBe('Layer -3 does not exist: choose a layer from 1 to 2; still showing W⁽²⁾₇,₈, into output 7 from hidden unit 8.');
    expect(choiceError('type a whole number for the unit', { layer: 1, row: 0, col: 3 }, 2))
      .toBe('Type a whole number for the unit; still showing W⁽¹⁾₀,₃, into unit 0 from pixel 3.');
    // A deeper network: layer 2 feeds another hidden layer, so its rows are units, not outputs.
    expect(choiceError('hidden unit 40 does not exist in layer 1: choose 0 to 15', { layer: 2, row: 5, col: 1 }, 3))
      .toBe('Hidden unit 40 does not exist in layer 1: choose 0 to 15; still showing W⁽²⁾₅,₁, into unit 5 from hidden unit 1.');
  });
});
