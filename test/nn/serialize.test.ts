/**
 * Weights and trace documents: their layout pinned on hand-made networks, exact round trips, and
 * the learner-readable refusals of a bad weights file.
 */
import { describe, expect, it } from 'vitest';
import {
  createNetwork, createPass, toRows, traceToJson, weightsFromJson, weightsToJson, WeightsError, type Network, type WeightsDocument,
} from '../../src/nn/index.ts';
import { digit } from './helpers.ts';

describe('toRows: a row-major array as nested rows', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6], 2, 3, [[1, 2, 3], [4, 5, 6]]],
    [[1, 2, 3, 4, 5, 6], 3, 2, [[1, 2], [3, 4], [5, 6]]],
    [[7], 1, 1, [[7]]],
    [[], 0, 4, []],
  ])('%j as %i × %i', (values, rows, cols, expected) => {
    expect(toRows(values, rows, cols)).toEqual(expected);
  });
});

/** Two inputs, three units: W[o * 2 + i] is the weight from input i to unit o. */
function handNetwork(): Network {
  const net = createNetwork({ sizes: [2, 3], activation: 'tanh', seed: 42, init: 'he' });
  net.layers[0].W.set([1, 2, 3, 4, 5, 6]);
  net.layers[0].b.set([-1, 0.5, 0.25]);
  return net;
}

const handDocument: WeightsDocument = {
  format: 'stepwise-weights',
  version: 1,
  network: { sizes: [2, 3], activation: 'tanh', seed: 42, init: 'he' },
  layers: [{ weights: [[1, 2], [3, 4], [5, 6]], biases: [-1, 0.5, 0.25] }],
};

/** The smallest hand-made document the site reads: 784 inputs, 3 hidden units, 10 outputs. */
const mnistDocument: WeightsDocument = {
  format: 'stepwise-weights',
  version: 1,
  network: { sizes: [784, 3, 10], activation: 'tanh', seed: 42, init: 'he' },
  layers: [
    { weights: [[1, 2, ...new Array(782).fill(0)], new Array(784).fill(3), new Array(784).fill(-4)], biases: [-1, 0.5, 0.25] },
    { weights: Array.from({ length: 10 }, (_, o) => [o, 0, o === 9 ? 6 : 0]), biases: new Array(10).fill(0) },
  ],
};

describe('the weights document', () => {
  it('writes each layer’s weights as [out][in] rows, with the network that rebuilds it', () => {
    expect(weightsToJson(handNetwork())).toEqual(handDocument);
  });

  it('reads a document written by hand', () => {
    const net = weightsFromJson(JSON.stringify(mnistDocument));
    expect(net).toMatchObject({ sizes: [784, 3, 10], activation: 'tanh', seed: 42, init: 'he', precision: 'float32' });
    expect(Array.from(net.layers[0].W.subarray(0, 4))).toEqual([1, 2, 0, 0]);
    expect(Array.from(net.layers[0].b)).toEqual([-1, 0.5, 0.25]);
    expect(net.layers[1].W[3 * 9 + 2]).toBe(6);
  });

  it('refuses a network that does not read MNIST: 784 inputs and 10 outputs (issue 8)', () => {
    expect(() => weightsFromJson(handDocument)).toThrow('These weights cannot be loaded: the input layer has 2 units, but MNIST digits have 784 pixels');
  });

  it('stores numbers as float32, like every network', () => {
    const doc = structuredClone(mnistDocument);
    doc.layers[0].weights[0][0] = 0.1;
    expect(weightsFromJson(doc).layers[0].W[0]).toBe(Math.fround(0.1));
  });

  it.each([
    [[784, 16, 10], 'relu', undefined],
    [[784, 12, 8, 10], 'sigmoid', 'he'],
    [[784, 3, 2, 10], 'tanh', 'xavier'],
  ] as const)('round-trips %j %s exactly, through JSON text', (sizes, activation, init) => {
    const net = createNetwork({ sizes: [...sizes], activation, seed: 7, init });
    net.layers.forEach((layer, l) => layer.b.forEach((_, k) => (layer.b[k] = Math.fround((l + 1) * 0.01 * (k - 1)))));
    const back = weightsFromJson(JSON.stringify(weightsToJson(net)));
    expect(back).toMatchObject({ sizes: net.sizes, activation, seed: 7, init: net.init });
    expect(back.layers).toHaveLength(net.layers.length);
    back.layers.forEach((layer, l) => {
      expect(layer.inSize).toBe(net.layers[l].inSize);
      expect(layer.outSize).toBe(net.layers[l].outSize);
      expect(Array.from(layer.W)).toEqual(Array.from(net.layers[l].W));
      expect(Array.from(layer.b)).toEqual(Array.from(net.layers[l].b));
    });
  });
});

describe('a weights file that cannot be used says why', () => {
  const broken = (change: (doc: Record<string, unknown> & WeightsDocument) => void): unknown => {
    const doc = structuredClone(mnistDocument) as Record<string, unknown> & WeightsDocument;
    change(doc);
    return doc;
  };
  it.each([
    ['null', null, 'the document is not a JSON object'],
    ['a number', '42', 'the document is not a JSON object'],
    ['not JSON', '{"format":', 'the file is not valid JSON ('],
    ['no format', broken((d) => delete (d as Partial<WeightsDocument>).format), 'format is undefined, expected "stepwise-weights"'],
    ['version 2', broken((d) => (d.version = 2)), 'version 2 is not supported (this site reads version 1)'],
    ['no network', broken((d) => delete (d as Partial<WeightsDocument>).network), 'the "network" description is missing'],
    ['a network that is text', broken((d) => ((d as { network: unknown }).network = '784-3-10')), 'the "network" description is missing'],
    ['a layer of 0 units', broken((d) => (d.network.sizes = [784, 0, 10])), 'layer size 0 must be a whole number of units, at least 1'],
    ['an unknown activation', broken((d) => (d.network.activation = 'gelu' as never)), 'unknown activation "gelu"'],
    ['a layer too many', broken((d) => d.layers.push(d.layers[0])), 'expected 2 layers for sizes [784, 3, 10], found 3'],
    ['no layers', broken((d) => delete (d as Partial<WeightsDocument>).layers), 'expected 2 layers for sizes [784, 3, 10], found none'],
    ['a row missing', broken((d) => d.layers[0].weights.pop()), 'layer 1 weights should have 3 rows, found 2'],
    ['a layer that is null', broken((d) => ((d.layers as unknown[])[0] = null)), 'layer 1 weights should have 3 rows, found none'],
    ['no weights', broken((d) => delete (d.layers[0] as Partial<WeightsDocument['layers'][number]>).weights), 'layer 1 weights should have 3 rows, found none'],
    ['a short row', broken((d) => d.layers[0].weights[1].pop()), 'layer 1 weights row 1 should have 784 numbers, found 783'],
    ['a row that is not a list', broken((d) => ((d.layers[0].weights as unknown[])[2] = 'x')), 'layer 1 weights row 2 should have 784 numbers, found string'],
    ['a text weight', broken((d) => ((d.layers[0].weights[0] as unknown[])[1] = '2')), 'layer 1 weights row 0[1] is "2", not a finite number'],
    ['an infinite weight', broken((d) => (d.layers[0].weights[2][0] = Number.POSITIVE_INFINITY)), 'layer 1 weights row 2[0] is Infinity (out of range), not a finite number'],
    ['biases too long', broken((d) => d.layers[0].biases.push(0)), 'layer 1 biases should have 3 numbers, found 4'],
  ])('%s', (_name, input, problem) => {
    expect(() => weightsFromJson(input)).toThrow(WeightsError);
    expect(() => weightsFromJson(input)).toThrow(expect.objectContaining({ name: 'WeightsError' }));
    expect(() => weightsFromJson(input)).toThrow(`These weights cannot be loaded: ${problem}`);
  });
});

describe('the trace document of one pass', () => {
  // Built inside each test (not while the tests are collected), so Stryker's per-test coverage
  // sees which tests run traceToJson.
  const run = () => {
    const net = createNetwork({ sizes: [784, 6, 5, 10], activation: 'sigmoid', seed: 3 });
    const { x, y } = digit(1);
    const pass = createPass(net, x, y, 0.5);
    const doc = JSON.parse(JSON.stringify(traceToJson(pass, { set: 'test', index: 1 })));
    return { net, x, pass, doc };
  };

  it('records the network, the digit and η', () => {
    const { x, doc } = run();
    expect(doc.format).toBe('stepwise-trace');
    expect(doc.version).toBe(1);
    expect(doc.network).toEqual({ sizes: [784, 6, 5, 10], activation: 'sigmoid', seed: 3 });
    expect(doc.sample).toEqual({ set: 'test', index: 1, label: 2, pixels: Array.from(x) });
    expect(doc.learningRate).toBe(0.5);
  });

  // JSON has no −0: the one change a round trip makes (−0 and 0 are equal as numbers).
  const plain = (values: ArrayLike<number>): number[] => Array.from(values, (v) => v + 0);

  it('every array survives JSON exactly: the numbers are the pass’s own', () => {
    const { net, pass, doc } = run();
    doc.layers.forEach((layer: Record<string, number[] | number[][]>, l: number) => {
      const g = pass.gradients.layers[l];
      expect(layer.weights.flat()).toEqual(plain(net.layers[l].W));
      expect(layer.biases).toEqual(plain(net.layers[l].b));
      expect(layer.z).toEqual(plain(pass.trace.layers[l].z));
      expect(layer.a).toEqual(plain(pass.trace.layers[l].a));
      expect(layer.dLdz).toEqual(plain(g.dLdz));
      expect(layer.dLdW.flat()).toEqual(plain(g.dLdW));
      expect(layer.dLdb).toEqual(plain(g.dLdb));
      if (g.dLda) expect(layer.dLda).toEqual(plain(g.dLda));
      else expect(layer).not.toHaveProperty('dLda');
    });
    expect(doc.probabilities).toEqual(plain(pass.trace.probabilities));
    expect(doc.loss).toBe(pass.trace.loss);
  });

  it('hidden layers carry dL/da, the output layer does not', () => {
    const { doc } = run();
    expect(doc.layers.map((layer: object) => 'dLda' in layer)).toEqual([true, true, false]);
  });

  it('weights and gradients are [out][in] rows: dL/dW[o][i] = dL/dz[o] · a_prev[i]', () => {
    const { doc } = run();
    const last = doc.layers[2];
    expect(last.weights).toHaveLength(10);
    expect(last.weights[0]).toHaveLength(5);
    for (let o = 0; o < 10; o++) {
      for (let i = 0; i < 5; i++) expect(last.dLdW[o][i]).toBeCloseTo(last.dLdz[o] * doc.layers[1].a[i], 6);
    }
  });

  it('the updated weights are W − η dL/dW, entry by entry', () => {
    const { doc } = run();
    doc.updated.forEach((layer: { weights: number[][]; biases: number[] }, l: number) => {
      const before = doc.layers[l];
      layer.weights.forEach((row, o) => row.forEach((w, i) => expect(w).toBeCloseTo(before.weights[o][i] - 0.5 * before.dLdW[o][i], 6)));
      layer.biases.forEach((b, o) => expect(b).toBeCloseTo(before.biases[o] - 0.5 * before.dLdb[o], 6));
    });
  });

  it('the probabilities sum to 1 and the loss is −log p(label)', () => {
    const { doc } = run();
    expect(doc.probabilities.reduce((s: number, p: number) => s + p, 0)).toBeCloseTo(1, 6);
    expect(doc.loss).toBeCloseTo(-Math.log(doc.probabilities[2]), 5);
  });
});
