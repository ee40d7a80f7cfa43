/**
 * focusOf's "largest entry in the row" reads only that row: a larger entry just past its end (the
 * first of the next row, in the flat row-major array) is another unit's weight and must not win.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass } from '../../src/nn/index.ts';
import { focusOf } from '../../src/state/selection.ts';

describe('focusOf on a row whose neighbour starts with a larger entry', () => {
  it('a unit of the matrix’s layer picks the largest |w · input| of its own row, not the next row’s first', () => {
    // W⁽¹⁾ (2×3) = [[0.1, −0.2, 0.3], [−0.9, 0, 0]]: flat [0.1, −0.2, 0.3, −0.9, 0, 0]; x = (1, 0.5, 1).
    // Row 0's terms w·x are 0.1, −0.1, 0.3: column 2 (flat index 2). Flat index 3 (|−0.9|) is row 1's.
    const net = createNetwork({ sizes: [3, 2, 2], activation: 'relu', seed: 1 });
    net.layers[0].W.set([0.1, -0.2, 0.3, -0.9, 0, 0]);
    const pass = createPass(net, [1, 0.5, 1], 1, 0.1);
    expect(focusOf(pass, { name: 'W', layer: 1 }, { layer: 1, row: 0, col: null })).toEqual({ layer: 1, row: 0, col: 2, index: 2, shape: [2, 3] });
    // Row 1 itself: −0.9 at column 0 (flat index 3).
    expect(focusOf(pass, { name: 'W', layer: 1 }, { layer: 1, row: 1, col: null })).toEqual({ layer: 1, row: 1, col: 0, index: 3, shape: [2, 3] });
  });

  it('a unit opens on the weight that adds most to its sum, not the largest weight on a blank pixel (review: pixel 397, not the lesson’s 685)', () => {
    // W⁽¹⁾ row 0 = [0.2, 0.9, −0.5], x = (1, 0, 0.5): terms 0.2, 0, −0.25. The largest weight, 0.9, multiplies
    // the blank x₁ = 0; the largest term is −0.25 at column 2.
    const net = createNetwork({ sizes: [3, 2, 2], activation: 'relu', seed: 1 });
    net.layers[0].W.set([0.2, 0.9, -0.5, 0, 0, 0]);
    const pass = createPass(net, [1, 0, 0.5], 1, 0.1);
    expect(focusOf(pass, { name: 'W', layer: 1 }, { layer: 1, row: 0, col: null })).toEqual({ layer: 1, row: 0, col: 2, index: 2, shape: [2, 3] });
  });

  it('on ∂L/∂W (no input weighting) a unit still picks from its own row, not the next row’s first', () => {
    // Seed 1, x = (1, 0.5, 0.25): ∂L/∂W⁽¹⁾ = ∂L/∂z · xᵀ, row 0 ∝ (1, 0.5, 0.25) so its largest is column 0;
    // row 1's first entry is larger still in magnitude (checked below), which a read past the row would pick.
    const net = createNetwork({ sizes: [3, 2, 2], activation: 'relu', seed: 1 }, { precision: 'float64' });
    const pass = createPass(net, [1, 0.5, 0.25], 1, 0.1);
    const g = pass.gradients.layers[0].dLdW;
    expect(Math.abs(g[3])).toBeGreaterThan(Math.abs(g[0]));
    expect(focusOf(pass, { name: 'dLdW', layer: 1 }, { layer: 1, row: 0, col: null })).toEqual({ layer: 1, row: 0, col: 0, index: 0, shape: [2, 3] });
  });
});
