/**
 * The TypeScript kernel backend: the fallback when WebAssembly SIMD is unavailable, and the one
 * the tests compare the WebAssembly backend with. Its session trains a private copy of the
 * network in typed arrays with the optimizers of `optimizers.ts`.
 */
import type { BatchTally, EvaluationTally, KernelBackend, TrainingSession } from '../backend.ts';
import { sparseRows, type LabelledImages } from '../../batch.ts';
import { cloneNetwork, type Network, type Vec } from '../../network.ts';
import { createOptimizer, type OptimizerSettings } from '../../optimizers.ts';
import { backwardBatch, createWorkspace, forwardBatch, type BatchWorkspace } from './batch.ts';
import { argmaxRow } from './kernels.ts';

/** Digits per forward pass when evaluating. */
const EVAL_BATCH = 500;

/** Whether f′(z) is nonzero for a unit with pre-activation z and activation a (float32 values). */
function isActive(kind: Network['activation'], z: number, a: number): boolean {
  if (kind === 'relu') return z > 0;
  if (kind === 'sigmoid') return a > 0 && a < 1; // a(1 − a) is exactly 0 only when saturated
  return a > -1 && a < 1; // 1 − a² likewise
}

/**
 * Runs every digit of `images` forward through `net` in batches of 500 and tallies loss,
 * predictions, confidence and the units that were never active. `ws` is reused when given.
 */
export function evaluateNetwork(net: Network, images: LabelledImages, ws: BatchWorkspace = createWorkspace(net, Math.min(EVAL_BATCH, Math.max(1, images.count)))): EvaluationTally {
  const last = net.layers.length - 1;
  const classes = net.layers[last].outSize;
  const input = sparseRows(images);
  const predictions = new Uint8Array(images.count);
  const confidence = new Float32Array(images.count);
  const alive = net.layers.slice(0, last).map((layer) => new Uint8Array(layer.outSize));
  let lossSum = 0;
  for (let start = 0; start < images.count; start += ws.maxBatch) {
    const batch = Math.min(ws.maxBatch, images.count - start);
    for (let s = 0; s < batch; s++) {
      ws.rows[s] = start + s;
      ws.labels[s] = images.labels[start + s];
    }
    forwardBatch(net, input, ws, batch);
    lossSum += ws.lossSum;
    const P = ws.A[last];
    for (let s = 0; s < batch; s++) {
      const guess = argmaxRow(P, s, classes);
      predictions[start + s] = guess;
      confidence[start + s] = P[s * classes + guess];
    }
    for (let l = 0; l < last; l++) {
      const width = net.layers[l].outSize;
      const Z = ws.Z[l];
      const A = ws.A[l];
      const flags = alive[l];
      for (let s = 0; s < batch; s++) {
        for (let o = 0; o < width; o++) if (!flags[o] && isActive(net.activation, Z[s * width + o], A[s * width + o])) flags[o] = 1;
      }
    }
  }
  const deadFraction = alive.map((flags) => flags.reduce((dead, on) => dead + (on ? 0 : 1), 0) / flags.length);
  return { lossSum, predictions, confidence, deadFraction };
}

function frobenius(values: Vec): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k] * values[k];
  return Math.sqrt(sum);
}

function createSession(source: Network, train: LabelledImages, settings: Required<OptimizerSettings>, maxBatch: number): TrainingSession {
  let net: Network | null = cloneNetwork(source);
  const optimizer = createOptimizer(net, settings);
  let ws: BatchWorkspace | null = createWorkspace(net, maxBatch);
  let evalWs: BatchWorkspace | null = null;
  // Read once, for the whole run: the session never looks at `train.pixels` again.
  const input = sparseRows(train);
  const labels = train.labels.slice(0, train.count);
  const tally: BatchTally = { lossSum: 0, correct: 0 };
  const live = (): { net: Network; ws: BatchWorkspace } => {
    if (!net || !ws) throw new Error('this training session was disposed: start a new run');
    return { net, ws };
  };
  return {
    forwardBackward(rows, count) {
      const { net, ws } = live();
      if (count < 1 || count > ws.maxBatch) throw new RangeError(`a batch holds 1 to ${ws.maxBatch} digits (got ${count})`);
      for (let s = 0; s < count; s++) {
        ws.rows[s] = rows[s];
        ws.labels[s] = labels[rows[s]];
      }
      forwardBatch(net, input, ws, count);
      backwardBatch(net, input, ws, count);
      tally.lossSum = ws.lossSum;
      tally.correct = ws.correct;
      return tally;
    },
    forward(rows, count) {
      const { net, ws } = live();
      if (count < 1 || count > ws.maxBatch) throw new RangeError(`a batch holds 1 to ${ws.maxBatch} digits (got ${count})`);
      for (let s = 0; s < count; s++) {
        ws.rows[s] = rows[s];
        ws.labels[s] = labels[rows[s]];
      }
      forwardBatch(net, input, ws, count);
      tally.lossSum = ws.lossSum;
      tally.correct = ws.correct;
      return tally;
    },
    update(learningRate) {
      const { net, ws } = live();
      optimizer.settings.learningRate = learningRate;
      optimizer.step(net, ws.dLdW, ws.dLdb);
    },
    gradientNorms() {
      return live().ws.dLdW.map(frobenius);
    },
    readGradients(dLdW, dLdb) {
      const { ws } = live();
      ws.dLdW.forEach((g, l) => dLdW[l].set(g));
      ws.dLdb.forEach((g, l) => dLdb[l].set(g));
    },
    readParameters(target) {
      live().net.layers.forEach((layer, l) => {
        target.layers[l].W.set(layer.W);
        target.layers[l].b.set(layer.b);
      });
    },
    evaluate(images) {
      const { net } = live();
      const size = Math.min(EVAL_BATCH, Math.max(1, images.count));
      if (!evalWs || evalWs.maxBatch < size) evalWs = createWorkspace(net, size);
      return evaluateNetwork(net, images, evalWs);
    },
    dispose() {
      net = null;
      ws = null;
      evalWs = null;
    },
  };
}

/** The TypeScript backend (always available). */
export const tsBackend: KernelBackend = { name: 'ts', createSession };
