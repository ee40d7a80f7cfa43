/**
 * The typed messages between the page and the training worker. One union per direction; every
 * message about a run names it, so a late message from an ended run is never taken for the
 * current one. Everything here survives `postMessage` (structured clone): plain objects, arrays
 * and typed arrays only.
 */
import type { BackendChoice, BackendName } from '../nn/backends/backend.ts';
import type { Activation, Network } from '../nn/network.ts';
import type { OptimizerSettings, Schedule } from '../nn/optimizers.ts';
import type { EpochResult, LearningRateChange } from '../nn/trainer.ts';

/** Everything that defines a run in the lab. */
export interface RunConfig {
  /** Hidden layer widths; input 784 and output 10 are implied. */
  hidden: number[];
  activation: Activation;
  /** Seed of the initial weights and of the shuffling. */
  seed: number;
  optimizer: OptimizerSettings;
  batchSize: number;
  epochs: number;
  schedule: Schedule;
  /** How many of the 60,000 training digits to train on (the first ones); the test set is always whole. */
  trainSize: number;
}

/** How the trained network does on the test set, in the form the lab's views and the run store keep. */
export interface LabEvaluation {
  accuracy: number;
  loss: number;
  /** confusion[true][predicted] = count. */
  confusion: number[][];
  /** Per true class; NaN when the class is absent. */
  perClassAccuracy: number[];
  /** Test-set indices of the digits the network got wrong, ascending. */
  misclassified: number[];
  /** For each misclassified digit (same order): the class the network predicted. */
  predicted: number[];
  /** For each misclassified digit (same order): the probability it gave that wrong class. */
  confidence: number[];
  /** Per hidden layer: the fraction of units never active on the test set. */
  deadFraction: number[];
}

/** Page → worker. */
export type ToWorker =
  /** Load the data (if not yet loaded) and the kernel backend; answered by `loading`… then `ready` or `error`. */
  | { type: 'init'; baseUrl: string; backend: BackendChoice }
  | { type: 'start'; runId: number; config: RunConfig }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'stop'; runId: number }
  | { type: 'set-learning-rate'; runId: number; learningRate: number }
  | { type: 'evaluate'; runId: number }
  | { type: 'export-weights'; runId: number };

/** Per-batch numbers since the previous progress message: the raw loss curve, nothing dropped. */
export interface BatchPoints {
  /** Samples trained when each batch finished (the curve's x). */
  samplesSeen: number[];
  /** Each batch's mean loss (the curve's y). */
  loss: number[];
}

/** Worker → page. */
export type FromWorker =
  | { type: 'loading'; loaded: number; total: number }
  | { type: 'ready'; backend: BackendName; arithmetic?: string; trainCount: number; testCount: number }
  | { type: 'started'; runId: number; backend: BackendName; arithmetic?: string; batchesPerEpoch: number; trainCount: number; config: RunConfig }
  | {
      type: 'progress';
      runId: number;
      epoch: number;
      /** 0-based batch within the epoch (the latest trained). */
      batch: number;
      batchesPerEpoch: number;
      /** The latest batch's loss, and the accuracy over this epoch's batches so far. */
      loss: number;
      accuracy: number;
      samplesSeen: number;
      /** Training speed since the previous progress message (time paused excluded). */
      samplesPerSecond: number;
      learningRate: number;
      points: BatchPoints;
      /** ‖dL/dW‖ per layer for the latest batch. */
      gradientNorms: number[];
      /** The first layer's weights [hidden, 784] at most twice a second (for the weight images). */
      firstLayer?: Float32Array;
    }
  | { type: 'epoch'; runId: number; result: EpochResult; evaluation: LabEvaluation; gradientNorms: number[]; samplesSeen: number }
  | { type: 'evaluation'; runId: number; evaluation: LabEvaluation }
  | { type: 'weights'; runId: number; net: Network }
  | { type: 'learning-rate'; runId: number; change: LearningRateChange }
  | { type: 'paused'; runId: number }
  | { type: 'resumed'; runId: number }
  | {
      type: 'done';
      runId: number;
      status: 'completed' | 'stopped';
      epochs: EpochResult[];
      changes: LearningRateChange[];
      /** The trained weights and how they do on the test set at the end. */
      net: Network;
      evaluation: LabEvaluation;
      samplesSeen: number;
    }
  | {
      type: 'diverged';
      runId: number;
      epoch: number;
      batch: number;
      loss: number;
      /** Samples trained before the batch that blew up (where the curve marks it). */
      samplesSeen: number;
      reason: string;
      suggestion: string;
      /** The learning rate the suggestion is based on. */
      learningRate: number;
      epochs: EpochResult[];
      changes: LearningRateChange[];
    }
  /** `runId` null: loading the data or the backend failed (`retry` with another `init`). */
  | { type: 'error'; runId: number | null; message: string };

export type FromWorkerType = FromWorker['type'];
