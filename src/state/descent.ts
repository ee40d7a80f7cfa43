/**
 * View data for "one step of gradient descent": what one SGD step with learning rate η does to
 * this digit's loss and to the mean loss over the 100 sample digits, for η across six decades;
 * an honest verdict on one step; and a few more steps on the same digit. Every loss is the core's
 * (`sgdUpdate`, `forward`, `evaluate`); nothing here does maths of its own.
 */
import { createPass, evaluate, forward, sgdUpdate, type LabelledImages, type Network, type Pass } from '../nn/index.ts';
import { LEARNING_RATE_RANGE, LEARNING_RATE_SLIDER, readLearningRate } from './learning-rate.ts';
import { formatPair } from '../explain/format.ts';

/** The exact η's range (and the plot's): the site's one learning-rate range (learning-rate.ts). */
export const MIN_ETA = LEARNING_RATE_RANGE.min;
export const MAX_ETA = LEARNING_RATE_RANGE.max;
/** The η slider's range: the site's learning-rate slider. */
export const SLIDER_ETA = LEARNING_RATE_SLIDER;
/** Points of the loss-against-η curve (six decades, four per decade). */
export const ETA_POINTS = 25;

/** Reads a typed η; returns a learner-readable message instead when it is not one. */
export function parseEta(text: string): { eta: number } | { error: string } {
  const value = readLearningRate(text);
  if (value === null) {
    return { error: `“${text.slice(0, 24)}” is not a learning rate here: type a number from ${MIN_ETA} to ${MAX_ETA} (for example 0.1). Still using the last valid η.` };
  }
  return { eta: value };
}

/** The η values of the curve, evenly spaced on a log scale from MIN_ETA to MAX_ETA. */
export function etaGrid(points = ETA_POINTS): number[] {
  const lo = Math.log10(MIN_ETA);
  const hi = Math.log10(MAX_ETA);
  return Array.from({ length: points }, (_, k) => Number((10 ** (lo + ((hi - lo) * k) / (points - 1))).toPrecision(6)));
}

export interface EtaPoint {
  eta: number;
  /** This digit's loss after one step with η. */
  digit: number;
  /** Mean loss over the sample digits after that step. */
  mean: number;
}

export interface DescentCurve {
  /** Losses before the step. */
  before: { digit: number; mean: number };
  points: EtaPoint[];
}

/** One step with η from the pass's weights and gradients: this digit's loss and the sample's mean loss after it. */
export function stepAt(pass: Pass, sample: LabelledImages, eta: number): EtaPoint {
  const updated = sgdUpdate(pass.net, pass.gradients, eta);
  return { eta, digit: forward(updated, pass.trace.input, pass.trace.label).loss, mean: evaluate(updated, sample).loss };
}

/** Loss after one step against η, for this digit and for the mean over `sample` (computed once per pass). */
export function descentCurve(pass: Pass, sample: LabelledImages, etas = etaGrid()): DescentCurve {
  return {
    before: { digit: pass.trace.loss, mean: evaluate(pass.net, sample).loss },
    points: etas.map((eta) => stepAt(pass, sample, eta)),
  };
}

export interface Verdict {
  good: boolean;
  text: string;
}

/**
 * The verdict on one step: good only when the mean loss over the sample digits did not rise (and
 * this digit's own loss fell). Large steps are described as they are: this digit's loss keeps
 * falling; what rises is the loss on the other digits.
 */
export function descentVerdict(eta: number, digit: { before: number; after: number }, mean: { before: number; after: number } | null): Verdict {
  const digitFell = digit.after < digit.before;
  const [ownBefore, ownAfter] = formatPair(digit.before, digit.after);
  const own = `One step with η = ${eta} took this digit's loss from ${ownBefore} to ${ownAfter}`;
  if (!digitFell) {
    return { good: false, text: `${own}: up, not down. The step was so large that it jumped past the lowest point along the gradient of this very digit. Try a smaller η.` };
  }
  if (!mean) return { good: true, text: `${own}.` };
  const [meanBefore, meanAfter] = formatPair(mean.before, mean.after);
  const others = `the mean loss over the ${'100'} sample digits went from ${meanBefore} to ${meanAfter}`;
  if (mean.after > mean.before) {
    return {
      good: false,
      text: `${own}, but ${others}: it rose. The step pushed the weights towards this one digit at the expense of the others — the larger η, the more this digit's own loss falls and the more the others' loss rises. Training takes many small steps on many digits instead.`,
    };
  }
  return { good: true, text: `${own}, and ${others}: the step helped this digit without hurting the others on average.` };
}

export interface IterationPoint {
  step: number;
  digit: number;
  mean: number;
  /** This digit's probability of its true class after the step, p_y (the core's softmax). */
  pLabel: number;
  /** The largest change the step made to any weight or bias, |θ after − θ before|; null before any step. */
  largestChange: number | null;
}

/** The state of "more steps on this digit": the network after `step` steps and the losses along the way. */
export interface Iteration {
  net: Network;
  eta: number;
  /** The digit's true class y. */
  label: number;
  points: IterationPoint[];
  /** Set when a new η started these steps over: the η and the number of steps taken before. */
  restartedFrom?: { eta: number; steps: number };
}

/** Starts the iteration at the pass's network (step 0: the losses before any step). */
export function startIteration(pass: Pass, sample: LabelledImages): Iteration {
  return {
    net: pass.net,
    eta: pass.learningRate,
    label: pass.trace.label,
    points: [{ step: 0, digit: pass.trace.loss, mean: evaluate(pass.net, sample).loss, pLabel: pass.trace.probabilities[pass.trace.label], largestChange: null }],
  };
}

/** `count` more SGD steps on the same digit with the same η: each a full pass (forward, backward, update) by the core. */
export function iterate(iteration: Iteration, input: ArrayLike<number>, label: number, sample: LabelledImages, count: number): Iteration {
  let net = iteration.net;
  const points = [...iteration.points];
  for (let k = 0; k < count; k++) {
    const pass = createPass(net, input, label, iteration.eta);
    const largestChange = largestDifference(pass.net, pass.updated);
    net = pass.updated;
    points.push({ step: points.length, digit: pass.after.loss, mean: evaluate(net, sample).loss, pLabel: pass.after.probabilities[label], largestChange });
  }
  return { net, eta: iteration.eta, label, points, ...(iteration.restartedFrom ? { restartedFrom: iteration.restartedFrom } : {}) };
}

/** The largest |after − before| over every weight and bias of two networks of the same shape. */
export function largestDifference(before: Network, after: Network): number {
  let largest = 0;
  before.layers.forEach((layer, l) => {
    for (const key of ['W', 'b'] as const) {
      const a = layer[key];
      const b = after.layers[l][key];
      for (let k = 0; k < a.length; k++) largest = Math.max(largest, Math.abs(b[k] - a[k]));
    }
  });
  return largest;
}

/** A loss the small plot draws as flat: the last step changed it by less than this. */
export const FLAT_CHANGE = 1e-3;

/**
 * Why the curve of more steps looks flat, in words with the numbers of the last step (null while
 * the last step still moved a loss visibly). Either this digit is all but memorised (its loss is
 * near its floor of 0: p of the true class has reached 1, or so nearly that p − onehot(y), and
 * with it every gradient, is tiny, so a step barely moves a weight), or η is so small that each
 * step is too small to see.
 */
export function flatNote(points: IterationPoint[], eta: number, label: number): string | null {
  if (points.length < 3) return null;
  const last = points[points.length - 1];
  const previous = points[points.length - 2];
  if (last.largestChange === null) return null;
  const digitChange = Math.abs(last.digit - previous.digit);
  if (digitChange >= FLAT_CHANGE || Math.abs(last.mean - previous.mean) >= FLAT_CHANGE) return null;
  const fmt = (x: number) => (x === 0 ? '0' : Math.abs(x) < 1e-4 ? x.toExponential(1).replace('e-', 'e−') : String(Number(x.toPrecision(4))));
  if (last.digit >= FLAT_CHANGE) {
    return `Why the curves look flat: each step with η = ${eta} is tiny. The last one changed this digit's loss by ${fmt(digitChange)} (to ${fmt(last.digit)}) and moved no weight or bias by more than ${fmt(last.largestChange)}. A larger η takes bigger steps.`;
  }
  const p = last.pLabel === 1 ? `p(${label}) rounds to exactly 1 in float32` : `p(${label}) = ${last.pLabel.toPrecision(8)}`;
  const moved = last.largestChange === 0
    ? 'so the last step changed no weight at all'
    : `so the last step moved no weight or bias by more than ${fmt(last.largestChange)}`;
  return `Why the curves are flat: this digit's loss is ${fmt(last.digit)}, at its floor of 0, and ${p}. The gradient starts from p − onehot(${label}), which is then (almost) zero everywhere, ${moved} (η = ${eta}). The network has all but memorised this digit: more steps on it cannot lower its loss, and the mean loss over the 100 digits stays where the first step${points.length > 3 ? 's' : ''} left it (${fmt(last.mean)}).`;
}

/**
 * What the steps panel says about a new η that started its steps over (null when none were lost):
 * the steps taken before belonged to the old η and are gone.
 */
export function restartNote(iteration: Iteration): string | null {
  const from = iteration.restartedFrom;
  if (!from || from.steps === 0) return null;
  return `Changing η from ${from.eta} to ${iteration.eta} started these steps over from the starting weights: the ${from.steps} step${from.steps === 1 ? '' : 's'} taken with η = ${from.eta} ${from.steps === 1 ? 'is' : 'are'} no longer shown.`;
}
