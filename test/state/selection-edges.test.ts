/**
 * focusOf's "largest entry in the row" reads only that row: a larger entry just past its end (the
 * first of the next row, in the flat row-major array) is another unit's weight and must not win.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass } from '../../src/nn/index.ts';
import { focusOf } from '../../src/state/selection.ts';

describe('focusOf on a row whose neighbour starts with a larger entry', () => {
  it('a unit of the matrix’s layer picks the largest |w| of its own row, not the next row’s first', () => {
    // W⁽¹⁾ (2×3) = [[0.1, −0.2, 0.3], [−0.9, 0, 0]]: flat [0.1, −0.2, 0.3, −0.9, 0, 0].
    // Row 0's magnitudes are 0.1, 0.2, 0.3: column 2 (flat index 2). Flat index 3 (|−0.9|) is row 1's.
    const net = createNetwork({ sizes: [3, 2, 2], activation: 'relu', seed: 1 });
    net.layers[0].W.set([0.1, -0.2, 0.3, -0.9, 0, 0]);
    const pass = createPass(net, [1, 0.5, 0.25], 1, 0.1);
    expect(focusOf(pass, { name: 'W', layer: 1 }, { layer: 1, row: 0, col: null })).toEqual({ layer: 1, row: 0, col: 2, index: 2, shape: [2, 3] });
    // Row 1 itself: −0.9 at column 0 (flat index 3).
    expect(focusOf(pass, { name: 'W', layer: 1 }, { layer: 1, row: 1, col: null })).toEqual({ layer: 1, row: 1, col: 0, index: 3, shape: [2, 3] });
  });
});
