/**
 * The edges of the weights checks: the limits themselves (depth, a unit of 1, exactly 4,000,000
 * parameters, the longest accepted text), shapes refused before any value is read, the default
 * initialisation of a document without one, and `checkNetwork` (a network that arrived as a
 * structured clone, from IndexedDB or the worker) refusing what a weights file would.
 */
import { describe, expect, it } from 'vitest';
import {
  checkNetwork, createNetwork, MAX_WEIGHTS_TEXT, weightsFromJson, weightsToJson, WeightsError, type Network, type WeightsDocument,
} from '../../src/nn/index.ts';

/** A document of zeros for `sizes` (only the shapes matter here). */
function documentOf(sizes: number[], activation: WeightsDocument['network']['activation'] = 'relu'): WeightsDocument {
  return {
    format: 'stepwise-weights',
    version: 1,
    network: { sizes, activation, seed: 1, init: 'he' },
    layers: sizes.slice(1).map((out, l) => ({ weights: Array.from({ length: out }, () => new Array(sizes[l]).fill(0)), biases: new Array(out).fill(0) })),
  };
}
const refusal = (problem: string) => `These weights cannot be loaded: ${problem}`;

describe('the limits of a weights document', () => {
  it('reads four hidden layers, one of a single unit; refuses five and refuses none-at-all', () => {
    expect(weightsFromJson(documentOf([784, 1, 2, 3, 4, 10])).sizes).toEqual([784, 1, 2, 3, 4, 10]);
    expect(() => weightsFromJson(documentOf([784, 1, 1, 1, 1, 1, 10]))).toThrow(refusal('the network has 5 hidden layers; this site reads 0 to 4'));
    const single = { ...documentOf([784, 10]), network: { sizes: [784], activation: 'relu', seed: 1, init: 'he' } } as WeightsDocument;
    expect(() => weightsFromJson(single)).toThrow(refusal('the network has 0 hidden layers; this site reads 0 to 4'));
  });

  it('counts weights and biases: 784·4096 … exactly 4,000,000 parameters pass the count, 121 more do not', () => {
    // 785·4096 + 4097·110 + 111·2760 + 2761·10 = 4,000,000 (each layer's weights plus its biases).
    const exact = { ...documentOf([784, 10]), network: { sizes: [784, 4096, 110, 2760, 10], activation: 'relu', seed: 1, init: 'he' } } as WeightsDocument;
    // Past the count, the (deliberately missing) layers are what is refused.
    expect(() => weightsFromJson(exact)).toThrow(refusal('expected 4 layers for sizes [784, 4096, 110, 2760, 10], found 1'));
    const over = { ...exact, network: { ...exact.network, sizes: [784, 4096, 110, 2761, 10] } };
    expect(() => weightsFromJson(over)).toThrow(refusal('the network has 4000121 parameters, more than the 4000000 this site reads'));
  });

  it('a layer size that is text is refused as written', () => {
    const doc = documentOf([784, 3, 10]);
    (doc.network.sizes as unknown[])[1] = '3';
    expect(() => weightsFromJson(doc)).toThrow(refusal('layer size "3" must be a whole number of units, at least 1'));
  });

  it('a layer size out of range (JSON\'s 1e400) is called Infinity, not null', () => {
    const text = JSON.stringify(documentOf([784, 3, 10])).replace('"sizes":[784,3,10]', '"sizes":[784,1e400,10]');
    expect(() => weightsFromJson(text)).toThrow(refusal('layer size Infinity must be a whole number of units, at least 1'));
  });

  it('text up to the longest accepted length is parsed; one character more is refused unread', () => {
    const longest = `${' '.repeat(MAX_WEIGHTS_TEXT - 2)}{}`;
    expect(() => weightsFromJson(longest)).toThrow(refusal('format is undefined, expected "stepwise-weights"'));
    expect(() => weightsFromJson(`${longest} `)).toThrow(refusal(`the file is ${MAX_WEIGHTS_TEXT + 1} characters long, more than the 100000000 a weights file of this site can be`));
  });

  it('all shapes are checked before any value: a short row or bias list of a later layer is named, not an earlier bad number', () => {
    const row = documentOf([784, 3, 10]);
    row.layers[0].weights[0][5] = Number.NaN;
    row.layers[1].weights[4].pop();
    expect(() => weightsFromJson(row)).toThrow(refusal('layer 2 weights row 4 should have 3 numbers, found 2'));
    const bias = documentOf([784, 3, 10]);
    bias.layers[0].weights[0][5] = Number.NaN;
    bias.layers[1].biases.pop();
    expect(() => weightsFromJson(bias)).toThrow(refusal('layer 2 biases should have 10 numbers, found 9'));
  });

  it('a NaN (from a document built in code; JSON has none) is called NaN', () => {
    const doc = documentOf([784, 3, 10]);
    doc.layers[1].biases[2] = Number.NaN;
    expect(() => weightsFromJson(doc)).toThrow(refusal('layer 2 biases[2] is NaN, not a finite number'));
  });

  it.each([
    ['relu', 'he'],
    ['sigmoid', 'xavier'],
    ['tanh', 'xavier'],
  ] as const)('a document without an initialisation: %s networks read as %s', (activation, init) => {
    const doc = documentOf([784, 3, 10], activation);
    delete (doc.network as Partial<WeightsDocument['network']>).init;
    expect(weightsFromJson(doc).init).toBe(init);
  });
});

describe('checkNetwork: a network that arrived as a structured clone', () => {
  const good = (): Network => {
    const net = createNetwork({ sizes: [784, 3, 10], activation: 'tanh', seed: 2 });
    net.layers[1].b.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    return net;
  };
  const changed = (change: (net: Record<string, unknown> & Network) => void): unknown => {
    const net = structuredClone(good()) as Record<string, unknown> & Network;
    change(net);
    return net;
  };

  it('returns a sound network as it is, in either precision and without an initialisation', () => {
    const net = good();
    expect(checkNetwork(net)).toBe(net);
    const wide = createNetwork({ sizes: [784, 2, 10], activation: 'relu', seed: 1 }, { precision: 'float64' });
    expect(wide.layers[0].W).toBeInstanceOf(Float64Array);
    expect(checkNetwork(wide)).toBe(wide);
    const clone = changed((n) => delete (n as Partial<Network>).init);
    expect(checkNetwork(clone)).toBe(clone);
    // Its weights are the ones it came with.
    expect(weightsToJson(checkNetwork(structuredClone(net)))).toEqual(weightsToJson(net));
  });

  it.each([
    ['null', () => null, 'the network is not an object'],
    ['a number', () => 42, 'the network is not an object'],
    ['text', () => 'net', 'the network is not an object'],
    ['sizes not MNIST', () => changed((n) => (n.sizes = [784, 3, 9])), 'the output layer has 9 units, but there are 10 digit classes'],
    ['no layers', () => changed((n) => delete (n as Partial<Network>).layers), 'expected 2 layers for sizes [784, 3, 10]'],
    ['a layer too few', () => changed((n) => n.layers.pop()), 'expected 2 layers for sizes [784, 3, 10]'],
    ['a layer reading the wrong input size', () => changed((n) => (n.layers[1].inSize = 4)), 'layer 2 has the wrong shape'],
    ['a layer of the wrong width', () => changed((n) => (n.layers[0].outSize = 4)), 'layer 1 has the wrong shape'],
    ['weights as a plain list', () => changed((n) => ((n.layers[0] as { W: unknown }).W = Array.from(n.layers[0].W))), 'layer 1 weights should be 2352 numbers'],
    ['weights as whole numbers', () => changed((n) => ((n.layers[0] as { W: unknown }).W = new Int32Array(2352))), 'layer 1 weights should be 2352 numbers'],
    ['weights one short', () => changed((n) => (n.layers[0].W = n.layers[0].W.subarray(1))), 'layer 1 weights should be 2352 numbers'],
    ['biases one short', () => changed((n) => (n.layers[1].b = n.layers[1].b.subarray(1))), 'layer 2 biases should be 10 numbers'],
    ['a NaN bias', () => changed((n) => (n.layers[1].b[3] = Number.NaN)), 'layer 2 biases[3] is NaN, not a finite number'],
    ['an infinite weight', () => changed((n) => (n.layers[0].W[7] = Number.NEGATIVE_INFINITY)), 'layer 1 weights[7] is -Infinity, not a finite number'],
    ['an unknown initialisation', () => changed((n) => ((n as { init: string }).init = 'lecun')), 'unknown initialisation "lecun": use he or xavier'],
    ['no precision', () => changed((n) => delete (n as Partial<Network>).precision), 'the network has no precision'],
    ['an unknown precision', () => changed((n) => ((n as { precision: string }).precision = 'float16')), 'the network has no precision'],
  ])('refuses %s', (_name, make, problem) => {
    const value = make();
    expect(() => checkNetwork(value)).toThrow(WeightsError);
    expect(() => checkNetwork(value)).toThrow(refusal(problem));
  });
});
