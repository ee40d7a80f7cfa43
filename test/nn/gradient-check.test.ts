/**
 * Every analytic gradient against central finite differences, in float64 with the very same
 * code (the network is created in Float64 precision). A bug in any backward formula shows here.
 */
import { describe, expect, it } from 'vitest';
import { backward, createNetwork, forward, type Activation, type Vec } from '../../src/nn/index.ts';
import { digit } from './helpers.ts';

const H = 1e-5;

function check(sizes: number[], activation: Activation, sampleIndex: number) {
  const net = createNetwork({ sizes, activation, seed: 7 + sampleIndex }, { precision: 'float64' });
  // Non-zero biases so their gradients are exercised away from the symmetric start.
  net.layers.forEach((layer, l) => layer.b.forEach((_, k) => (layer.b[k] = 0.05 * Math.sin(k + l))));
  const { x, y } = digit(sampleIndex);
  const gradients = backward(net, forward(net, x, y));
  const lossAt = () => forward(net, x, y).loss;
  const worst = { relative: 0, where: '' };
  const compare = (params: Vec, analytic: Vec, name: string) => {
    let diffSq = 0;
    let normSq = 0;
    for (let k = 0; k < params.length; k++) {
      const saved = params[k];
      params[k] = saved + H;
      const plus = lossAt();
      params[k] = saved - H;
      const minus = lossAt();
      params[k] = saved;
      const numeric = (plus - minus) / (2 * H);
      const error = Math.abs(numeric - analytic[k]);
      diffSq += error * error;
      normSq += (Math.abs(numeric) + Math.abs(analytic[k])) ** 2;
      // Elementwise: relative to the larger magnitude, with a floor for gradients that are ~0.
      const relative = error / Math.max(Math.abs(numeric), Math.abs(analytic[k]), 1e-3);
      if (relative > worst.relative) Object.assign(worst, { relative, where: `${name}[${k}]` });
    }
    const vectorRelative = Math.sqrt(diffSq) / Math.max(Math.sqrt(normSq), 1e-12);
    expect(vectorRelative, `${name}: ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖)`).toBeLessThan(1e-5);
  };
  net.layers.forEach((layer, l) => {
    compare(layer.W, gradients.layers[l].dLdW, `dLdW${l + 1}`);
    compare(layer.b, gradients.layers[l].dLdb, `dLdb${l + 1}`);
  });
  expect(worst.relative, `worst element ${worst.where}`).toBeLessThan(1e-5);
}

describe('analytic gradients match central finite differences (float64, every parameter)', () => {
  const shapes = [
    [784, 6, 10],
    [784, 5, 4, 10],
  ];
  const activations: Activation[] = ['relu', 'sigmoid', 'tanh'];
  for (const sizes of shapes) {
    for (const activation of activations) {
      it.each([0, 3])(`[${sizes.join(', ')}] ${activation}, test digit %i`, (index) => check(sizes, activation, index));
    }
  }
});

describe('hidden-layer gradients dL/dz and dL/da are consistent with the chain rule', () => {
  it('dL/db equals dL/dz, and dL/dz = dL/da ⊙ f′(z) for each hidden layer', () => {
    const net = createNetwork({ sizes: [784, 16, 12, 10], activation: 'tanh', seed: 3 }, { precision: 'float64' });
    const { x, y } = digit(5);
    const trace = forward(net, x, y);
    const g = backward(net, trace);
    g.layers.forEach((layer) => expect(Array.from(layer.dLdb)).toEqual(Array.from(layer.dLdz)));
    expect(g.layers[2].dLda).toBeNull();
    for (const l of [0, 1]) {
      const { a } = trace.layers[l];
      g.layers[l].dLdz.forEach((value, k) => expect(value).toBeCloseTo(g.layers[l].dLda![k] * (1 - a[k] * a[k]), 12));
    }
  });
});
