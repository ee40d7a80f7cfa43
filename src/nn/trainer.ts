/**
 * The steppable trainer: mini-batch training where the caller owns time. `step()` trains one
 * batch (or closes an epoch, or reports the end) and returns; the CLI calls it in a plain loop,
 * the lab's worker in time slices between messages. The arithmetic runs in a kernel backend
 * (TypeScript by default, WebAssembly SIMD when passed in); the trainer only orders the batches,
 * applies the schedule, watches for divergence and keeps the curves' numbers.
 */
import { describeBackend, type BackendName, type KernelBackend, type TrainingSession } from './backends/backend.ts';
import { tsBackend } from './backends/ts/index.ts';
import type { LabelledImages } from './batch.ts';
import { summarizeEvaluation, type Evaluation } from './evaluate.ts';
import { cloneNetwork, type Network } from './network.ts';
import { scheduleScale, SCHEDULES, validateOptimizer, type OptimizerSettings, type Schedule } from './optimizers.ts';
import { createRng, shuffleInPlace, type Rng } from './rng.ts';

/** How to train: optimizer, batch size, epochs, shuffling seed, schedule, and which arithmetic. */
export interface TrainerOptions {
  optimizer: OptimizerSettings;
  /** Samples per mini-batch, 1 ≤ batchSize ≤ the training set's size. */
  batchSize: number;
  /** Passes over the training set, 1 to 1000. */
  epochs: number;
  /** Seed of the shuffling order (independent of the weights' seed). */
  shuffleSeed: number;
  /** Learning-rate schedule over the whole run; default constant. */
  schedule?: Schedule;
  /** The kernel backend that does the arithmetic; default the TypeScript backend. */
  backend?: KernelBackend;
}

/** Reported after every epoch. */
export interface EpochResult {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Accuracy on the training batches as they were trained in this epoch (a running measure). */
  trainAccuracy: number;
  /** Accuracy on a test set, when the caller evaluated one (the CLI's `train` does). */
  testAccuracy?: number;
  testLoss?: number;
  /** Time spent inside `step()` for this epoch's batches (pauses and evaluation excluded). */
  seconds: number;
  samplesPerSecond: number;
}

/** One trained batch. */
export interface BatchStep {
  kind: 'batch';
  /** 1-based epoch and 0-based batch within it. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Mean loss and accuracy of this batch (measured before its update). */
  loss: number;
  accuracy: number;
  /** Samples trained so far in the whole run, this batch included. */
  samplesSeen: number;
  /** The step size η this batch was trained with (the schedule applied). */
  learningRate: number;
}

/** What `step()` did. After 'finished' or 'diverged', every further call returns the same result. */
export type StepResult =
  | BatchStep
  | { kind: 'epoch'; result: EpochResult }
  | { kind: 'diverged'; epoch: number; batch: number; loss: number; reason: string; suggestion: string }
  | { kind: 'finished'; epochs: EpochResult[] };

/** A learning-rate change during a run: from the batch at `epoch`, `batch` on, η is `learningRate`. */
export interface LearningRateChange {
  /** 1-based epoch and 0-based batch of the first batch trained with the new rate. */
  epoch: number;
  batch: number;
  /** Samples trained before the change took effect (the curve's x position). */
  samplesSeen: number;
  /** The new base learning rate (before the schedule). */
  learningRate: number;
}

/** A training run, advanced one batch at a time by its caller. */
export interface Trainer {
  readonly backendName: BackendName;
  /** The arithmetic that runs, in words ('WebAssembly relaxed SIMD', 'WebAssembly SIMD', 'TypeScript'). */
  readonly arithmetic: string;
  readonly batchesPerEpoch: number;
  /** Trains one batch, closes an epoch, or reports how the run ended. */
  step(): StepResult;
  /** Sets the base learning rate from the next batch on; the change is recorded in `changes()`. */
  setLearningRate(learningRate: number): void;
  /** The current base learning rate (before the schedule). */
  learningRate(): number;
  /** Every learning-rate change of this run, in order. */
  changes(): readonly LearningRateChange[];
  /** Runs `set` forward with the current weights (no training) and tallies the results. */
  evaluate(set: LabelledImages): Evaluation;
  /** Per layer, ‖dL/dW‖ of the latest batch's mean gradient (zeros before the first batch). */
  gradientNorms(): number[];
  /** A copy of the current weights. */
  snapshot(): Network;
  /** Releases the backend's buffers; the trainer must not be used afterwards. */
  dispose(): void;
}

/** A mean batch loss above this is "exploding": ten times the loss of a uniform guess over the classes. */
export function explodingLoss(classes: number): number {
  return 10 * Math.log(classes);
}

/** Throws a learner-readable error for settings that cannot train. */
export function validateTrainOptions(net: Network, train: LabelledImages, options: TrainerOptions): void {
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

/** Starts a run: validates the settings and opens a backend session with a copy of `net`. */
export function createTrainer(net: Network, train: LabelledImages, options: TrainerOptions): Trainer {
  validateTrainOptions(net, train, options);
  const backend = options.backend ?? tsBackend;
  const { batchSize, epochs } = options;
  const schedule = options.schedule ?? 'constant';
  const settings: Required<OptimizerSettings> = { momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...options.optimizer };
  const classes = net.sizes[net.sizes.length - 1];
  const limit = explodingLoss(classes);
  const batchesPerEpoch = Math.ceil(train.count / batchSize);
  const totalBatches = epochs * batchesPerEpoch;
  const shape = cloneNetwork(net);
  let session: TrainingSession | null = backend.createSession(net, train, settings, batchSize);

  const rng: Rng = createRng(options.shuffleSeed);
  const order = new Uint32Array(train.count);
  for (let k = 0; k < order.length; k++) order[k] = k;
  const rows = new Uint32Array(batchSize);
  let baseRate = settings.learningRate;
  const rateChanges: LearningRateChange[] = [];
  const results: EpochResult[] = [];
  // Position: the next batch to train is `batch` of `epoch`; batch === batchesPerEpoch means the
  // epoch's batches are done and its result not yet reported.
  let epoch = 1;
  let batch = 0;
  let samplesSeen = 0;
  let epochLoss = 0;
  let epochCorrect = 0;
  let epochSeconds = 0;
  let trainedBatches = 0;
  let ended: Extract<StepResult, { kind: 'diverged' | 'finished' }> | null = null;

  const live = (): TrainingSession => {
    if (!session) throw new Error('this trainer was disposed: create a new one to train again');
    return session;
  };

  const closeEpoch = (): StepResult => {
    const result: EpochResult = {
      epoch,
      loss: epochLoss / train.count,
      trainAccuracy: epochCorrect / train.count,
      seconds: epochSeconds,
      samplesPerSecond: epochSeconds > 0 ? train.count / epochSeconds : Number.POSITIVE_INFINITY,
    };
    results.push(result);
    epoch++;
    batch = 0;
    if (epoch > epochs) ended = { kind: 'finished', epochs: results };
    return { kind: 'epoch', result };
  };

  const trainBatch = (): StepResult => {
    const active = live();
    const started = performance.now();
    if (batch === 0) {
      shuffleInPlace(order, rng);
      epochLoss = 0;
      epochCorrect = 0;
      epochSeconds = 0;
    }
    const start = batch * batchSize;
    const size = Math.min(batchSize, train.count - start);
    for (let s = 0; s < size; s++) rows[s] = order[start + s];
    const tally = active.forwardBackward(rows, size);
    const loss = tally.lossSum / size;
    if (!Number.isFinite(loss) || loss > limit) {
      ended = {
        kind: 'diverged',
        epoch,
        batch,
        loss,
        reason: Number.isFinite(loss)
          ? `the loss exploded to ${loss.toFixed(1)} (above ${limit.toFixed(1)}) at epoch ${epoch}, batch ${batch + 1}`
          : `the loss became ${loss} at epoch ${epoch}, batch ${batch + 1}: the weights overflowed`,
        suggestion: `The learning rate ${baseRate} is too large for ${settings.name}: try ${+(baseRate / 10).toPrecision(3)}.`,
      };
      return ended;
    }
    const learningRate = baseRate * scheduleScale(schedule, (epoch - 1) * batchesPerEpoch + batch, totalBatches);
    active.update(learningRate);
    const correct = tally.correct;
    epochLoss += tally.lossSum;
    epochCorrect += correct;
    samplesSeen += size;
    trainedBatches++;
    const step: BatchStep = { kind: 'batch', epoch, batch, batchesPerEpoch, loss, accuracy: correct / size, samplesSeen, learningRate };
    batch++;
    epochSeconds += (performance.now() - started) / 1000;
    return step;
  };

  return {
    backendName: backend.name,
    arithmetic: describeBackend(backend),
    batchesPerEpoch,
    step() {
      if (ended) return ended;
      live();
      return batch === batchesPerEpoch ? closeEpoch() : trainBatch();
    },
    setLearningRate(learningRate) {
      validateOptimizer({ ...settings, learningRate });
      if (ended) return;
      baseRate = learningRate;
      const next = batch === batchesPerEpoch ? { epoch: epoch + 1, batch: 0 } : { epoch, batch };
      rateChanges.push({ ...next, samplesSeen, learningRate });
    },
    learningRate: () => baseRate,
    changes: () => rateChanges,
    evaluate(set) {
      if (set.rows * set.cols !== net.sizes[0]) {
        throw new RangeError(`images have ${set.rows * set.cols} pixels but the network's input layer has ${net.sizes[0]} units`);
      }
      if (set.count === 0) throw new RangeError('cannot evaluate an empty set of digits');
      return summarizeEvaluation(set, classes, live().evaluate(set));
    },
    gradientNorms() {
      return trainedBatches === 0 && !ended ? net.layers.map(() => 0) : live().gradientNorms();
    },
    snapshot() {
      const copy = cloneNetwork(shape);
      live().readParameters(copy);
      return copy;
    },
    dispose() {
      session?.dispose();
      session = null;
    },
  };
}
