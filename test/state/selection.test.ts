/**
 * The selection rules on a network small enough to check by eye: [3, 2, 2] with hand-set weights,
 * so "the largest entry of a row or column" is known in advance (by magnitude, first on a tie).
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass, type Pass } from '../../src/nn/index.ts';
import {
  focusAt,
  focusOf,
  formatSelection,
  parseSelection,
  quantityLayer,
  selectionFits,
  selectionOf,
} from '../../src/state/selection.ts';

/**
 * W⁽¹⁾ (2×3) = [[0.1, −0.9, 0.3], [0.5, 0.2, −0.5]]: row 0's largest |w| is column 1, row 1 ties
 * at columns 0 and 2 (the first wins); column 0's largest is row 1, column 1's is row 0.
 * W⁽²⁾ (2×2) = [[0.4, −0.1], [0.2, 0.3]].
 */
function smallPass(): Pass {
  const net = createNetwork({ sizes: [3, 2, 2], activation: 'relu', seed: 1 });
  net.layers[0].W.set([0.1, -0.9, 0.3, 0.5, 0.2, -0.5]);
  net.layers[1].W.set([0.4, -0.1, 0.2, 0.3]);
  return createPass(net, [1, 0.5, 0.25], 1, 0.1);
}

describe('quantityLayer', () => {
  it('x is layer 0, p and y the last layer, L and η none, the rest their own layer', () => {
    const pass = smallPass();
    expect(quantityLayer(pass, { name: 'x' })).toBe(0);
    expect(quantityLayer(pass, { name: 'p' })).toBe(2);
    expect(quantityLayer(pass, { name: 'y' })).toBe(2);
    expect(quantityLayer(pass, { name: 'L' })).toBeNull();
    expect(quantityLayer(pass, { name: 'eta' })).toBeNull();
    expect(quantityLayer(pass, { name: 'z', layer: 1 })).toBe(1);
    expect(quantityLayer(pass, { name: 'W', layer: 2 })).toBe(2);
    expect(quantityLayer(pass, { name: 'W' })).toBeNull();
    // The scalars have no layer even when a reference carries one.
    expect(quantityLayer(pass, { name: 'L', layer: 2 })).toBeNull();
    expect(quantityLayer(pass, { name: 'eta', layer: 1 })).toBeNull();
  });
});

describe('focusOf', () => {
  it('a scalar is focused whatever the selection; a quantity the pass lacks is not', () => {
    const pass = smallPass();
    const scalar = { layer: null, row: 0, col: null, index: 0, shape: [1] };
    expect(focusOf(pass, { name: 'L' }, null)).toEqual(scalar);
    expect(focusOf(pass, { name: 'eta' }, { layer: 1, row: 1, col: null })).toEqual(scalar);
    expect(focusOf(pass, { name: 'dLda', layer: 2 }, { layer: 2, row: 0, col: null })).toBeNull();
    expect(focusOf(pass, { name: 'z', layer: 1 }, null)).toBeNull();
  });

  it('a vector follows a unit of its own layer, clamped into range, and ignores other layers', () => {
    const pass = smallPass();
    const z1 = { name: 'z', layer: 1 } as const;
    expect(focusOf(pass, z1, { layer: 1, row: 1, col: null })).toEqual({ layer: 1, row: 1, col: null, index: 1, shape: [2] });
    expect(focusOf(pass, z1, { layer: 1, row: 5, col: null })).toMatchObject({ row: 1, index: 1 });
    expect(focusOf(pass, z1, { layer: 1, row: -3, col: null })).toMatchObject({ row: 0, index: 0 });
    expect(focusOf(pass, z1, { layer: 1, row: 1.7, col: null })).toMatchObject({ row: 1, index: 1 });
    expect(focusOf(pass, z1, { layer: 2, row: 1, col: null })).toBeNull();
    expect(focusOf(pass, z1, { layer: 0, row: 1, col: null })).toBeNull();
    expect(focusOf(pass, { name: 'x' }, { layer: 0, row: 2, col: null })).toEqual({ layer: 0, row: 2, col: null, index: 2, shape: [3] });
  });

  it('a matrix entry of its own layer picks itself (clamped)', () => {
    const pass = smallPass();
    const W1 = { name: 'W', layer: 1 } as const;
    expect(focusOf(pass, W1, { layer: 1, row: 1, col: 2 })).toEqual({ layer: 1, row: 1, col: 2, index: 5, shape: [2, 3] });
    expect(focusOf(pass, W1, { layer: 1, row: 9, col: 9 })).toEqual({ layer: 1, row: 1, col: 2, index: 5, shape: [2, 3] });
    expect(focusOf(pass, W1, { layer: 1, row: -1, col: -1 })).toMatchObject({ row: 0, col: 0, index: 0 });
  });

  it('a unit of the matrix’s layer picks its row and the entry of largest magnitude in it (first on a tie)', () => {
    const pass = smallPass();
    const W1 = { name: 'W', layer: 1 } as const;
    expect(focusOf(pass, W1, { layer: 1, row: 0, col: null })).toEqual({ layer: 1, row: 0, col: 1, index: 1, shape: [2, 3] });
    expect(focusOf(pass, W1, { layer: 1, row: 1, col: null })).toEqual({ layer: 1, row: 1, col: 0, index: 3, shape: [2, 3] });
    // Row 1 of W⁽²⁾ is [0.2, 0.3]: column 1.
    expect(focusOf(pass, { name: 'W', layer: 2 }, { layer: 2, row: 1, col: null })).toEqual({ layer: 2, row: 1, col: 1, index: 3, shape: [2, 2] });
  });

  it('a unit of the layer below picks its column and the entry of largest magnitude in it', () => {
    const pass = smallPass();
    const W1 = { name: 'W', layer: 1 } as const;
    expect(focusOf(pass, W1, { layer: 0, row: 0, col: null })).toEqual({ layer: 1, row: 1, col: 0, index: 3, shape: [2, 3] });
    expect(focusOf(pass, W1, { layer: 0, row: 1, col: null })).toEqual({ layer: 1, row: 0, col: 1, index: 1, shape: [2, 3] });
    expect(focusOf(pass, W1, { layer: 0, row: 7, col: null })).toMatchObject({ col: 2, row: 1, index: 5 });
    const W2 = { name: 'W', layer: 2 } as const;
    // Column 1 of W⁽²⁾ is [−0.1, 0.3]: row 1.
    expect(focusOf(pass, W2, { layer: 1, row: 1, col: null })).toEqual({ layer: 2, row: 1, col: 1, index: 3, shape: [2, 2] });
    // An entry of the layer below counts as its unit `row` there (its column is another matrix's).
    expect(focusOf(pass, W2, { layer: 1, row: 0, col: 1 })).toEqual({ layer: 2, row: 0, col: 0, index: 0, shape: [2, 2] });
    expect(focusOf(pass, W1, { layer: 2, row: 0, col: 1 })).toBeNull();
    // Another layer altogether says nothing about it.
    expect(focusOf(pass, W1, { layer: 2, row: 0, col: null })).toBeNull();
  });
});

describe('focusAt and selectionOf', () => {
  it('a flat index becomes row and column (row-major), clamped into the quantity', () => {
    const pass = smallPass();
    const W1 = { name: 'W', layer: 1 } as const;
    expect(focusAt(pass, W1, 4)).toEqual({ layer: 1, row: 1, col: 1, index: 4, shape: [2, 3] });
    expect(focusAt(pass, W1, 2)).toEqual({ layer: 1, row: 0, col: 2, index: 2, shape: [2, 3] });
    expect(focusAt(pass, W1, 99)).toEqual({ layer: 1, row: 1, col: 2, index: 5, shape: [2, 3] });
    expect(focusAt(pass, { name: 'p' }, 1)).toEqual({ layer: 2, row: 1, col: null, index: 1, shape: [2] });
    expect(focusAt(pass, { name: 'L' }, 3)).toEqual({ layer: null, row: 0, col: null, index: 0, shape: [1] });
    expect(focusAt(pass, { name: 'dLda', layer: 2 }, 0)).toBeNull();
  });

  it('selectionOf picks exactly the focus; a scalar has no selection', () => {
    expect(selectionOf({ layer: 1, row: 1, col: 2, index: 5, shape: [2, 3] })).toEqual({ layer: 1, row: 1, col: 2 });
    expect(selectionOf({ layer: 0, row: 2, col: null, index: 2, shape: [3] })).toEqual({ layer: 0, row: 2, col: null });
    expect(selectionOf({ layer: null, row: 0, col: null, index: 0, shape: [1] })).toBeNull();
  });
});

describe('the URL form of a selection', () => {
  it('formats a unit as layer:row and an entry as layer:row,col, and reads both back', () => {
    expect(formatSelection({ layer: 1, row: 3, col: null })).toBe('1:3');
    expect(formatSelection({ layer: 2, row: 4, col: 7 })).toBe('2:4,7');
    expect(formatSelection({ layer: 2, row: 4, col: 0 })).toBe('2:4,0');
    expect(parseSelection('1:3')).toEqual({ layer: 1, row: 3, col: null });
    expect(parseSelection('12:1234,0')).toEqual({ layer: 12, row: 1234, col: 0 });
  });

  it.each(['', '1', '1:', ':3', '123:1', '1:12345', '1:2,', '1:2,12345', ' 1:2', '1:2 ', '1:2,3,4', 'a:1', '1-3'])('refuses %j', (raw) => {
    expect(parseSelection(raw)).toBeUndefined();
  });
});

describe('selectionFits', () => {
  it('accepts exactly the units and entries of the network', () => {
    const pass = smallPass();
    const fits = (layer: number, row: number, col: number | null) => selectionFits(pass, { layer, row, col });
    expect(fits(0, 2, null)).toBe(true);
    expect(fits(1, 0, null)).toBe(true);
    expect(fits(1, 0, 0)).toBe(true);
    expect(fits(0, 3, null)).toBe(false);
    expect(fits(2, 1, null)).toBe(true);
    expect(fits(3, 0, null)).toBe(false);
    expect(fits(-1, 0, null)).toBe(false);
    expect(fits(0.5, 0, null)).toBe(false);
    expect(fits(1, -1, null)).toBe(false);
    expect(fits(1, 0.5, null)).toBe(false);
    expect(fits(1, 1, 2)).toBe(true);
    expect(fits(1, 1, 3)).toBe(false);
    expect(fits(1, 1, -1)).toBe(false);
    expect(fits(1, 1, 0.5)).toBe(false);
    expect(fits(2, 1, 1)).toBe(true);
    expect(fits(2, 1, 2)).toBe(false);
    expect(fits(0, 0, 0)).toBe(false);
  });
});
