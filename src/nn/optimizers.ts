/**
 * Optimizers: how a mean gradient g becomes a change of the parameters θ.
 * - sgd:      θ ← θ − η g
 * - momentum: v ← μ v + g;  θ ← θ − η v                 (heavy ball, μ = 0.9)
 * - adam:     m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η m̂ / (√v̂ + ε), with bias correction
 */
import { allocate, type Network, type Vec } from './network.ts';

/** The optimizers the trainer offers. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';
/** All optimizer names, for validation and menus. */
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

/** An optimizer and its hyperparameters (defaults filled in by `createOptimizer`). */
export interface OptimizerSettings {
  name: OptimizerName;
  /** Step size η. */
  learningRate: number;
  /** Momentum μ (momentum only), default 0.9. */
  momentum?: number;
  /** Adam's β₁, β₂, ε; defaults 0.9, 0.999, 1e-8. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Documented defaults: the learning rate each optimizer starts from (see README for accuracies). */
export const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = { sgd: 0.1, momentum: 0.01, adam: 0.001 };

/** Largest learning rate accepted; beyond it every optimizer here diverges at once. */
export const MAX_LEARNING_RATE = 100;

/** How the learning rate changes over a run: constant, or cosine annealing from η to 0. */
export type Schedule = 'constant' | 'cosine';
/** All schedule names, for validation and menus. */
export const SCHEDULES: readonly Schedule[] = ['constant', 'cosine'];

/** The learning-rate multiplier after `done` of `total` steps. */
export function scheduleScale(schedule: Schedule, done: number, total: number): number {
  return schedule === 'cosine' ? 0.5 * (1 + Math.cos((Math.PI * done) / total)) : 1;
}

/** Throws a learner-readable error for absurd optimizer settings. */
export function validateOptimizer(settings: OptimizerSettings): void {
  if (!OPTIMIZERS.includes(settings.name)) throw new RangeError(`unknown optimizer "${settings.name}": use sgd, momentum or adam`);
  const lr = settings.learningRate;
  if (typeof lr !== 'number' || Number.isNaN(lr)) throw new RangeError(`learning rate is not a number (got ${String(lr)}): try ${DEFAULT_LEARNING_RATE[settings.name]}`);
  if (!Number.isFinite(lr)) throw new RangeError(`learning rate must be finite (got ${lr}): try ${DEFAULT_LEARNING_RATE[settings.name]}`);
  if (lr <= 0) throw new RangeError(`learning rate must be greater than 0 (got ${lr}): try ${DEFAULT_LEARNING_RATE[settings.name]}`);
  if (lr > MAX_LEARNING_RATE) throw new RangeError(`learning rate ${lr} is absurdly large (at most ${MAX_LEARNING_RATE}): try ${DEFAULT_LEARNING_RATE[settings.name]}`);
  const inUnit = (value: number | undefined, label: string): void => {
    if (value !== undefined && !(value >= 0 && value < 1)) throw new RangeError(`${label} must be in [0, 1), got ${value}`);
  };
  inUnit(settings.momentum, 'momentum');
  inUnit(settings.beta1, 'beta1');
  inUnit(settings.beta2, 'beta2');
  if (settings.epsilon !== undefined && !(settings.epsilon > 0 && Number.isFinite(settings.epsilon))) {
    throw new RangeError(`epsilon must be a small positive number, got ${settings.epsilon}`);
  }
}

/** Per-parameter state and the update rule, allocated once for a network. */
export interface Optimizer {
  settings: Required<OptimizerSettings>;
  /**
   * Applies one update to every layer from the mean gradients `gradW[l]`, `gradB[l]`;
   * `scale` multiplies the learning rate for this step (a schedule).
   */
  step(net: Network, gradW: Vec[], gradB: Vec[], scale?: number): void;
  /** What the optimizer remembers for one parameter after its latest step (read only; for the step-through of an update). */
  memory(layer: number, param: 'W' | 'b', index: number): ParameterMemory;
}

/**
 * An optimizer's memory of one parameter after `t` updates: momentum's velocity v, or Adam's
 * moments m, v with their bias-corrected values m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), and the step
 * size η_t = η √(1 − β₂ᵗ) / (1 − β₁ᵗ) that folds the correction in (the update is η_t m / (√v + ε)).
 */
export interface ParameterMemory {
  t: number;
  /** Momentum: v after the latest step. */
  velocity?: number;
  /** Adam: first and second moments, bias-corrected moments, and the folded step size. */
  m?: number;
  v?: number;
  mHat?: number;
  vHat?: number;
  stepSize?: number;
}

/** Validates the settings and allocates the optimizer's per-parameter state for `net`. */
export function createOptimizer(net: Network, input: OptimizerSettings): Optimizer {
  validateOptimizer(input);
  const settings: Required<OptimizerSettings> = { momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...input };
  const slots = (): Vec[] => net.layers.flatMap((layer) => [allocate(net.precision, layer.W.length), allocate(net.precision, layer.b.length)]);
  const first = settings.name === 'sgd' ? [] : slots();
  const second = settings.name === 'adam' ? slots() : [];
  let t = 0;
  const { momentum: mu, beta1, beta2, epsilon } = settings;
  let lr = settings.learningRate;
  const update = (theta: Vec, g: Vec, slot: number, stepSize: number): void => {
    const n = theta.length;
    if (settings.name === 'sgd') {
      for (let k = 0; k < n; k++) theta[k] -= lr * g[k];
    } else if (settings.name === 'momentum') {
      const v = first[slot];
      for (let k = 0; k < n; k++) {
        v[k] = mu * v[k] + g[k];
        theta[k] -= lr * v[k];
      }
    } else {
      const m = first[slot];
      const v = second[slot];
      for (let k = 0; k < n; k++) {
        const gk = g[k];
        m[k] = beta1 * m[k] + (1 - beta1) * gk;
        v[k] = beta2 * v[k] + (1 - beta2) * gk * gk;
        theta[k] -= (stepSize * m[k]) / (Math.sqrt(v[k]) + epsilon);
      }
    }
  };
  return {
    settings,
    memory(layer, param, index) {
      const slot = 2 * layer + (param === 'W' ? 0 : 1);
      if (!(slot >= 0 && slot < 2 * net.layers.length) || !(index >= 0 && index < net.layers[layer][param].length)) {
        throw new RangeError(`no parameter ${param}[${index}] in layer ${layer + 1}`);
      }
      if (settings.name === 'sgd') return { t };
      if (settings.name === 'momentum') return { t, velocity: first[slot][index] };
      const m = first[slot][index];
      const v = second[slot][index];
      return { t, m, v, mHat: t ? m / (1 - beta1 ** t) : 0, vHat: t ? v / (1 - beta2 ** t) : 0, stepSize: t ? (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t) : 0 };
    },
    step(target, gradW, gradB, scale = 1) {
      t++;
      lr = settings.learningRate * scale;
      // Adam's bias correction folded into the step size (Kingma & Ba, section 2).
      const stepSize = settings.name === 'adam' ? (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t) : lr;
      for (let l = 0; l < target.layers.length; l++) {
        update(target.layers[l].W, gradW[l], 2 * l, stepSize);
        update(target.layers[l].b, gradB[l], 2 * l + 1, stepSize);
      }
    },
  };
}
