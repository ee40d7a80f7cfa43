import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import { takeFirst } from '../../src/data/dataset.ts';
import {
  createNetwork, createPass, createRng, evaluate, train, traceToJson, validateConfig,
  weightsFromJson, weightsToJson, scheduleScale, type TrainOptions,
} from '../../src/nn/index.ts';
import { digit } from './helpers.ts';

describe('seeded determinism', () => {
  it('the same seed gives bit-identical weights; another seed differs', () => {
    const a = createNetwork({ sizes: [784, 32, 10], activation: 'relu', seed: 5 });
    const b = createNetwork({ sizes: [784, 32, 10], activation: 'relu', seed: 5 });
    const c = createNetwork({ sizes: [784, 32, 10], activation: 'relu', seed: 6 });
    expect(Buffer.from(a.layers[0].W.buffer).equals(Buffer.from(b.layers[0].W.buffer))).toBe(true);
    expect(Array.from(a.layers[0].W.subarray(0, 5))).not.toEqual(Array.from(c.layers[0].W.subarray(0, 5)));
  });

  it('pins the generator stream, so Node and browsers agree (same values are checked in Chromium by e2e)', () => {
    const rng = createRng(1);
    expect([rng.next(), rng.next(), rng.next()].map((v) => v.toFixed(10))).toEqual(['0.6270739406', '0.0027357212', '0.5274470400']);
  });

  it('He init has variance 2/in; Xavier 2/(in+out)', () => {
    const he = createNetwork({ sizes: [784, 256, 10], activation: 'relu', seed: 1 }).layers[0].W;
    const xavier = createNetwork({ sizes: [784, 256, 10], activation: 'tanh', seed: 1 }).layers[0].W;
    const variance = (w: ArrayLike<number>) => Array.from(w).reduce((s, v) => s + v * v, 0) / w.length;
    expect(variance(he)).toBeCloseTo(2 / 784, 4);
    expect(variance(xavier)).toBeCloseTo(2 / (784 + 256), 4);
  });

  it('training twice with the same seeds gives identical weights', async () => {
    const data = takeFirst(loadMnist('train'), 512);
    const run = async () => {
      const net = createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 3 });
      await train(net, data, { optimizer: { name: 'adam', learningRate: 0.001 }, batchSize: 32, epochs: 1, shuffleSeed: 9 });
      return Array.from(net.layers[0].W.subarray(0, 50));
    };
    expect(await run()).toEqual(await run());
  });
});

describe('absurd settings are rejected up front with a clear error', () => {
  const net = createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 1 });
  const data = takeFirst(loadMnist('train'), 100);
  const base: TrainOptions = { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 10, epochs: 1, shuffleSeed: 1 };
  const cases: [string, Partial<TrainOptions> & { lr?: number }, RegExp][] = [
    ['learning rate 0', { lr: 0 }, /greater than 0/],
    ['negative learning rate', { lr: -0.1 }, /greater than 0/],
    ['NaN learning rate', { lr: Number.NaN }, /not a number/],
    ['infinite learning rate', { lr: Number.POSITIVE_INFINITY }, /must be finite/],
    ['huge learning rate', { lr: 1e9 }, /absurdly large/],
    ['batch size 0', { batchSize: 0 }, /at least 1/],
    ['fractional batch size', { batchSize: 2.5 }, /whole number/],
    ['batch larger than the set', { batchSize: 101 }, /larger than the training set \(100 digits\)/],
    ['zero epochs', { epochs: 0 }, /epochs must be/],
  ];
  it.each(cases)('%s', async (_name, change, message) => {
    const { lr, ...rest } = change;
    const options = { ...base, ...rest, optimizer: { ...base.optimizer, learningRate: lr ?? base.optimizer.learningRate } };
    await expect(train(net, data, options)).rejects.toThrow(message);
  });
  it.each([
    ['empty sizes', [], /empty/],
    ['one size', [784], /at least an input and an output/],
    ['zero units', [784, 0, 10], /at least 1/],
    ['fractional units', [784, 1.5, 10], /whole number/],
    ['huge layer', [784, 1e7, 10], /too large/],
  ] as const)('network with %s', (_name, sizes, message) => {
    expect(() => validateConfig({ sizes: [...sizes], activation: 'relu', seed: 1 })).toThrow(message);
  });
  it('unknown activation and negative seed', () => {
    expect(() => validateConfig({ sizes: [784, 10], activation: 'gelu' as never, seed: 1 })).toThrow(/unknown activation "gelu"/);
    expect(() => validateConfig({ sizes: [784, 10], activation: 'relu', seed: -1 })).toThrow(/seed -1/);
  });
});

describe('training', () => {
  const trainSet = takeFirst(loadMnist('train'), 3000);
  const testSet = loadSample();

  it('learns: accuracy on unseen digits rises well above chance in one short epoch', async () => {
    const net = createNetwork({ sizes: [784, 64, 10], activation: 'relu', seed: 1 });
    const batches: number[] = [];
    const result = await train(net, trainSet, {
      optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 32, epochs: 2, shuffleSeed: 1, test: testSet,
      onBatch: (p) => batches.push(p.loss),
    });
    expect(result.status).toBe('completed');
    expect(batches.length).toBe(2 * Math.ceil(3000 / 32));
    expect(result.epochs[1].testAccuracy).toBeGreaterThan(0.8);
    expect(result.epochs[1].loss).toBeLessThan(result.epochs[0].loss);
  });

  it('stops with a typed "diverged" result and a suggestion when the learning rate is far too large', async () => {
    const net = createNetwork({ sizes: [784, 64, 10], activation: 'relu', seed: 1 });
    const result = await train(net, trainSet, { optimizer: { name: 'sgd', learningRate: 50 }, batchSize: 32, epochs: 3, shuffleSeed: 1 });
    expect(result.status).toBe('diverged');
    if (result.status !== 'diverged') return;
    expect(result.suggestion).toMatch(/learning rate 50 is too large for sgd: try 5/);
    expect(result.epoch).toBe(1);
  });

  it('the cosine schedule anneals the learning rate from η to 0; constant keeps it', () => {
    expect(scheduleScale('cosine', 0, 100)).toBe(1);
    expect(scheduleScale('cosine', 50, 100)).toBeCloseTo(0.5, 12);
    expect(scheduleScale('cosine', 100, 100)).toBeCloseTo(0, 12);
    expect(scheduleScale('constant', 70, 100)).toBe(1);
  });

  it('rejects an unknown schedule', async () => {
    const net = createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 1 });
    await expect(train(net, trainSet, { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 10, epochs: 1, shuffleSeed: 1, schedule: 'step' as never }))
      .rejects.toThrow(/unknown schedule "step"/);
  });

  it('can be cancelled between batches', async () => {
    const net = createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 1 });
    const controller = new AbortController();
    const result = await train(net, trainSet, {
      optimizer: { name: 'momentum', learningRate: 0.01 }, batchSize: 100, epochs: 5, shuffleSeed: 1,
      onBatch: (p) => { if (p.batch === 4) controller.abort(); }, signal: controller.signal,
    });
    expect(result).toMatchObject({ status: 'cancelled', epoch: 1, batch: 5 });
  });

  it('evaluation gives a confusion matrix, per-class accuracy and the misclassified digits', () => {
    const net = createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 1 });
    const e = evaluate(net, testSet);
    const total = e.confusion.flat().reduce((s, n) => s + n, 0);
    const diagonal = e.confusion.reduce((s, row, c) => s + row[c], 0);
    expect(total).toBe(100);
    expect(e.accuracy).toBeCloseTo(diagonal / 100, 12);
    expect(e.misclassified.length).toBe(100 - diagonal);
    for (const index of e.misclassified) expect(e.predictions[index]).not.toBe(testSet.labels[index]);
    expect(e.perClassAccuracy[7]).toBeCloseTo(e.confusion[7][7] / e.confusion[7].reduce((s, n) => s + n, 0), 12);
  });
});

describe('weights and traces as JSON', () => {
  it('weights round-trip exactly', () => {
    const net = createNetwork({ sizes: [784, 12, 10], activation: 'sigmoid', seed: 4 });
    const back = weightsFromJson(JSON.stringify(weightsToJson(net)));
    expect(Array.from(back.layers[0].W)).toEqual(Array.from(net.layers[0].W));
    expect(back.activation).toBe('sigmoid');
  });

  it.each([
    ['not JSON', '{nope', /not valid JSON/],
    ['wrong format', { format: 'other' }, /format is "other"/],
    ['wrong version', { format: 'stepwise-weights', version: 9 }, /version 9 is not supported/],
  ] as const)('rejects %s', (_name, doc, message) => expect(() => weightsFromJson(doc)).toThrow(message));

  it('rejects wrong shapes and non-finite numbers', () => {
    const doc = weightsToJson(createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 1 }));
    const shortRow = structuredClone(doc);
    shortRow.layers[0].weights[2].pop();
    expect(() => weightsFromJson(shortRow)).toThrow(/layer 1 weights row 2 should have 784 numbers, found 783/);
    const nan = structuredClone(doc);
    (nan.layers[1].biases as unknown[])[3] = null;
    expect(() => weightsFromJson(nan)).toThrow(/layer 2 biases\[3\] is null, not a finite number/);
    const missingLayer = structuredClone(doc);
    missingLayer.layers.pop();
    expect(() => weightsFromJson(missingLayer)).toThrow(/expected 2 layers/);
  });

  it('the trace document has exactly the documented shape', () => {
    const net = createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 1 });
    const { x, y } = digit(0);
    const doc = traceToJson(createPass(net, x, y, 0.1), { set: 'test', index: 0 });
    expect(Object.keys(doc)).toEqual(['format', 'version', 'network', 'sample', 'learningRate', 'layers', 'probabilities', 'loss', 'updated']);
    expect(doc.sample.label).toBe(7);
    expect(doc.layers[0].weights.length).toBe(8);
    expect(doc.layers[0].weights[0].length).toBe(784);
    expect(doc.layers[0].dLda).toHaveLength(8);
    expect(doc.layers[1].dLda).toBeUndefined();
    expect(doc.layers[1].a).toEqual(doc.probabilities);
    expect(doc.updated[1].biases[7]).toBeCloseTo(doc.layers[1].biases[7] - 0.1 * doc.layers[1].dLdb[7], 6);
  });
});

describe('purity of the core', () => {
  it('src/nn imports nothing of the DOM, d3, Astro, fetch or Math.random', () => {
    const root = join(import.meta.dirname, '../../src/nn');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      // Comments may mention what is forbidden; code may not.
      const source = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) {
        // Relative imports that stay inside src/nn only.
        expect(spec, `${file} imports ${spec}`).toMatch(/^\.{1,2}\/[a-z/.-]+\.ts$/);
        expect(relative(root, resolve(root, dirname(file), spec)), `${file} imports ${spec}`).not.toMatch(/^\.\./);
      }
      expect(source, file).not.toMatch(/Math\.random|\bdocument\.|\bwindow\.|\bfetch\(|['"](d3|astro)/);
    }
  });
});
