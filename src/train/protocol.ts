/**
 * The typed messages between the page and the training worker (the in-page training lab builds
 * on this). One union per direction; every message names the run it belongs to, so a late
 * message from a stopped run can never be mistaken for the current one.
 */
import type { Activation, EpochResult, OptimizerSettings, Schedule } from '../nn/index.ts';

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
}

/** Page → worker. */
export type ToWorker =
  | { type: 'start'; runId: number; config: RunConfig }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'stop'; runId: number };

/** Worker → page. */
export type FromWorker =
  | { type: 'loading'; runId: number; loaded: number; total: number }
  | { type: 'progress'; runId: number; epoch: number; batch: number; batchesPerEpoch: number; loss: number; accuracy: number; samplesSeen: number }
  | { type: 'epoch'; runId: number; result: EpochResult }
  | { type: 'paused'; runId: number }
  | { type: 'resumed'; runId: number }
  | { type: 'done'; runId: number; status: 'completed' | 'cancelled'; epochs: EpochResult[] }
  | { type: 'diverged'; runId: number; reason: string; suggestion: string; epochs: EpochResult[] }
  | { type: 'error'; runId: number; message: string };
