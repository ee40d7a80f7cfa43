/**
 * The kernel backend: what the batched trainer needs from the arithmetic, and nothing else.
 *
 * A backend opens a training *session* that owns everything a run touches on every batch: the
 * parameters, their gradients, the optimizer's state and the training set in the form its
 * kernels read. The TypeScript backend keeps them in typed arrays; the WebAssembly backend keeps
 * them in its own linear memory, so a batch crosses the JS boundary as a list of row numbers and
 * comes back as two numbers (summed loss, number correct). Weights leave the session only when
 * asked (`readParameters`): for a snapshot, an export, or the end of a run.
 */
import type { LabelledImages } from '../batch.ts';
import type { Network, Vec } from '../network.ts';
import type { OptimizerSettings } from '../optimizers.ts';

/** Which arithmetic ran: plain TypeScript or WebAssembly SIMD. */
export type BackendName = 'ts' | 'wasm';
/** What a caller may ask for: a backend by name, or the fastest available. */
export type BackendChoice = 'auto' | BackendName;

/** Summed over the samples of one batch, by `TrainingSession.forwardBackward`. */
export interface BatchTally {
  /** Σ of the samples' cross-entropy losses (divide by the batch size for the mean). */
  lossSum: number;
  /** How many of the batch's samples the network classified correctly (before the update). */
  correct: number;
}

/** A labelled set run forward, digit by digit, by `TrainingSession.evaluate`. */
export interface EvaluationTally {
  /** Σ of the digits' cross-entropy losses. */
  lossSum: number;
  /** Predicted class per digit, shape [count]. */
  predictions: Uint8Array;
  /** Probability of the predicted class per digit, shape [count]. */
  confidence: Float32Array;
  /**
   * Per hidden layer: the fraction of its units whose activation gradient f′(z) is 0 on every
   * digit of the set (ReLU: z ≤ 0 on every digit; sigmoid and tanh: saturated in float32).
   */
  deadFraction: number[];
}

/** One training run's state inside a backend. Created by `KernelBackend.createSession`. */
export interface TrainingSession {
  /**
   * Forward and backward over the training digits `rows[0..count)` (positions in the training
   * set); keeps the batch-mean gradients for `update` and `gradientNorms`. Returns the batch's
   * summed loss and number correct; the returned object may be reused by the next call.
   */
  forwardBackward(rows: Uint32Array, count: number): BatchTally;
  /** `forwardBackward` without the backward pass: loss and number correct only (to measure where time goes). */
  forward(rows: Uint32Array, count: number): BatchTally;
  /** Applies the optimizer to the gradients of the last batch with step size η = `learningRate`. */
  update(learningRate: number): void;
  /** Per layer, the Euclidean norm ‖dL/dW‖ of the last batch's mean gradient. */
  gradientNorms(): number[];
  /** Copies the last batch's mean gradients into `dLdW[l]` [out, in] and `dLdb[l]` [out]. */
  readGradients(dLdW: Vec[], dLdb: Vec[]): void;
  /** Copies the current parameters into `net` (same shape as the session's network). */
  readParameters(net: Network): void;
  /** Runs every digit of `images` forward with the current parameters (no training). */
  evaluate(images: LabelledImages): EvaluationTally;
  /** Releases the session's memory; the session must not be used afterwards. */
  dispose(): void;
}

/**
 * What a page or the CLI says about the arithmetic that ran: 'TypeScript', 'WebAssembly SIMD' or
 * 'WebAssembly relaxed SIMD' (the WebAssembly build with fused multiply-adds where the CPU has them).
 */
export function describeBackend(backend: KernelBackend & { readonly relaxed?: boolean }): string {
  if (backend.name === 'ts') return 'TypeScript';
  return backend.relaxed ? 'WebAssembly relaxed SIMD' : 'WebAssembly SIMD';
}

/** A kernel backend: the factory of training sessions. Only the trainer uses it. */
export interface KernelBackend {
  readonly name: BackendName;
  /**
   * Opens a session for training a copy of `net` on `train` (read once, now: later changes to
   * `train.pixels` are not seen) with `optimizer` (its state starts at zero) in batches of at
   * most `maxBatch` digits.
   */
  createSession(net: Network, train: LabelledImages, optimizer: Required<OptimizerSettings>, maxBatch: number): TrainingSession;
}
