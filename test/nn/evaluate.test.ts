/**
 * `evaluate`: first on a network whose every answer is known by hand (so the confusion matrix's
 * orientation, the per-class accuracy and the loss are pinned to numbers), then on real digits
 * against the single-digit pass, `predicted(forward(…))`, one digit at a time.
 */
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/data/load-node.ts';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadWasmBackend } from '../../src/data/kernels-node.ts';
import {
  createNetwork, createTrainer, evaluate, forward, summarizeEvaluation, predicted, train, tsBackend, type Evaluation, type KernelBackend, type LabelledImages, type Network,
} from '../../src/nn/index.ts';

/**
 * Two pixels in, four classes out. W = [[1, 0], [0, 1], [0, 0], [0, 0]], b = (0, 0, ½, −10):
 * pixel 0 lit → z = (1, 0, ½, −10), class 0; pixel 1 lit → z = (0, 1, ½, −10), class 1;
 * nothing lit → z = (0, 0, ½, −10), class 2. Class 3 is never predicted.
 */
function handNetwork(): Network {
  const net = createNetwork({ sizes: [2, 4], activation: 'relu', seed: 1 });
  net.layers[0].W.set([1, 0, 0, 1, 0, 0, 0, 0]);
  net.layers[0].b.set([0, 0, 0.5, -10]);
  return net;
}

const images = (digits: [number, number, number][]): LabelledImages => ({
  count: digits.length,
  rows: 1,
  cols: 2,
  pixels: Uint8Array.from(digits.flatMap(([p0, p1]) => [p0, p1])),
  labels: Uint8Array.from(digits.map(([, , label]) => label)),
});

// softmax(1, 0, ½, −10) = (0.506476, 0.186322, 0.307193, 0.0000085); softmax(0, 0, ½, −10) = (0.274065, 0.274065, 0.451857, 0.0000124).
const handSet = images([
  [255, 0, 0], // predicted 0, right         −log p = 0.6802781
  [255, 0, 1], // predicted 0, truly 1       −log p = 1.6802781
  [0, 255, 1], // predicted 1, right         −log p = 0.6802781
  [0, 0, 2], //   predicted 2, right         −log p = 0.7943892
  [0, 0, 0], //   predicted 2, truly 0       −log p = 1.2943892
]);

/** The trainer's evaluation in a backend, before any training: the weights as given. */
function evaluateIn(backend: KernelBackend, net: Network, set: LabelledImages): Evaluation {
  const trainer = createTrainer(net, set, { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 1, epochs: 1, shuffleSeed: 1, backend });
  try {
    return trainer.evaluate(set);
  } finally {
    trainer.dispose();
  }
}

const wasmBackend = await loadWasmBackend();
const evaluators: [string, (net: Network, set: LabelledImages) => Evaluation][] = [
  ['evaluate()', evaluate],
  ['the trainer, TypeScript backend', (net, set) => evaluateIn(tsBackend, net, set)],
  ['the trainer, WebAssembly backend', (net, set) => evaluateIn(wasmBackend, net, set)],
];
describe.each(evaluators)('evaluation by %s on a network whose answers are known by hand', (_name, evaluateWith) => {
  // Evaluated inside each test (not once while the tests are collected), so that Stryker's
  // per-test coverage sees which tests run evaluate.
  const evaluation = () => evaluateWith(handNetwork(), handSet);

  it('predicts each digit’s class', () => {
    const e = evaluation();
    expect(Array.from(e.predictions)).toEqual([0, 0, 1, 2, 2]);
  });

  it('counts confusion[true][predicted]: rows are the true digit, columns the guess', () => {
    const e = evaluation();
    expect(e.confusion).toEqual([
      // predicted: 0  1  2  3
      [1, 0, 1, 0], // true 0: one right, one taken for a 2
      [1, 1, 0, 0], // true 1: one taken for a 0, one right
      [0, 0, 1, 0], // true 2: right
      [0, 0, 0, 0], // true 3: absent
    ]);
  });

  it('accuracy 3/5, per class ½, ½, 1 and NaN for the absent class', () => {
    const e = evaluation();
    expect(e.accuracy).toBe(0.6);
    expect(e.perClassAccuracy.slice(0, 3)).toEqual([0.5, 0.5, 1]);
    expect(e.perClassAccuracy[3]).toBeNaN();
  });

  it('lists the misclassified digits in order', () => {
    const e = evaluation();
    expect(e.misclassified).toEqual([1, 4]);
  });

  it('the loss is the mean of −log p(true class)', () => {
    const e = evaluation();
    expect(e.loss).toBeCloseTo((0.6802781 + 1.6802781 + 0.6802781 + 0.7943892 + 1.2943892) / 5, 5); // 1.0259226
  });

  it('confidence is the probability of the predicted class', () => {
    const e = evaluation();
    const expected = [0.506476, 0.506476, 0.506476, 0.451857, 0.451857];
    expect(e.confidence).toHaveLength(5);
    e.confidence.forEach((p, k) => expect(p, `digit ${k}`).toBeCloseTo(expected[k], 5));
  });

  it('a softmax-only network has no hidden layer to be dead', () => {
    const e = evaluation();
    expect(e.deadFraction).toEqual([]);
  });
});

describe.each(evaluators)('dead units by hand, %s', (_name, evaluateWith) => {
  // One pixel in, three ReLU units, two classes. Unit 0: z = x (alive when the pixel is lit);
  // unit 1: z = −x − 1 (never positive: dead); unit 2: z = 0 (ReLU′(0) = 0: dead too).
  it('one of three hidden units is ever active: dead fraction 2/3', () => {
    const net = createNetwork({ sizes: [1, 3, 2], activation: 'relu', seed: 1 });
    net.layers[0].W.set([1, -1, 0]);
    net.layers[0].b.set([0, -1, 0]);
    const set: LabelledImages = { count: 2, rows: 1, cols: 1, pixels: Uint8Array.of(255, 0), labels: Uint8Array.of(0, 1) };
    expect(evaluateWith(net, set).deadFraction).toEqual([2 / 3]);
  });
});

describe('evaluate agrees with the single-digit pass, digit by digit', () => {
  // 1001 digits: two full evaluation batches of 500 and a last batch of one.
  const testSet = takeFirst(loadMnist('test'), 1001);

  it.each([
    ['relu', [784, 24, 10]],
    ['sigmoid', [784, 16, 12, 10]],
    ['tanh', [784, 16, 10]],
  ] as const)('%s %j, lightly trained', async (activation, sizes) => {
    const net = createNetwork({ sizes: [...sizes], activation, seed: 2 });
    await train(net, takeFirst(loadMnist('train'), 1000), { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 50, epochs: 1, shuffleSeed: 3 });
    const e = evaluate(net, testSet);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    const misclassified: number[] = [];
    let lossSum = 0;
    for (let k = 0; k < testSet.count; k++) {
      const x = Array.from(testSet.pixels.subarray(k * 784, (k + 1) * 784), (v) => v / 255);
      const label = testSet.labels[k];
      const trace = forward(net, x, label);
      const guess = predicted(trace);
      expect(e.predictions[k], `digit ${k}`).toBe(guess);
      expect(e.confidence[k], `digit ${k}`).toBeCloseTo(trace.probabilities[guess], 5);
      confusion[label][guess]++;
      if (guess !== label) misclassified.push(k);
      lossSum += trace.loss;
    }
    expect(e.confusion).toEqual(confusion);
    expect(e.misclassified).toEqual(misclassified);
    expect(e.accuracy).toBe((testSet.count - misclassified.length) / testSet.count);
    expect(e.loss).toBeCloseTo(lossSum / testSet.count, 5);
    // Trained a little, the network guesses many different digits, so a transposed matrix would show.
    expect(new Set(e.predictions).size).toBeGreaterThanOrEqual(5);
    expect(confusion.some((row, t) => row.some((n, p) => n !== confusion[p][t]))).toBe(true);
    e.perClassAccuracy.forEach((accuracy, c) => expect(accuracy).toBe(confusion[c][c] / confusion[c].reduce((s, n) => s + n, 0)));
  });
});

describe('evaluate refuses what it cannot evaluate', () => {
  it('an empty set', () => {
    expect(() => evaluate(handNetwork(), images([]))).toThrow(/cannot evaluate an empty set of digits/);
    const tally = { lossSum: 0, predictions: new Uint8Array(0), confidence: new Float32Array(0), deadFraction: [] };
    expect(() => summarizeEvaluation(images([]), 4, tally)).toThrow(/cannot evaluate an empty set of digits/);
  });
});

describe('predicted: the most probable class, the first on a tie', () => {
  it.each([
    [[0.1, 0.7, 0.2], 1],
    [[0.5, 0.2, 0.3], 0],
    [[0.2, 0.3, 0.5], 2],
    [[0.4, 0.4, 0.2], 0],
    [[0.2, 0.4, 0.4], 1],
  ])('p = %j → %i', (probabilities, expected) => {
    const p = Float64Array.from(probabilities);
    expect(predicted({ input: p, label: 0, layers: [], probabilities: p, loss: 0 })).toBe(expected);
  });
});
