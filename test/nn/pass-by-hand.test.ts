/**
 * One digit's whole pass on a network small enough to do on paper: two inputs, two hidden units,
 * two classes, for each activation. Every number the step-through shows (z, a, p, L, dL/dz,
 * dL/dW, dL/db, dL/da, the updated weights) against values worked out by hand from the lesson
 * formulas, in double precision.
 *
 *   x = (1, ½), true class y = 0, η = ½
 *   W¹ = [[½, −1], [1, 1]], b¹ = (−0.1, −0.2)   → z¹ = W¹x + b¹ = (½ − ½ − 0.1, 1 + ½ − 0.2) = (−0.1, 1.3)
 *   a¹ = f(z¹);  W² = [[1, −1], [½, 2]], b² = (0, 0.1);  z² = W²a¹ + b²;  p = softmax(z²);  L = −log p₀
 *   dL/dz² = p − onehot(0);  dL/dW²[o][i] = dL/dz²[o]·a¹[i];  dL/db² = dL/dz²
 *   dL/da¹[i] = Σ_o W²[o][i]·dL/dz²[o];  dL/dz¹ = dL/da¹ · f′(z¹)  with
 *   ReLU′ = [z > 0], σ′ = a(1 − a), tanh′ = 1 − a²;  dL/dW¹[o][i] = dL/dz¹[o]·x[i];  θ′ = θ − η dL/dθ
 * The first hidden unit has z = −0.1 < 0, so under ReLU it passes no gradient back.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass, forward, predicted, type Activation } from '../../src/nn/index.ts';

interface Expected {
  a1: number[]; z2: number[]; p: number[]; L: number;
  dLdz2: number[]; dLdW2: number[]; dLda1: number[]; dLdz1: number[]; dLdW1: number[];
  W1: number[]; b1: number[]; W2: number[]; b2: number[];
}

const table: [Activation, Expected][] = [
  ['relu', {
    a1: [0, 1.3], z2: [-1.3, 2.7], p: [0.01798621, 0.98201379], L: 4.0181499279,
    dLdz2: [-0.98201379, 0.98201379], dLdW2: [0, -1.276617927, 0, 1.276617927],
    dLda1: [-0.491006895, 2.9460413701], dLdz1: [0, 2.9460413701], dLdW1: [0, 0, 2.9460413701, 1.4730206851],
    W1: [0.5, -1, -0.4730206851, 0.2634896575], b1: [-0.1, -1.6730206851], W2: [1, -0.3616910365, 0.5, 1.3616910365], b2: [0.491006895, -0.391006895],
  }],
  ['sigmoid', {
    a1: [0.4750208125, 0.785834983], z2: [-0.3108141705, 1.9091803723], p: [0.0979692866, 0.9020307134], L: 2.323101252,
    dLdz2: [-0.9020307134, 0.9020307134], dLdW2: [-0.4284833624, -0.7088472904, 0.4284833624, 0.7088472904],
    dLda1: [-0.4510153567, 2.7060921403], dLdz1: [-0.1124724237, 0.4554308759], dLdW1: [-0.1124724237, -0.0562362119, 0.4554308759, 0.227715438],
    W1: [0.5562362119, -0.9718818941, 0.772284562, 0.886142281], b1: [-0.0437637881, -0.427715438], W2: [1.2142416812, -0.6455763548, 0.2857583188, 1.6455763548], b2: [0.4510153567, -0.3510153567],
  }],
  ['tanh', {
    a1: [-0.0996679946, 0.8617231593], z2: [-0.9613911539, 1.7736123213], p: [0.0609392061, 0.9390607939], L: 2.7978785338,
    dLdz2: [-0.9390607939, 0.9390607939], dLdW2: [0.0935943062, -0.8092104341, -0.0935943062, 0.8092104341],
    dLda1: [-0.469530397, 2.8171823818], dLdz1: [-0.4648662186, 0.7252362663], dLdW1: [-0.4648662186, -0.2324331093, 0.7252362663, 0.3626181331],
    W1: [0.7324331093, -0.8837834454, 0.6373818669, 0.8186909334], b1: [0.1324331093, -0.5626181331], W2: [0.9532028469, -0.5953947829, 0.5467971531, 1.5953947829], b2: [0.469530397, -0.369530397],
  }],
];

function expectClose(actual: ArrayLike<number>, expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((value, k) => expect(actual[k], `${what}[${k}]`).toBeCloseTo(value, 8));
}

describe.each(table)('one pass by hand, %s', (activation, e) => {
  // Built inside each test, not once for the file: work done while tests are collected is
  // invisible to Stryker's per-test coverage, so its mutants would never run these tests.
  const run = () => {
    const net = createNetwork({ sizes: [2, 2, 2], activation, seed: 1 }, { precision: 'float64' });
    net.layers[0].W.set([0.5, -1, 1, 1]);
    net.layers[0].b.set([-0.1, -0.2]);
    net.layers[1].W.set([1, -1, 0.5, 2]);
    net.layers[1].b.set([0, 0.1]);
    const pass = createPass(net, [1, 0.5], 0, 0.5);
    const [hidden, output] = pass.gradients.layers;
    return { net, pass, hidden, output };
  };

  it('forward: z¹, a¹, z², p and L', () => {
    const { pass } = run();
    expectClose(pass.trace.input, [1, 0.5], 'x');
    expectClose(pass.trace.layers[0].z, [-0.1, 1.3], 'z¹');
    expectClose(pass.trace.layers[0].a, e.a1, 'a¹');
    expectClose(pass.trace.layers[1].z, e.z2, 'z²');
    expectClose(pass.trace.probabilities, e.p, 'p');
    expectClose(pass.trace.layers[1].a, e.p, 'a² (the probabilities)');
    expect(pass.trace.loss).toBeCloseTo(e.L, 8);
    expect(predicted(pass.trace)).toBe(1);
  });

  it('backward through the output layer: dL/dz² = p − onehot(y), dL/dW², dL/db²', () => {
    const { output } = run();
    expectClose(output.dLdz, e.dLdz2, 'dL/dz²');
    expectClose(output.dLdW, e.dLdW2, 'dL/dW²');
    expectClose(output.dLdb, e.dLdz2, 'dL/db²');
    expect(output.dLda).toBeNull();
  });

  it('backward through the hidden layer: dL/da¹ = W²ᵀ dL/dz², dL/dz¹ = dL/da¹ · f′(z¹), dL/dW¹, dL/db¹', () => {
    const { hidden } = run();
    expectClose(hidden.dLda!, e.dLda1, 'dL/da¹');
    expectClose(hidden.dLdz, e.dLdz1, 'dL/dz¹');
    expectClose(hidden.dLdW, e.dLdW1, 'dL/dW¹');
    expectClose(hidden.dLdb, e.dLdz1, 'dL/db¹');
  });

  it('the update: θ − η dL/dθ on a copy, the original untouched', () => {
    const { net, pass } = run();
    expectClose(pass.updated.layers[0].W, e.W1, 'W¹ after');
    expectClose(pass.updated.layers[0].b, e.b1, 'b¹ after');
    expectClose(pass.updated.layers[1].W, e.W2, 'W² after');
    expectClose(pass.updated.layers[1].b, e.b2, 'b² after');
    expectClose(net.layers[0].W, [0.5, -1, 1, 1], 'W¹ before');
    expectClose(net.layers[1].b, [0, 0.1], 'b² before');
    expect(pass.learningRate).toBe(0.5);
  });

  it('the loss after the step is this digit through the updated weights, and lower', () => {
    const { pass } = run();
    expect(pass.after.loss).toBe(forward(pass.updated, [1, 0.5], 0).loss);
    expect(pass.after.loss).toBeLessThan(e.L);
  });
});

describe('the pass refuses what it cannot compute', () => {
  const net = createNetwork({ sizes: [2, 2], activation: 'relu', seed: 1 });
  it.each([
    ['an input of the wrong length', () => createPass(net, [1, 2, 3], 0, 0.1), /input has 3 values but the network expects 2/],
    ['a label that is not a class', () => createPass(net, [1, 2], 2, 0.1), /label 2 is not a class 0–1/],
    ['a fractional label', () => createPass(net, [1, 2], 0.5, 0.1), /label 0\.5 is not a class/],
    ['a negative label', () => createPass(net, [1, 2], -1, 0.1), /label -1 is not a class/],
    ['η = 0', () => createPass(net, [1, 2], 0, 0), /learning rate must be a positive finite number \(got 0\)/],
    ['η = ∞', () => createPass(net, [1, 2], 0, Number.POSITIVE_INFINITY), /learning rate must be a positive finite number/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(message);
  });
});
