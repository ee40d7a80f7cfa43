/**
 * The quantity view's data on the hand-worked pass of tiny-pass.ts (and a few wider networks for
 * the size thresholds): which layer the update shows, where the page's selection lands (the step's
 * own focus for its output, the selection for any other quantity, a unit's row in a matrix), how
 * it is drawn, its names, its scale, the true class, and W before, ΔW = −η·∂L/∂W and W after.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass, type Pass } from '../../src/nn/index.ts';
import { BAR_LIMIT, GRID_LIMIT, quantityView, symbolOf } from '../../src/state/quantity-view.ts';
import type { SessionState } from '../../src/state/session.ts';
import { ETA, S, expectClose, tinyState } from './tiny-pass.ts';

/** A pass through a network of `sizes` (ReLU, seed 4) on an input of ramps in [0, 1]. */
function passOf(sizes: number[]): Pass {
  const net = createNetwork({ sizes, activation: 'relu', seed: 4 });
  const input = Array.from({ length: sizes[0] }, (_, k) => (k % 7) / 7);
  return createPass(net, input, 1, 0.1);
}

describe('the quantity view on the tiny pass', () => {
  it('the step’s output, named, drawn and scaled for what it is', () => {
    const z1 = quantityView(tinyState(0))!;
    expect(z1).toMatchObject({
      name: 'z', label: 'z⁽¹⁾', title: 'weighted sums of layer 1', tex: 'z^{(1)}', layer: 1, shape: [2], kind: 'bars', scale: 'diverging',
      rowName: 'unit of layer 1', colName: null, trueClass: null, update: null,
    });
    expect(Array.from(z1.values)).toEqual([0.5, -1]);
    // The step's own focus: the most active unit of z¹, unit 0.
    expect(z1.focus).toEqual({ row: 0, col: null, index: 0 });

    const p = quantityView(tinyState(5))!;
    expect(p).toMatchObject({
      name: 'p', label: 'p', title: 'probabilities', layer: 3, shape: [2], kind: 'bars', scale: 'sequential', rowName: 'digit', colName: null, trueClass: 1,
    });
    expectClose(p.values, [S, 1 - S]);
    expect(p.focus).toEqual({ row: 1, col: null, index: 1 }); // the true class

    const loss = quantityView(tinyState(6))!;
    expect(loss).toMatchObject({ name: 'L', label: 'L', title: 'the loss', layer: null, shape: [1], kind: 'number', scale: 'diverging', trueClass: null });
    expect(loss.values[0]).toBeCloseTo(Math.log(1 + Math.exp(2)), 12);
    expect(loss.focus).toEqual({ row: 0, col: null, index: 0 });

    const dW3 = quantityView(tinyState(8))!;
    expect(dW3).toMatchObject({
      name: 'dLdW', label: '∂L/∂W⁽³⁾', title: 'weight gradient of layer 3', layer: 3, shape: [2, 2], kind: 'grid', rowName: 'digit', colName: 'unit of layer 2', trueClass: 1, update: null,
    });
    expectClose(dW3.values, [S, 0, -S, 0]);
    const dW1 = quantityView(tinyState(16))!;
    expect([dW1.rowName, dW1.colName, dW1.trueClass]).toEqual(['unit of layer 1', 'pixel', null]);
  });

  it('any quantity by reference: x and y on a sequential scale, the label on y, the update’s b named b', () => {
    const state = tinyState(0);
    expect(quantityView(state, { name: 'x' })).toMatchObject({ layer: 0, scale: 'sequential', rowName: 'pixel', title: 'the input pixels', trueClass: null });
    const y = quantityView(state, { name: 'y' })!;
    expect(y).toMatchObject({ layer: 3, scale: 'sequential', title: 'the label as a one-hot vector', trueClass: 1 });
    expect(Array.from(y.values)).toEqual([0, 1]);
    const b = quantityView(state, { name: 'bnew', layer: 2 })!;
    expect(b).toMatchObject({ name: 'bnew', label: 'b⁽²⁾', title: 'one gradient-descent step on the biases', kind: 'bars', update: null });
    expectClose(b.values, [-ETA * 2 * S, 0.25]);
    expect(symbolOf({ name: 'bnew', layer: 3 })).toBe('b⁽³⁾');
    expect(quantityView(state, { name: 'eta' })).toMatchObject({ title: 'the learning rate', kind: 'number', layer: null, values: [ETA] });
    // Quantities the pass does not have: none.
    expect(quantityView(state, { name: 'dLda', layer: 3 })).toBeNull();
    expect(quantityView(state, { name: 'z', layer: 9 })).toBeNull();
    expect(quantityView(tinyState(0, { pass: null }))).toBeNull();
  });

  it('the update: W before, ΔW = −η·∂L/∂W and W after, of the selected layer (layer 1 by default)', () => {
    const s = S;
    const view = quantityView(tinyState(18))!;
    expect(view).toMatchObject({ name: 'Wnew', label: 'W⁽¹⁾', title: 'one gradient-descent step on the weights', kind: 'update', layer: 1, shape: [2, 4] });
    expect(view.update!.layer).toBe(1);
    expect(view.update!.eta).toBe(ETA);
    expect(view.update!.shape).toEqual([2, 4]);
    expect(Array.from(view.update!.before)).toEqual([1, -1, 1, -1, 3, 0, 4, 0]);
    // ∂L/∂W¹ = [[4s, 2s, 0, 4s], [0, 0, 0, 0]].
    expectClose(view.update!.delta, [-2 * s, -s, 0, -2 * s, 0, 0, 0, 0]);
    expectClose(view.update!.after, [1 - 2 * s, -1 - s, 1, -1 - 2 * s, 3, 0, 4, 0]);
    // The unit that changes most: row 0, at its largest gradient (column 0).
    expect(view.focus).toEqual({ row: 0, col: 0, index: 0 });

    const layer2 = quantityView(tinyState(18, { selection: { layer: 2, row: 0, col: null } }))!;
    expect([layer2.label, layer2.layer, layer2.update!.layer, layer2.rowName, layer2.colName]).toEqual(['W⁽²⁾', 2, 2, 'unit of layer 2', 'unit of layer 1']);
    expectClose(layer2.update!.delta, [-ETA * s, 0, 0, 0]);
    expect(layer2.focus).toEqual({ row: 0, col: 0, index: 0 });
    // Asked for layer 1's update while layer 2 is selected: that quantity, with no entry marked.
    const fixed = quantityView(tinyState(18, { selection: { layer: 2, row: 0, col: null } }), { name: 'Wnew', layer: 1 })!;
    expect([fixed.layer, fixed.update!.layer, fixed.focus]).toEqual([1, 1, null]);

    // Without a focus (or one on the pixels, layer 0) the update shows layer 1.
    expect(quantityView({ ...tinyState(18), focus: null })!.update!.layer).toBe(1);
    const pixels = tinyState(18);
    expect(quantityView({ ...pixels, focus: { ...pixels.focus!, layer: 0 } })!.update!.layer).toBe(1);
  });

  it('where the selection lands: the step’s own focus for its output, the selection for anything else', () => {
    // Step linear:1, nothing selected: its own output gets the step's focus; other quantities none.
    const state = tinyState(0);
    expect(quantityView(state, { name: 'z', layer: 1 })!.focus).toEqual({ row: 0, col: null, index: 0 });
    expect(quantityView(state, { name: 'a', layer: 1 })!.focus).toBeNull();
    expect(quantityView(state, { name: 'z', layer: 2 })!.focus).toBeNull();
    // Unit 1 of layer 2 selected: z² (another quantity) shows it; the step's output keeps its own focus.
    const selected = tinyState(0, { selection: { layer: 2, row: 1, col: null } });
    expect(quantityView(selected, { name: 'z', layer: 2 })!.focus).toEqual({ row: 1, col: null, index: 1 });
    expect(quantityView(selected, { name: 'z', layer: 1 })!.focus).toEqual({ row: 0, col: null, index: 0 });
    expect(quantityView(selected)!.focus).toEqual({ row: 0, col: null, index: 0 });
  });

  it('a unit the step explains marks its row in a matrix of its layer, and nothing elsewhere', () => {
    // Step linear:3 explains the true class, unit 1 of the output: W³'s row 1 (2 columns: index 2).
    const state = tinyState(4);
    expect(state.focus).toMatchObject({ layer: 3, row: 1, col: null });
    expect(quantityView(state, { name: 'W', layer: 3 })!.focus).toEqual({ row: 1, col: null, index: 2 });
    expect(quantityView(state, { name: 'W', layer: 2 })!.focus).toBeNull();
    expect(quantityView(state, { name: 'b', layer: 3 })!.focus).toBeNull();
    // A unit the step explains, nothing selected: its row is read at its largest term w·x, as a unit
    // picked in the diagram is (review: it read column 0, a blank corner pixel). Unit 0 of layer 1 on the
    // tiny pass with W¹ row 0 set to [0.5, −0.1, 9, 2]: terms with x = (1, 0.5, 0, 1) are 0.5, −0.05, 0, 2,
    // so column 3, index 3 (not 2, the largest weight on the blank x₂, nor 0, the corner).
    const pass = tinyState(0).pass!;
    pass.net.layers[0].W.set([0.5, -0.1, 9, 2], 0);
    const unit0 = { ...tinyState(0, {}, pass), focus: { layer: 1, row: 0, col: null, index: 0, shape: [2] } };
    expect(quantityView(unit0, { name: 'W', layer: 1 })!.focus).toEqual({ row: 0, col: null, index: 3 });
    // Step weight-gradient:3 explains an entry (row and column), not a unit: W³ gets no row.
    const entry = tinyState(8);
    expect(entry.focus!.col).not.toBeNull();
    expect(quantityView(entry, { name: 'W', layer: 3 })!.focus).toBeNull();
  });

  it('titles name the layer, except for the update’s new values', () => {
    const state = tinyState(0);
    expect(quantityView(state, { name: 'W', layer: 2 })!.title).toBe('weights of layer 2');
    expect(quantityView(state, { name: 'dLda', layer: 1 })!.title).toBe('gradient of the loss with respect to a of layer 1');
    expect(quantityView(state, { name: 'Wnew', layer: 2 })!.title).toBe('one gradient-descent step on the weights');
    expect(quantityView(state, { name: 'Wnew', layer: 2 })!.kind).toBe('update');
    expect(quantityView(tinyState(5))!.title).toBe('probabilities');
  });
});

describe('how a quantity is drawn, by its size', () => {
  it.each([
    [[784, BAR_LIMIT, 10], { name: 'z', layer: 1 }, 'bars'],
    [[784, BAR_LIMIT + 1, 10], { name: 'z', layer: 1 }, 'heatmap'],
    [[784, 3, 10], { name: 'x' }, 'image'],
    [[784, 3, 10], { name: 'W', layer: 1 }, 'images'],
    [[784, 3, 10], { name: 'dLdW', layer: 1 }, 'images'],
    [[784, 32, 32, 10], { name: 'W', layer: 2 }, 'grid'], // 1024 entries
    [[784, 25, 41, 10], { name: 'W', layer: 2 }, 'heatmap'], // 1025
    [[784, 3, 10], { name: 'W', layer: 2 }, 'grid'],
  ] as const)('%j: %j is drawn as %s', (sizes, ref, kind) => {
    expect([BAR_LIMIT, GRID_LIMIT]).toEqual([32, 1024]);
    const state: SessionState = tinyState(0, {}, passOf([...sizes]));
    expect(quantityView(state, ref)!.kind).toBe(kind);
  });
});
