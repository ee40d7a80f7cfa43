/**
 * What an optimizer remembers for one parameter (`memory`), which the step-through of an update
 * shows the learner: each parameter array has its own slot (W and b of each layer), the values are
 * those after the latest step, worked out by hand, and a parameter that does not exist is refused.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createOptimizer, type Network, type OptimizerName } from '../../src/nn/index.ts';

/** Sizes [1, 2, 1]: layer 1 has W[2], b[2]; layer 2 has W[2], b[1]. Seven parameters in all. */
function network(): Network {
  return createNetwork({ sizes: [1, 2, 1], activation: 'relu', seed: 1 }, { precision: 'float64' });
}

/** Gradient g = k + 1 for the k-th parameter in the order layer 1 W, layer 1 b, layer 2 W, layer 2 b. */
function numbered(net: Network, scale = 1): { gradW: Float64Array[]; gradB: Float64Array[] } {
  let k = 0;
  const next = (n: number) => Float64Array.from({ length: n }, () => scale * ++k);
  const gradW: Float64Array[] = [];
  const gradB: Float64Array[] = [];
  for (const layer of net.layers) {
    gradW.push(next(layer.W.length));
    gradB.push(next(layer.b.length));
  }
  return { gradW, gradB };
}

// (layer, param, index) → the gradient number k + 1 of that parameter.
const PARAMETERS: [number, 'W' | 'b', number, number][] = [
  [0, 'W', 0, 1], [0, 'W', 1, 2], [0, 'b', 0, 3], [0, 'b', 1, 4], [1, 'W', 0, 5], [1, 'W', 1, 6], [1, 'b', 0, 7],
];

describe('optimizer memory of one parameter', () => {
  it('SGD remembers only how many steps it took', () => {
    const net = network();
    const sgd = createOptimizer(net, { name: 'sgd', learningRate: 0.1 });
    expect(sgd.memory(0, 'W', 0)).toEqual({ t: 0 });
    const g = numbered(net);
    sgd.step(net, g.gradW, g.gradB);
    sgd.step(net, g.gradW, g.gradB);
    for (const [layer, param, index] of PARAMETERS) expect(sgd.memory(layer, param, index)).toEqual({ t: 2 });
  });

  it.each(PARAMETERS)('momentum: layer %i %s[%i] has its own velocity v = g, then μ g', (layer, param, index, g) => {
    const net = network();
    const momentum = createOptimizer(net, { name: 'momentum', learningRate: 0.1 });
    const grads = numbered(net);
    momentum.step(net, grads.gradW, grads.gradB);
    expect(momentum.memory(layer, param, index)).toEqual({ t: 1, velocity: g });
    const zero = numbered(net, 0);
    momentum.step(net, zero.gradW, zero.gradB);
    // v₂ = μ v₁ + 0 = 0.9 g
    const second = momentum.memory(layer, param, index);
    expect(second.t).toBe(2);
    expect(second.velocity).toBeCloseTo(0.9 * g, 12);
  });

  it.each(PARAMETERS)('Adam: layer %i %s[%i] has its own moments, bias-corrected', (layer, param, index, g) => {
    const net = network();
    const adam = createOptimizer(net, { name: 'adam', learningRate: 0.1 });
    expect(adam.memory(layer, param, index)).toEqual({ t: 0, m: 0, v: 0, mHat: 0, vHat: 0, stepSize: 0 });
    const grads = numbered(net);
    adam.step(net, grads.gradW, grads.gradB);
    // t = 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g², η₁ = 0.1 · √0.001 / 0.1 = √0.001.
    const one = adam.memory(layer, param, index);
    expect(one.t).toBe(1);
    expect(one.m).toBeCloseTo(0.1 * g, 12);
    expect(one.v).toBeCloseTo(0.001 * g * g, 12);
    expect(one.mHat).toBeCloseTo(g, 10);
    expect(one.vHat).toBeCloseTo(g * g, 10);
    expect(one.stepSize).toBeCloseTo(Math.sqrt(0.001), 12);
    const zero = numbered(net, 0);
    adam.step(net, zero.gradW, zero.gradB);
    // t = 2, g₂ = 0: m = 0.09 g, v = 0.000999 g², m̂ = 0.09 g / 0.19, v̂ = 0.000999 g² / 0.001999,
    // η₂ = 0.1 · √0.001999 / 0.19.
    const two = adam.memory(layer, param, index);
    expect(two.t).toBe(2);
    expect(two.m).toBeCloseTo(0.09 * g, 12);
    expect(two.v).toBeCloseTo(0.000999 * g * g, 12);
    expect(two.mHat).toBeCloseTo((0.09 * g) / 0.19, 10);
    expect(two.vHat).toBeCloseTo((0.000999 * g * g) / 0.001999, 10);
    expect(two.stepSize).toBeCloseTo((0.1 * Math.sqrt(0.001999)) / 0.19, 12);
  });

  it.each(['sgd', 'momentum', 'adam'] as const)('%s refuses a parameter that does not exist', (name: OptimizerName) => {
    const net = network();
    const optimizer = createOptimizer(net, { name, learningRate: 0.1 });
    const grads = numbered(net);
    optimizer.step(net, grads.gradW, grads.gradB);
    for (const [layer, param, index, message] of [
      [-1, 'W', 0, 'no parameter W[0] in layer 0'],
      [-1, 'b', 0, 'no parameter b[0] in layer 0'],
      [2, 'W', 0, 'no parameter W[0] in layer 3'],
      [2, 'b', 0, 'no parameter b[0] in layer 3'],
      [0, 'W', -1, 'no parameter W[-1] in layer 1'],
      [0, 'W', 2, 'no parameter W[2] in layer 1'],
      [1, 'b', 1, 'no parameter b[1] in layer 2'],
    ] as const) {
      expect(() => optimizer.memory(layer, param, index), `${param}[${index}] of layer ${layer}`).toThrow(new RangeError(message));
    }
  });
});
