/**
 * A few consecutive updates of one weight, made visible: the step-through's network trains on
 * consecutive mini-batches of the sample digits with momentum or Adam (the core's optimizer), and
 * after every update we read, for the selected weight, the mean gradient g it received, what the
 * optimizer remembers (momentum's v; Adam's m, v, m̂, v̂) and the change Δθ it made. Beside it, the
 * change plain SGD would have made with the same g, so momentum building up is visible.
 */
import type { Dataset } from '../data/dataset.ts';
import { imageAsFloats } from '../data/dataset.ts';
import {
  allocate, backward, cloneNetwork, createNetwork, createOptimizer, DEFAULT_LEARNING_RATE, forward,
  type Network, type OptimizerName, type ParameterMemory, type Vec,
} from '../nn/index.ts';
import { DEFAULT_CONFIG } from './session.ts';

/** A weight: layer (1-based, as in the lessons), row (unit) and column (input). */
export interface WeightAddress {
  layer: number;
  row: number;
  col: number;
}

export interface OptimizerStepRecord {
  /** 1-based update number. */
  t: number;
  /** The sample digits of this mini-batch. */
  digits: number[];
  /** Mean dL/dθ over the mini-batch, for the selected weight. */
  g: number;
  memory: ParameterMemory;
  before: number;
  after: number;
  /** after − before: what the optimizer did. */
  delta: number;
  /** −η g: what plain SGD with the same η would have done. */
  sgdDelta: number;
}

export interface OptimizerRun {
  optimizer: Exclude<OptimizerName, 'sgd'>;
  learningRate: number;
  /** μ (momentum) or β₁, β₂, ε (Adam). */
  settings: { momentum: number; beta1: number; beta2: number; epsilon: number };
  weight: WeightAddress;
  batchSize: number;
  steps: OptimizerStepRecord[];
  /** Mean loss over the 100 sample digits after each step (index 0: before any). */
  sampleLoss: number[];
}

/** Mean gradients of `net` over `digits` of `sample`, per layer (the core's forward and backward). */
export function meanGradients(net: Network, sample: Dataset, digits: number[]): { gradW: Vec[]; gradB: Vec[] } {
  const gradW = net.layers.map((l) => allocate(net.precision, l.W.length));
  const gradB = net.layers.map((l) => allocate(net.precision, l.b.length));
  for (const d of digits) {
    const grads = backward(net, forward(net, imageAsFloats(sample, d), sample.labels[d]));
    grads.layers.forEach((g, l) => {
      for (let k = 0; k < g.dLdW.length; k++) gradW[l][k] += g.dLdW[k] / digits.length;
      for (let k = 0; k < g.dLdb.length; k++) gradB[l][k] += g.dLdb[k] / digits.length;
    });
  }
  return { gradW, gradB };
}

function meanLoss(net: Network, sample: Dataset): number {
  let sum = 0;
  for (let d = 0; d < sample.count; d++) sum += forward(net, imageAsFloats(sample, d), sample.labels[d]).loss;
  return sum / sample.count;
}

/** The step-through's network (784-16-10, seed 1): what the lesson's updates start from. */
export function startingNetwork(): Network {
  return createNetwork({ sizes: [784, ...DEFAULT_CONFIG.hidden, 10], activation: DEFAULT_CONFIG.activation, seed: DEFAULT_CONFIG.seed });
}

/** Checks a weight address against the network; throws a learner-readable error. */
export function checkWeight(net: Network, w: WeightAddress): void {
  const layer = net.layers[w.layer - 1];
  if (!Number.isInteger(w.layer) || !layer) throw new RangeError(`layer ${w.layer} does not exist: this network has layers 1 to ${net.layers.length}`);
  if (!Number.isInteger(w.row) || w.row < 0 || w.row >= layer.outSize) throw new RangeError(`row ${w.row} does not exist in layer ${w.layer}: use 0 to ${layer.outSize - 1}`);
  if (!Number.isInteger(w.col) || w.col < 0 || w.col >= layer.inSize) throw new RangeError(`column ${w.col} does not exist in layer ${w.layer}: use 0 to ${layer.inSize - 1}`);
}

/**
 * `steps` updates with `optimizer`, on consecutive mini-batches of `batchSize` sample digits, read
 * for `weight`. `learningRate` defaults to the optimizer's documented default.
 */
export function runOptimizerSteps(sample: Dataset, options: { optimizer: Exclude<OptimizerName, 'sgd'>; weight: WeightAddress; steps?: number; batchSize?: number; learningRate?: number; net?: Network }): OptimizerRun {
  const net = cloneNetwork(options.net ?? startingNetwork());
  checkWeight(net, options.weight);
  const steps = options.steps ?? 6;
  const batchSize = options.batchSize ?? 10;
  if (steps * batchSize > sample.count) throw new RangeError(`${steps} steps of ${batchSize} digits need ${steps * batchSize} sample digits; there are ${sample.count}`);
  const learningRate = options.learningRate ?? DEFAULT_LEARNING_RATE[options.optimizer];
  const optimizer = createOptimizer(net, { name: options.optimizer, learningRate });
  const { layer, row, col } = options.weight;
  const index = row * net.layers[layer - 1].inSize + col;
  const records: OptimizerStepRecord[] = [];
  const sampleLoss = [meanLoss(net, sample)];
  for (let t = 1; t <= steps; t++) {
    const digits = Array.from({ length: batchSize }, (_, k) => (t - 1) * batchSize + k);
    const { gradW, gradB } = meanGradients(net, sample, digits);
    const W = net.layers[layer - 1].W;
    const before = W[index];
    optimizer.step(net, gradW, gradB);
    const g = gradW[layer - 1][index];
    records.push({ t, digits, g, memory: optimizer.memory(layer - 1, 'W', index), before, after: W[index], delta: W[index] - before, sgdDelta: -learningRate * g });
    sampleLoss.push(meanLoss(net, sample));
  }
  const s = optimizer.settings;
  return { optimizer: options.optimizer, learningRate, settings: { momentum: s.momentum, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon }, weight: options.weight, batchSize, steps: records, sampleLoss };
}

/**
 * A weight whose gradient keeps its sign over the first `steps` mini-batches and is large: the one
 * where momentum visibly builds up. Searches layer 2 (hidden → output), where every weight gets a
 * gradient from every digit.
 */
export function steadyWeight(sample: Dataset, steps = 6, batchSize = 10, net: Network = startingNetwork()): WeightAddress {
  const layer = net.layers.length;
  const sums = allocate('float64', net.layers[layer - 1].W.length);
  const signs = new Int32Array(sums.length);
  for (let t = 0; t < steps; t++) {
    const { gradW } = meanGradients(net, sample, Array.from({ length: batchSize }, (_, k) => t * batchSize + k));
    const g = gradW[layer - 1];
    for (let k = 0; k < g.length; k++) {
      sums[k] += g[k];
      signs[k] += Math.sign(g[k]);
    }
  }
  let best = 0;
  for (let k = 0; k < sums.length; k++) {
    const steady = Math.abs(signs[k]) === steps;
    const bestSteady = Math.abs(signs[best]) === steps;
    if ((steady && !bestSteady) || (steady === bestSteady && Math.abs(sums[k]) > Math.abs(sums[best]))) best = k;
  }
  const inSize = net.layers[layer - 1].inSize;
  return { layer, row: Math.floor(best / inSize), col: best % inSize };
}
