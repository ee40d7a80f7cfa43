/**
 * Reading the mistakes at the edges: the evaluation's slice sizes on a clock the test controls
 * (each size by hand), and the cells, galleries and top confusions where order and ties matter.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import { createNetwork, evaluate } from '../../src/nn/index.ts';
import { confidentMistakes, confusionCells, digitsInCell, evaluateInSlices, largestMistakeShare, topConfusions, type TestResults } from '../../src/state/mistakes.ts';

/** performance.now advancing `step` ms a call: every slice then measures `step` ms. */
const clock = (step: number) => {
  let t = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => (t += step));
};
const sizes = async (hidden: number, digits: number, step: number) => {
  clock(step);
  const set = takeFirst(loadMnist('test'), digits);
  const net = createNetwork({ sizes: [784, hidden, 10], activation: 'relu', seed: 1 });
  const progress: number[] = [];
  const results = await evaluateInSlices(net, set, { pause: async () => undefined, onProgress: (done) => progress.push(done) });
  return { progress, results, net, set };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('evaluateInSlices: slice sizes', () => {
  it('a fast slice (0.5 ms or less counts as 0.5) doubles the next, up to 4·5e6 / weights', async () => {
    // 784·400 + 400·10 = 317,600 weights: first ⌊5e6 / 317,600 / 8⌋ → 10 (the floor), at most ⌊2e7 / 317,600⌋ = 62.
    const { progress } = await sizes(400, 200, 0);
    expect(progress).toEqual([10, 30, 70, 132, 194, 200]);
  });

  it('a slice is sized to take 8 ms at the last slice’s speed, never under 10 digits', async () => {
    // 784·4 + 4·10 = 3,176 weights: first ⌊5e6 / 3176 / 8⌋ = 196. At 16 ms a slice each next is half the last
    // (196·8/16 = 98, 49, 24.5 → 25, 12.5 → 13, 6.5 → 10), then the 9 left.
    const { progress, results, net, set } = await sizes(4, 400, 16);
    expect(progress).toEqual([196, 294, 343, 368, 381, 391, 400]);
    const whole = evaluate(net, set);
    expect(results.misclassified).toEqual(whole.misclassified);
    expect(results.accuracy).toBeCloseTo(whole.accuracy, 12);
    // At 4 ms a slice the next could be twice the last: it is (392, then the 8 left).
    expect((await sizes(4, 400, 4)).progress).toEqual([196, 400]);
  });

  it('a fixed slice size is kept whatever the clock says; no progress callback is needed', async () => {
    clock(100);
    const sample = loadSample();
    const net = createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 1 });
    const progress: number[] = [];
    await evaluateInSlices(net, sample, { sliceSize: 40, pause: async () => undefined, onProgress: (done, total) => progress.push(done, total) });
    expect(progress).toEqual([40, 100, 80, 100, 100, 100]);
    const quiet = await evaluateInSlices(net, sample, { sliceSize: 40, pause: async () => undefined });
    expect(quiet.loss).toBeCloseTo(evaluate(net, sample).loss, 5);
  });
});

describe('cells, galleries and top confusions where order matters', () => {
  // Rows (true class): 0: [5, 1, 0], 1: [3, 5, 2], 2: [0, 3, 5].
  const confusion = [[5, 1, 0], [3, 5, 2], [0, 3, 5]];

  it('top confusions: most mistakes first, ties by true class, at most `count`', () => {
    const pairs = (n: number) => topConfusions(confusion, n).map((c) => [c.truth, c.predicted, c.count]);
    expect(pairs(3)).toEqual([[1, 0, 3], [2, 1, 3], [1, 2, 2]]);
    expect(pairs(10)).toEqual([[1, 0, 3], [2, 1, 3], [1, 2, 2], [0, 1, 1]]);
    expect(pairs(1)).toEqual([[1, 0, 3]]);
  });

  it('the largest mistake share ignores the (larger) diagonal', () => {
    expect(largestMistakeShare(confusionCells([[9, 1], [2, 8]]))).toBeCloseTo(0.2, 12);
    expect(largestMistakeShare(confusionCells([[3, 0], [0, 4]]))).toBe(0);
  });

  it('a cell’s digits with equal confidence come in index order, mistakes and correct ones alike', () => {
    const results: TestResults = {
      accuracy: 0, loss: 0, confusion: [[0, 3], [0, 3]], misclassified: [1, 2, 3],
      labels: Uint8Array.of(0, 0, 0, 0, 1, 1, 1),
      predictions: Uint8Array.of(0, 1, 1, 1, 1, 1, 1),
      confidence: Float32Array.of(0.9, 0.6, 0.6, 0.8, 0.5, 0.5, 0.3),
    };
    // Mistakes: most confident first (3 at 0.8), then 1 and 2 (0.6 each) by index.
    expect(digitsInCell(results, 0, 1)).toEqual([3, 1, 2]);
    // Correct ones: least confident first (6 at 0.3), then 4 and 5 (0.5 each) by index.
    expect(digitsInCell(results, 1, 1)).toEqual([6, 4, 5]);
    expect(confidentMistakes(results, 3)).toEqual([3, 1, 2]);
    expect(confidentMistakes(results, 1)).toEqual([3]);
    // The order of the list given does not matter: ties still come in index order.
    expect(confidentMistakes({ ...results, misclassified: [3, 2, 1] }, 3)).toEqual([3, 1, 2]);
  });
});
