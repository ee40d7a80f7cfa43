/**
 * A weight gradient of 0 explained (src/explain/narration.ts, zeroGradientWhy): the inactive-unit
 * sentence only for a ReLU hidden unit at z ≤ 0, the zero-input sentence only for an input that is 0,
 * and otherwise the plain "Its gradient is 0" (mutation testing: every case hand-pass.test.ts covers
 * has both a 0 gradient and one of these reasons, so each test of the condition could be dropped).
 *
 * One [2, 2, 2] network in double precision, all numbers by hand:
 *   x = (0, 1); W⁽¹⁾ = [[0, 1], [0, −1]], b⁽¹⁾ = (0, 0): z⁽¹⁾ = (1, −1)
 *   ReLU: a⁽¹⁾ = (1, 0) (x₀ = 0 but a⁽¹⁾₀ = 1; x₁ = 1 but a⁽¹⁾₁ = 0)
 *   σ: a⁽¹⁾ = (σ(1), σ(−1)) = (0.73106, 0.26894), no unit inactive
 * W⁽²⁾ and b⁽²⁾ change per case; η = 0.5; y = 0.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass, type Activation, type Pass } from '../../src/nn/index.ts';
import { buildSteps, narrate, updateDirection, zeroGradientWhy } from '../../src/explain/index.ts';

function pass(activation: Activation, W2: number[], b2: number[]): Pass {
  const net = createNetwork({ sizes: [2, 2, 2], activation, seed: 1 }, { precision: 'float64' });
  net.layers[0].W.set([0, 1, 0, -1]);
  net.layers[0].b.set([0, 0]);
  net.layers[1].W.set(W2);
  net.layers[1].b.set(b2);
  return createPass(net, [0, 1], 0, 0.5);
}

const update = (p: Pass, layer: number, row: number, col: number) =>
  narrate(p, buildSteps(p.net).find((s) => s.kind === 'update')!, { layer, row, col });

const plainZero = 'Its gradient is 0 (on this digit, nudging it does not change the loss), so this weight stays where it is.';

describe('a weight gradient of 0 is explained by what made it 0, and only by that', () => {
  it('an active ReLU unit whose outgoing weights are all 0: not "inactive", not "its input is 0"', () => {
    // W⁽²⁾ = [[0, 1], [0, 0]], b⁽²⁾ = 0: z⁽²⁾ = (0, 0), p = (0.5, 0.5), ∂L/∂z⁽²⁾ = (−0.5, 0.5);
    // ∂L/∂a⁽¹⁾₀ = 0 · (−0.5) + 0 · 0.5 = 0, so ∂L/∂z⁽¹⁾₀ = 0 · ReLU′(1) = 0 although z⁽¹⁾₀ = 1 > 0,
    // and ∂L/∂W⁽¹⁾₀,₁ = 0 · x₁ = 0 · 1 = 0. L = log 2 = 0.6931.
    const p = pass('relu', [0, 1, 0, 0], [0, 0]);
    expect(p.trace.layers[0].z[0]).toBe(1);
    expect(p.gradients.layers[0].dLdz[0]).toBe(0);
    expect(zeroGradientWhy(p, 1, 0, 1)).toBeNull();
    expect(update(p, 1, 0, 1)).toContain(`W⁽¹⁾₀,₁ changes by −η · 0 = 0, from 1 to 1. ${plainZero} With every weight and bias moved, this digit's loss goes from 0.6931 to `);
  });

  it('with σ a unit at z ≤ 0 whose outgoing weights are all 0 is not called inactive (σ′(−1) = 0.1966, not 0)', () => {
    // W⁽²⁾ = [[1, 0], [0, 0]]: ∂L/∂a⁽¹⁾₁ = 0, so ∂L/∂z⁽¹⁾₁ = 0 · σ′(−1) = 0 and ∂L/∂W⁽¹⁾₁,₁ = 0 · x₁ = 0.
    const p = pass('sigmoid', [1, 0, 0, 0], [0, 0]);
    expect(p.trace.layers[0].z[1]).toBe(-1);
    expect(zeroGradientWhy(p, 1, 1, 1)).toBeNull();
    expect(update(p, 1, 1, 1)).toContain(`W⁽¹⁾₁,₁ changes by −η · 0 = 0, from −1 to −1. ${plainZero} With`);
  });

  it('an output unit whose probability rounds to 0 is not an inactive unit (no ReLU at the output)', () => {
    // W⁽²⁾ = [[1, 1], [0, 0]], b⁽²⁾ = (0, −1000): z⁽²⁾ = (1, −1000), p₁ = e^(−1001) / (1 + e^(−1001)) = 0
    // in float64 and p₀ = 1, so ∂L/∂z⁽²⁾ = (1 − 1, 0 − 0) = (0, 0) and ∂L/∂W⁽²⁾₁,₀ = 0 · a⁽¹⁾₀ = 0 · 1 = 0.
    const p = pass('relu', [1, 1, 0, 0], [0, -1000]);
    expect(p.trace.probabilities[1]).toBe(0);
    expect(p.gradients.layers[1].dLdz[1]).toBe(0);
    expect(zeroGradientWhy(p, 2, 1, 0)).toBeNull();
    expect(update(p, 2, 1, 0)).toContain(`W⁽²⁾₁,₀ changes by −η · 0 = 0, from 0 to 0. ${plainZero} With`);
  });

  it('a second-layer weight reads its input from a⁽¹⁾, not from the pixels x', () => {
    // W⁽²⁾ = [[1, 1], [0, 0]], b⁽²⁾ = 0: z⁽²⁾ = (1, 0), p = (e / (1 + e), 1 / (1 + e)) = (0.73106, 0.26894),
    // ∂L/∂z⁽²⁾₀ = 0.73106 − 1 = −0.26894; ∂L/∂W⁽²⁾₀,₁ = −0.26894 · a⁽¹⁾₁ = −0.26894 · 0 = 0 (x₁ = 1 is not 0),
    // and ∂L/∂W⁽²⁾₀,₀ = −0.26894 · a⁽¹⁾₀ = −0.26894 · 1, not 0 (x₀ = 0 is).
    const p = pass('relu', [1, 1, 0, 0], [0, 0]);
    expect(update(p, 2, 0, 1)).toContain('W⁽²⁾₀,₁ changes by −η · 0 = 0, from 1 to 1. Its input a⁽¹⁾₁ is 0 (unit 1 of layer 1 was inactive on this digit), so its gradient ∂L/∂z⁽²⁾₀ · a⁽¹⁾₁ = (−0.2689) · 0 = 0 and this weight stays where it is. With');
    expect(update(p, 2, 0, 0)).toContain('W⁽²⁾₀,₀ changes by −η · (−0.2689) = 0.1345, from 1 to 1.134. Its gradient is negative: raising this weight would lower the loss, so the step raises it. With');
  });

  it('updateDirection follows the sign, and 0 has its own sentence', () => {
    expect(updateDirection(0.25)).toBe('Its gradient is positive: raising this weight would raise the loss, so the step lowers it.');
    expect(updateDirection(-0.25)).toBe('Its gradient is negative: raising this weight would lower the loss, so the step raises it.');
    expect(updateDirection(0)).toBe(plainZero);
    expect(updateDirection(-0)).toBe(plainZero);
  });
});
