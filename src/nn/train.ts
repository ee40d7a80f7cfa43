/**
 * Mini-batch training over a labelled set: seeded shuffling, an optimizer, per-batch and
 * per-epoch callbacks, cancellation between batches, and divergence detection. Settings that
 * cannot work are rejected before any work starts.
 */
import { backwardBatch, createWorkspace, forwardBatch, loadBatch, sparseRows, type LabelledImages } from './batch.ts';
import { evaluate } from './evaluate.ts';
import type { Network } from './network.ts';
import { createOptimizer, scheduleScale, SCHEDULES, validateOptimizer, type OptimizerSettings, type Schedule } from './optimizers.ts';
import { createRng, shuffleInPlace } from './rng.ts';

/** How to train: optimizer, batch size, epochs, shuffling seed, and the hooks of a run. */
export interface TrainOptions {
  optimizer: OptimizerSettings;
  /** Samples per mini-batch, 1 ≤ batchSize ≤ the training set's size. */
  batchSize: number;
  /** Passes over the training set, at least 1. */
  epochs: number;
  /** Seed of the shuffling order (independent of the weights' seed). */
  shuffleSeed: number;
  /** Learning-rate schedule over the whole run; default constant. */
  schedule?: Schedule;
  /** Evaluated after every epoch when given. */
  test?: LabelledImages;
  /** Checked between batches; set `aborted` to stop (an AbortSignal works). */
  signal?: { readonly aborted: boolean };
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (result: EpochResult) => void;
  /** In a worker: hand control back to the event loop this often (ms) so messages get through. 0 = never. */
  yieldEveryMs?: number;
  /** Asked between batches; a returned promise holds training until it resolves (pause / resume). */
  gate?: () => Promise<void> | undefined;
}

/** Reported after every batch. */
export interface BatchProgress {
  /** 1-based epoch and 0-based batch within it. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Mean loss and accuracy of this batch. */
  loss: number;
  accuracy: number;
  /** Samples trained so far in the whole run. */
  samplesSeen: number;
}

/** Reported after every epoch. */
export interface EpochResult {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Accuracy on the training batches as they were trained in this epoch (a running measure). */
  trainAccuracy: number;
  /** Accuracy on `test`, when given. */
  testAccuracy?: number;
  testLoss?: number;
  /** Wall time of the epoch's training (evaluation excluded). */
  seconds: number;
  samplesPerSecond: number;
}

/** How a run ended: completed, cancelled between batches, or diverged (with the reason and a suggestion). */
export type TrainResult =
  | { status: 'completed'; epochs: EpochResult[] }
  | { status: 'cancelled'; epochs: EpochResult[]; epoch: number; batch: number }
  | { status: 'diverged'; epochs: EpochResult[]; epoch: number; batch: number; loss: number; reason: string; suggestion: string };

/** A mean batch loss above this is "exploding": ten times the loss of a uniform guess over the classes. */
export function explodingLoss(classes: number): number {
  return 10 * Math.log(classes);
}

/** Throws a learner-readable error for settings that cannot train. */
export function validateTrainOptions(net: Network, train: LabelledImages, options: TrainOptions): void {
  validateOptimizer(options.optimizer);
  const { batchSize, epochs } = options;
  if (train.count === 0) throw new RangeError('the training set is empty');
  if (train.rows * train.cols !== net.sizes[0]) {
    throw new RangeError(`images have ${train.rows * train.cols} pixels but the network's input layer has ${net.sizes[0]} units`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a whole number of at least 1 (got ${batchSize}): try 64`);
  if (batchSize > train.count) throw new RangeError(`batch size ${batchSize} is larger than the training set (${train.count} digits): try 64`);
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 1000) throw new RangeError(`epochs must be a whole number from 1 to 1000 (got ${epochs})`);
  if (options.schedule !== undefined && !SCHEDULES.includes(options.schedule)) throw new RangeError(`unknown schedule "${options.schedule}": use constant or cosine`);
  if (!Number.isInteger(options.shuffleSeed) || options.shuffleSeed < 0) throw new RangeError(`shuffle seed must be a whole number ≥ 0 (got ${options.shuffleSeed})`);
}

/** Trains `net` in place. Resolves with how the run ended; never throws for divergence. */
export async function train(net: Network, trainSet: LabelledImages, options: TrainOptions): Promise<TrainResult> {
  validateTrainOptions(net, trainSet, options);
  const { batchSize, epochs } = options;
  const classes = net.sizes[net.sizes.length - 1];
  const limit = explodingLoss(classes);
  const optimizer = createOptimizer(net, options.optimizer);
  const ws = createWorkspace(net, batchSize);
  const input = sparseRows(trainSet);
  const rng = createRng(options.shuffleSeed);
  const order = new Uint32Array(trainSet.count);
  for (let k = 0; k < order.length; k++) order[k] = k;
  const batchesPerEpoch = Math.ceil(trainSet.count / batchSize);
  const results: EpochResult[] = [];
  const yieldEvery = options.yieldEveryMs ?? 0;
  let lastYield = performance.now();
  let samplesSeen = 0;

  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffleInPlace(order, rng);
    const started = performance.now();
    let lossSum = 0;
    let correct = 0;
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      const hold = options.gate?.();
      if (hold) await hold;
      if (options.signal?.aborted) return { status: 'cancelled', epochs: results, epoch, batch };
      const start = batch * batchSize;
      const size = Math.min(batchSize, trainSet.count - start);
      loadBatch(trainSet, ws, order, start, size);
      forwardBatch(net, input, ws, size);
      const loss = ws.lossSum / size;
      if (!Number.isFinite(loss) || loss > limit) {
        const lr = options.optimizer.learningRate;
        return {
          status: 'diverged',
          epochs: results,
          epoch,
          batch,
          loss,
          reason: Number.isFinite(loss)
            ? `the loss exploded to ${loss.toFixed(1)} (above ${limit.toFixed(1)}) at epoch ${epoch}, batch ${batch + 1}`
            : `the loss became ${loss} at epoch ${epoch}, batch ${batch + 1}: the weights overflowed`,
          suggestion: `The learning rate ${lr} is too large for ${options.optimizer.name}: try ${+(lr / 10).toPrecision(3)}.`,
        };
      }
      backwardBatch(net, input, ws, size);
      optimizer.step(net, ws.dLdW, ws.dLdb, scheduleScale(options.schedule ?? 'constant', (epoch - 1) * batchesPerEpoch + batch, epochs * batchesPerEpoch));
      lossSum += ws.lossSum;
      correct += ws.correct;
      samplesSeen += size;
      // The report object is the only per-batch allocation, and only when someone listens.
      options.onBatch?.({ epoch, batch, batchesPerEpoch, loss, accuracy: ws.correct / size, samplesSeen });
      if (yieldEvery > 0 && performance.now() - lastYield >= yieldEvery) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const epochResult: EpochResult = {
      epoch,
      loss: lossSum / trainSet.count,
      trainAccuracy: correct / trainSet.count,
      seconds,
      samplesPerSecond: trainSet.count / seconds,
    };
    if (options.test) {
      const evaluation = evaluate(net, options.test);
      epochResult.testAccuracy = evaluation.accuracy;
      epochResult.testLoss = evaluation.loss;
    }
    results.push(epochResult);
    options.onEpoch?.(epochResult);
  }
  return { status: 'completed', epochs: results };
}
