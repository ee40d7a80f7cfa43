/**
 * Reading the mistakes: evaluating in slices equals evaluating at once; the confusion cells'
 * shares, the digits behind a cell and the most confident mistakes, on hand-made results.
 */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createNetwork, evaluate } from '../../src/nn/index.ts';
import { confidentMistakes, confusionCells, digitsInCell, evaluateInSlices, largestMistakeShare, topConfusions, type TestResults } from '../../src/state/mistakes.ts';
import { cellColour, cellLabel, moveFocus } from '../../src/widgets/ConfusionMatrix/render.ts';
import { describeNetwork, mistakesProse } from '../../src/state/mistakes-prose.ts';

describe('evaluateInSlices', () => {
  it('gives exactly the core’s evaluation of the whole set, slice size notwithstanding', async () => {
    const sample = loadSample();
    const net = createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 2 });
    const whole = evaluate(net, sample);
    let pauses = 0;
    const progress: number[] = [];
    const sliced = await evaluateInSlices(net, sample, { sliceSize: 30, pause: async () => void pauses++, onProgress: (done) => progress.push(done) });
    expect(pauses).toBe(3);
    expect(progress).toEqual([30, 60, 90, 100]);
    expect(sliced.confusion).toEqual(whole.confusion);
    expect(sliced.misclassified).toEqual(whole.misclassified);
    expect(Array.from(sliced.predictions)).toEqual(Array.from(whole.predictions));
    expect(Array.from(sliced.confidence)).toEqual(Array.from(whole.confidence));
    expect(sliced.accuracy).toBeCloseTo(whole.accuracy, 12);
    expect(sliced.loss).toBeCloseTo(whole.loss, 5);
  });

  it('without a fixed size, starts with a small slice (its code is not compiled yet), grows at most ×2 a slice, and still equals the whole', async () => {
    const sample = loadSample();
    // 784·400 + 400·10 = 317,600 weights: 5e6 / 317,600 / 8 → a first slice of 10 digits (the floor).
    const net = createNetwork({ sizes: [784, 400, 10], activation: 'relu', seed: 3 });
    const whole = evaluate(net, sample);
    const progress: number[] = [];
    const sliced = await evaluateInSlices(net, sample, { pause: async () => undefined, onProgress: (done) => progress.push(done) });
    expect(progress[0]).toBe(10);
    expect(progress.at(-1)).toBe(100);
    const sizes = progress.map((done, k) => done - (progress[k - 1] ?? 0));
    for (let k = 1; k < sizes.length - 1; k++) expect(sizes[k]).toBeLessThanOrEqual(2 * sizes[k - 1]);
    expect(sliced.misclassified).toEqual(whole.misclassified);
    expect(Array.from(sliced.predictions)).toEqual(Array.from(whole.predictions));
  });

  it('an aborted signal stops it at the next slice: no more slices evaluated, the promise rejects with the reason', async () => {
    const sample = loadSample();
    const net = createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 2 });
    const controller = new AbortController();
    const progress: number[] = [];
    const reason = new Error('replaced by a newer evaluation');
    const run = evaluateInSlices(net, sample, { sliceSize: 30, signal: controller.signal, pause: async () => { if (progress.length === 2) controller.abort(reason); }, onProgress: (done) => progress.push(done) });
    await expect(run).rejects.toBe(reason);
    expect(progress).toEqual([30, 60]);
    const aborted = new AbortController();
    aborted.abort(reason);
    const none: number[] = [];
    await expect(evaluateInSlices(net, sample, { signal: aborted.signal, onProgress: (done) => none.push(done) })).rejects.toBe(reason);
    expect(none).toEqual([]);
  });
});

/** Six digits: labels, predictions, confidences by hand. */
const results: TestResults = {
  accuracy: 0.5, loss: 1,
  confusion: [[1, 2, 0], [0, 2, 1], [0, 0, 0]],
  labels: Uint8Array.of(0, 0, 0, 1, 1, 1),
  predictions: Uint8Array.of(0, 1, 1, 1, 2, 1),
  confidence: Float32Array.of(0.9, 0.6, 0.8, 0.7, 0.95, 0.5),
  misclassified: [1, 2, 4],
};

describe('confusion cells and galleries', () => {
  it('shares are per true class (row), and an empty row has shares 0', () => {
    const cells = confusionCells(results.confusion);
    expect(cells[1]).toEqual({ truth: 0, predicted: 1, count: 2, share: 2 / 3 });
    expect(cells[5]).toEqual({ truth: 1, predicted: 2, count: 1, share: 1 / 3 });
    expect(cells[8].share).toBe(0);
    expect(largestMistakeShare(cells)).toBe(2 / 3);
    expect(topConfusions(results.confusion, 5).map((c) => [c.truth, c.predicted])).toEqual([[0, 1], [1, 2]]);
  });

  it('a mistake cell lists its digits most confident first; a diagonal cell least confident first', () => {
    expect(digitsInCell(results, 0, 1)).toEqual([2, 1]);
    expect(digitsInCell(results, 1, 1)).toEqual([5, 3]);
    expect(digitsInCell(results, 2, 0)).toEqual([]);
    expect(confidentMistakes(results, 2)).toEqual([4, 2]);
  });

  it('cells speak: label, colour only off the diagonal with a share, keys move within the grid', () => {
    expect(cellLabel({ truth: 4, predicted: 9, count: 41, share: 0.0418 })).toBe('True 4, predicted 9: 41 digits, 4.2 % of the 4s');
    expect(cellLabel({ truth: 1, predicted: 1, count: 1, share: 1 })).toBe('True 1, read correctly: 1 digit, 100.0 % of the 1s');
    expect(cellColour(0, 0.05)).toBeNull();
    expect(cellColour(0.05, 0.05)).not.toBe(cellColour(0.01, 0.05));
    expect(moveFocus({ truth: 0, predicted: 0 }, 'ArrowUp')).toEqual({ truth: 0, predicted: 0 });
    expect(moveFocus({ truth: 3, predicted: 4 }, 'ArrowDown')).toEqual({ truth: 4, predicted: 4 });
    expect(moveFocus({ truth: 3, predicted: 4 }, 'End')).toEqual({ truth: 3, predicted: 9 });
    expect(moveFocus({ truth: 3, predicted: 4 }, 'x')).toBeNull();
  });
});

describe('the mistakes lesson’s prose follows the network shown (mistakesProse)', () => {
  // Eight digits of three classes, by hand: rows of the confusion are 0: [1, 2, 0], 1: [1, 1, 0], 2: [0, 1, 2].
  const eight: TestResults = {
    accuracy: 0.5, loss: 1,
    confusion: [[1, 2, 0], [1, 1, 0], [0, 1, 2]],
    labels: Uint8Array.of(0, 0, 0, 1, 1, 2, 2, 2),
    predictions: Uint8Array.of(0, 1, 1, 1, 0, 2, 2, 1),
    confidence: Float32Array.of(0.9, 0.6, 0.97, 0.7, 0.95, 0.8, 0.99, 0.5),
    misclassified: [1, 2, 4, 7],
  };

  it('says the numbers of these results: accuracy, mistakes, worst and best digit, top confusions, the surest mistake', () => {
    const prose = mistakesProse(eight, 'net X');
    expect(prose).toEqual({
      network: 'net X',
      accuracy: '50.0 %',
      wrong: '4',
      worst: '0 (33.3 % right)',
      best: '2 (66.7 %)',
      top: 'a true 0 read as 1 (2 of the 3 0s), a true 1 read as 0 (1 of the 2 1s), and a true 2 read as 1 (1 of the 3 2s)',
      confidentWrong: '2',
      sure: 'test digit #2, is a 0 read as a 1 with p = 0.9700',
    });
  });

  it('one confusion needs no "and"; no mistakes at all is said plainly', () => {
    const one: TestResults = { ...eight, confusion: [[3, 0, 0], [1, 1, 0], [0, 0, 3]], predictions: Uint8Array.of(0, 0, 0, 1, 0, 2, 2, 2), misclassified: [4] };
    expect(mistakesProse(one, '').top).toBe('a true 1 read as 0 (1 of the 2 1s)');
    expect(mistakesProse(one, '').sure).toBe('test digit #4, is a 1 read as a 0 with p = 0.9500');
    const none: TestResults = { ...eight, confusion: [[3, 0, 0], [0, 2, 0], [0, 0, 3]], predictions: Uint8Array.of(0, 0, 0, 1, 1, 2, 2, 2), misclassified: [] };
    expect(mistakesProse(none, '')).toMatchObject({ accuracy: '100.0 %', wrong: '0', top: 'none: it made no mistakes', confidentWrong: '0' });
  });

  it('names the site’s network with how it was trained, and the learner’s by its source and shape (without the lab’s accuracy)', () => {
    expect(describeNetwork({ hidden: [16], activation: 'relu', epochs: 1, learningRate: 0.1, batchSize: 64, trainCount: 60000 }))
      .toBe('the site’s own network, the step-through’s shape (784 pixels, 16 hidden ReLU units, 10 outputs), trained when this site was built for 1 epoch of plain gradient descent (η = 0.1, mini-batches of 64) over all 60,000 training digits');
    const net = createNetwork({ sizes: [784, 128, 10], activation: 'relu', seed: 1 });
    expect(describeNetwork(null, { net, source: 'run “SGD η 0.1” of the lab, 95.5 % test accuracy' })).toBe('your network, run “SGD η 0.1” of the lab (784-128-10, ReLU units)');
  });
});
