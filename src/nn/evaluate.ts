/**
 * Evaluation of a network on a labelled set: accuracy, mean loss, the confusion matrix, accuracy
 * per class and the list of misclassified digits (the lab's gallery of mistakes).
 */
import { createWorkspace, forwardBatch, loadBatch, sparseRows, type LabelledImages } from './batch.ts';
import { argmaxRow } from './kernels.ts';
import type { Network } from './network.ts';

/** How a network does on a labelled set. */
export interface Evaluation {
  /** Fraction classified correctly, in [0, 1]. */
  accuracy: number;
  /** Mean cross-entropy loss. */
  loss: number;
  /** confusion[trueClass][predictedClass] = count. */
  confusion: number[][];
  /** Per true class: fraction of its digits classified correctly (NaN if the class is absent). */
  perClassAccuracy: number[];
  /** Indices (in the evaluated set) of the digits the network got wrong, ascending. */
  misclassified: number[];
  /** The predicted class of every digit, shape [count]. */
  predictions: Uint8Array;
}

const EVAL_BATCH = 500;

/** Runs every digit of `images` forward (in batches of 500, sparse first layer) and tallies the results. */
export function evaluate(net: Network, images: LabelledImages): Evaluation {
  const classes = net.sizes[net.sizes.length - 1];
  const ws = createWorkspace(net, EVAL_BATCH);
  const input = sparseRows(images);
  const order = new Uint32Array(images.count);
  for (let k = 0; k < order.length; k++) order[k] = k;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predictions = new Uint8Array(images.count);
  const misclassified: number[] = [];
  let lossSum = 0;
  let correct = 0;
  const last = net.layers.length - 1;
  for (let start = 0; start < images.count; start += EVAL_BATCH) {
    const batch = Math.min(EVAL_BATCH, images.count - start);
    loadBatch(images, ws, order, start, batch);
    forwardBatch(net, input, ws, batch);
    lossSum += ws.lossSum;
    correct += ws.correct;
    for (let s = 0; s < batch; s++) {
      const guess = argmaxRow(ws.A[last], s, classes);
      const truth = ws.labels[s];
      predictions[start + s] = guess;
      confusion[truth][guess]++;
      if (guess !== truth) misclassified.push(start + s);
    }
  }
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((sum, n) => sum + n, 0);
    return total === 0 ? Number.NaN : row[c] / total;
  });
  return { accuracy: correct / images.count, loss: lossSum / images.count, confusion, perClassAccuracy, misclassified, predictions };
}
