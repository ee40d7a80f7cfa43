/** The trainer's batched path (sparse first layer, mean gradients) agrees with the single-sample pass. */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { backward, createNetwork, forward, sparseRows, type Activation } from '../../src/nn/index.ts';
import { meanGradients } from '../../src/nn/backends/ts/batch.ts';
import { linearForward, linearForwardSparse } from '../../src/nn/backends/ts/kernels.ts';
import { maxAbsDiff } from './helpers.ts';

describe('batched and single-sample paths agree', () => {
  const sample = loadSample();
  const cases: [number[], Activation, number[]][] = [
    [[784, 32, 10], 'relu', [0, 1, 2, 3, 4, 5, 6, 7]],
    [[784, 20, 13, 10], 'sigmoid', [10, 11, 42, 99]],
    [[784, 17, 10], 'tanh', [5]],
    // The second hidden layer is wide enough (≥ 32) to read its ReLU inputs as sparse rows.
    [[784, 24, 36, 10], 'relu', [3, 14, 15, 92, 65, 35, 89, 79, 32]],
  ];
  it.each(cases)('%j %s: batch gradients = mean of single-sample gradients', (sizes, activation, indices) => {
    const net = createNetwork({ sizes, activation, seed: 11 }, { precision: 'float64' });
    const batch = meanGradients(net, sample, indices);
    const sums = net.layers.map((layer) => ({ W: new Float64Array(layer.W.length), b: new Float64Array(layer.b.length) }));
    let lossSum = 0;
    for (const index of indices) {
      const trace = forward(net, imageAsFloats(sample, index), sample.labels[index]);
      lossSum += trace.loss;
      backward(net, trace).layers.forEach((g, l) => {
        g.dLdW.forEach((v, k) => (sums[l].W[k] += v / indices.length));
        g.dLdb.forEach((v, k) => (sums[l].b[k] += v / indices.length));
      });
    }
    expect(batch.loss).toBeCloseTo(lossSum / indices.length, 12);
    net.layers.forEach((_, l) => {
      expect(maxAbsDiff(batch.dLdW[l], sums[l].W)).toBeLessThan(1e-12);
      expect(maxAbsDiff(batch.dLdb[l], sums[l].b)).toBeLessThan(1e-12);
    });
  });

  it('the sparse first-layer kernel equals the dense one, including odd layer widths', () => {
    for (const outSize of [8, 13, 3]) {
      const net = createNetwork({ sizes: [784, outSize, 10], activation: 'relu', seed: 2 });
      const { W, b } = net.layers[0];
      b.forEach((_, k) => (b[k] = k / 10));
      const rows = Uint32Array.of(3, 1, 4, 1, 5);
      const sparse = new Float32Array(rows.length * outSize);
      linearForwardSparse(sparseRows(sample), rows, W, b, sparse, rows.length, 784, outSize);
      const X = new Float32Array(rows.length * 784);
      rows.forEach((row, s) => X.set(imageAsFloats(sample, row), s * 784));
      const dense = new Float32Array(rows.length * outSize);
      linearForward(X, W, b, dense, rows.length, 784, outSize);
      expect(maxAbsDiff(sparse, dense)).toBeLessThan(1e-5);
    }
  });
});
