/**
 * Evaluation of a network on a labelled set: accuracy, mean loss, the confusion matrix, accuracy
 * per class, the list of misclassified digits (the lab's gallery of mistakes), how confident each
 * prediction was, and the fraction of dead units per hidden layer.
 */
import type { EvaluationTally } from './backends/backend.ts';
import { evaluateNetwork } from './backends/ts/index.ts';
import type { LabelledImages } from './batch.ts';
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
  /** The probability the network gave its predicted class, per digit, shape [count]. */
  confidence: Float32Array;
  /** Per hidden layer: the fraction of units never active on the set (f′(z) = 0 on every digit). */
  deadFraction: number[];
}

/** Turns a backend's tally of a set into the evaluation the lab and the CLI read. */
export function summarizeEvaluation(images: LabelledImages, classes: number, tally: EvaluationTally): Evaluation {
  if (images.count === 0) throw new RangeError('cannot evaluate an empty set of digits');
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const misclassified: number[] = [];
  let correct = 0;
  for (let k = 0; k < images.count; k++) {
    const truth = images.labels[k];
    const guess = tally.predictions[k];
    confusion[truth][guess]++;
    if (guess === truth) correct++;
    else misclassified.push(k);
  }
  const perClassAccuracy = confusion.map((row, c) => {
    const total = row.reduce((sum, n) => sum + n, 0);
    return total === 0 ? Number.NaN : row[c] / total;
  });
  return {
    accuracy: correct / images.count,
    loss: tally.lossSum / images.count,
    confusion,
    perClassAccuracy,
    misclassified,
    predictions: tally.predictions,
    confidence: tally.confidence,
    deadFraction: tally.deadFraction,
  };
}

/** Runs every digit of `images` forward through `net` (TypeScript kernels) and tallies the results. */
export function evaluate(net: Network, images: LabelledImages): Evaluation {
  if (images.count === 0) throw new RangeError('cannot evaluate an empty set of digits');
  return summarizeEvaluation(images, net.sizes[net.sizes.length - 1], evaluateNetwork(net, images));
}
