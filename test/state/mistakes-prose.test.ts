/**
 * The mistakes lesson's phrases at their edges, on hand-made results: which digit is worst and
 * best (ties go to the smaller digit), what counts as a confident mistake, and how the site's and
 * the learner's networks are named.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/nn/index.ts';
import { describeNetwork, mistakesProse } from '../../src/state/mistakes-prose.ts';
import type { TestResults } from '../../src/state/mistakes.ts';

/** Results with this confusion (rows: true class); one digit per count, confidences as given for the mistakes. */
function resultsOf(confusion: number[][], confidence: (k: number) => number = () => 0.5): TestResults {
  const labels: number[] = [];
  const predictions: number[] = [];
  confusion.forEach((row, t) => row.forEach((n, p) => {
    for (let k = 0; k < n; k++) {
      labels.push(t);
      predictions.push(p);
    }
  }));
  const misclassified = labels.flatMap((t, k) => (predictions[k] === t ? [] : [k]));
  return {
    accuracy: 1 - misclassified.length / labels.length, loss: 1, confusion, misclassified,
    labels: Uint8Array.from(labels), predictions: Uint8Array.from(predictions), confidence: Float32Array.from(labels, (_, k) => confidence(k)),
  };
}

describe('mistakesProse: worst and best digit', () => {
  it('the worst digit is the one with the lowest share right, wherever it is; the best the highest', () => {
    // Rows: 0 right 5 of 5, 1 right 1 of 5, 2 right 3 of 5.
    const prose = mistakesProse(resultsOf([[5, 0, 0], [4, 1, 0], [0, 2, 3]]), '');
    expect(prose.worst).toBe('1 (20.0 % right)');
    expect(prose.best).toBe('0 (100.0 %)');
    // Rows: 0 right 1 of 2, 1 right 3 of 3, 2 right 0 of 1.
    const other = mistakesProse(resultsOf([[1, 1, 0], [0, 3, 0], [0, 1, 0]]), '');
    expect(other.worst).toBe('2 (0.0 % right)');
    expect(other.best).toBe('1 (100.0 %)');
  });

  it('ties go to the smaller digit, for the worst and for the best', () => {
    // 0 and 2 all right; 1 and 3 half right.
    const prose = mistakesProse(resultsOf([[2, 0, 0, 0], [1, 1, 0, 0], [0, 0, 2, 0], [0, 0, 1, 1]]), '');
    expect(prose.worst).toBe('1 (50.0 % right)');
    expect(prose.best).toBe('0 (100.0 %)');
    const many = mistakesProse(resultsOf([[1, 1, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 2, 0, 0], [0, 0, 0, 1, 1], [0, 0, 0, 0, 2]]), '');
    expect(many.worst).toBe('0 (50.0 % right)');
    expect(many.best).toBe('1 (100.0 %)');
  });
});

describe('mistakesProse: confident mistakes and no mistakes', () => {
  it('counts the mistakes with p above 0.9, not those at or below', () => {
    // Five mistakes (digits 1–5 of 6) with p 0.95, 0.9, 0.85, 0.99, 0.5.
    const p = [0.7, 0.95, 0.9, 0.85, 0.99, 0.5];
    const results = resultsOf([[1, 5]], (k) => p[k]);
    expect(results.misclassified).toEqual([1, 2, 3, 4, 5]);
    const prose = mistakesProse(results, '');
    expect(prose.confidentWrong).toBe('2');
    expect(prose.sure).toBe('test digit #4, is a 0 read as a 1 with p = 0.9900');
    expect(prose.wrong).toBe('5');
  });

  it('no mistakes: no surest mistake either', () => {
    expect(mistakesProse(resultsOf([[2, 0], [0, 3]]), 'n').sure).toBe('none: it made no mistakes');
  });

  it('counts above a thousand are written with separators', () => {
    const prose = mistakesProse(resultsOf([[0, 1200], [0, 1]], () => 0.95), '');
    expect(prose.wrong).toBe('1,200');
    expect(prose.confidentWrong).toBe('1,200');
  });
});

describe('describeNetwork', () => {
  const builtIn = { hidden: [16, 8], activation: 'sigmoid', epochs: 2, learningRate: 0.05, batchSize: 32, trainCount: 1000 };

  it('names the site’s network with all its hidden layers, its activation as named, its epochs', () => {
    expect(describeNetwork(builtIn)).toBe(
      'the site’s own network, the step-through’s shape (784 pixels, 16, 8 hidden sigmoid units, 10 outputs), trained when this site was built for 2 epochs of plain gradient descent (η = 0.05, mini-batches of 32) over all 1,000 training digits',
    );
  });

  it('the learner’s network wins over the site’s description; with neither, a plain phrase', () => {
    const net = createNetwork({ sizes: [784, 32, 10], activation: 'sigmoid', seed: 1 });
    expect(describeNetwork(builtIn, { net, source: 'weights file “a.json”' })).toBe('your network, weights file “a.json” (784-32-10, sigmoid units)');
    expect(describeNetwork(null)).toBe('the network shown');
  });

  it('drops only a trailing "N % test accuracy" from the run’s name, with or without decimals', () => {
    const net = createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 1 });
    const named = (source: string) => describeNetwork(null, { net, source });
    expect(named('run “a” of the lab, 96 % test accuracy')).toBe('your network, run “a” of the lab (784-8-10, ReLU units)');
    expect(named('run “a” of the lab, 95.55 % test accuracy')).toBe('your network, run “a” of the lab (784-8-10, ReLU units)');
    expect(named('run “a, 95.5 % test accuracy b” of the lab')).toBe('your network, run “a, 95.5 % test accuracy b” of the lab (784-8-10, ReLU units)');
  });
});
