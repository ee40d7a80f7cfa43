/**
 * Edges of src/nn's core that its mutation run (groups `nn-<file>`) left unpinned by the fast tests:
 * the predicted class when the largest probability is not the last one, and on a tie; softmax and
 * the loss shifting by the largest logit even when it is not the last one (else e^z overflows).
 *
 * The networks have one input and three classes with zero weights, so z = b exactly and the
 * probabilities are softmax(b): equal biases give bit-identical probabilities.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, forward, predicted, type Network } from '../../src/nn/index.ts';
import { crossEntropy, softmax } from '../../src/nn/reference.ts';

/** A 1-3 network whose logits are `b` whatever the input. */
function logits(b: number[]): Network {
  const net = createNetwork({ sizes: [1, 3], activation: 'relu', seed: 1 }, { precision: 'float64' });
  net.layers[0].W.fill(0);
  net.layers[0].b.set(b);
  return net;
}

describe('predicted: the index of the largest probability', () => {
  it('picks the middle class when it is the largest (not simply the last one looked at)', () => {
    // z = (0, 1, 0): p = (1, e, 1) / (2 + e) = (0.2119, 0.5761, 0.2119): class 1.
    const trace = forward(logits([0, 1, 0]), [1], 0);
    expect(trace.probabilities[1]).toBeCloseTo(Math.E / (2 + Math.E), 12);
    expect(predicted(trace)).toBe(1);
  });

  it('picks the first of two tied largest probabilities', () => {
    // z = (1, 1, 0): p₀ = p₁ = e / (2e + 1) exactly equal, p₂ smaller: the first, class 0.
    const trace = forward(logits([1, 1, 0]), [1], 2);
    expect(trace.probabilities[0]).toBe(trace.probabilities[1]);
    expect(predicted(trace)).toBe(0);
  });

  it('picks the last class when it alone is the largest', () => {
    const trace = forward(logits([0, 0, 2]), [1], 2);
    expect(predicted(trace)).toBe(2);
  });
});

describe('softmax and the loss shift by the largest logit, not the last one', () => {
  it('softmax(1000, 0, 0) = (1, 0, 0): shifted by 1000, e^0 = 1 and e^−1000 = 0 (shifted by 0, e^1000 = ∞ and ∞/∞ = NaN)', () => {
    const p = new Float64Array(3);
    softmax(Float64Array.of(1000, 0, 0), p);
    expect(Array.from(p)).toEqual([1, 0, 0]);
  });

  it('L = −log p for logits (1000, 0, 0): log(1 + 2e^−1000) − (z_y − 1000) = 1000 for y = 1, 0 for y = 0', () => {
    expect(crossEntropy(Float64Array.of(1000, 0, 0), 1)).toBe(1000);
    expect(crossEntropy(Float64Array.of(1000, 0, 0), 0)).toBe(0);
  });

  it('a float32 pass with a huge first logit keeps finite probabilities and loss', () => {
    // One input 1, zero weights, b = (200, 0, −5): shifted by 200, p = (1, e^−200, e^−205) ≈ (1, 0, 0)
    // and L(y = 1) = 200; shifted by the last logit instead, e^205 ≈ 10^89 is ∞ in float32 and p₀ NaN.
    const net = createNetwork({ sizes: [1, 3], activation: 'relu', seed: 1 });
    net.layers[0].W.fill(0);
    net.layers[0].b.set([200, 0, -5]);
    const trace = forward(net, [1], 1);
    expect(trace.probabilities[0]).toBe(1);
    expect(trace.loss).toBeCloseTo(200, 9);
  });
});
