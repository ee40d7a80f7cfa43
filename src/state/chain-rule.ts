/**
 * View data for the chain-rule widget: one weight w of the real network, on the real digit, moved
 * by the learner. For every w the core runs the pass again: the loss L(w), the slope dL/dw that
 * backpropagation computes, and the finite-difference slope (L(w+ε) − L(w−ε)) / 2ε that checks
 * it; and the two chain-rule factors ∂L/∂z (from backprop) and ∂z/∂w (the input the weight
 * multiplies). The session's network is copied to Float64 once, so the finite difference measures
 * the maths, not float32 rounding. Widgets only draw these numbers.
 */
import { backward, forward, type Network, type Pass } from '../nn/index.ts';

/** ε of the finite-difference slope. */
export const CHAIN_EPSILON = 1e-3;
/** Points on the curve L(w). */
export const CURVE_POINTS = 121;

/** One weight: W⁽layer⁾[row, col], from unit `col` of layer − 1 (a pixel when layer is 1) to unit `row` of layer `layer`. */
export interface WeightChoice {
  layer: number;
  row: number;
  col: number;
}

export interface ChainRuleModel {
  choice: WeightChoice;
  /** The weight's value in the session's network. */
  w0: number;
  /** The range the learner can move w over. */
  min: number;
  max: number;
  /** L(w) sampled evenly over [min, max]. */
  curve: { w: number; loss: number }[];
  /** Layers in the network (the last is the output). */
  layers: number;
  /** Units of the chosen layer and of the layer below (pixels for layer 1). */
  rows: number;
  cols: number;
  label: number;
  /** The Float64 copy the numbers are computed on, and the input. */
  net: Network;
  input: ArrayLike<number>;
}

export interface ChainRulePoint {
  w: number;
  loss: number;
  /** dL/dw from backpropagation at this w. */
  slope: number;
  /** (L(w+ε) − L(w−ε)) / 2ε. */
  finiteDifference: number;
  epsilon: number;
  lossPlus: number;
  lossMinus: number;
  /** |slope − finiteDifference| / max(|slope|, |finiteDifference|) (0 when both are 0). */
  relativeDifference: number;
  /** ∂L/∂z of the unit the weight feeds (from backprop). */
  dLdz: number;
  /** ∂z/∂w: the input the weight multiplies (a pixel, or an activation of the layer below). */
  dzdw: number;
}

/** Throws a learner-readable error unless `choice` names a weight of `pass`'s network. */
export function checkChoice(pass: Pass, choice: WeightChoice): void {
  const { layer, row, col } = choice;
  const L = pass.net.layers.length;
  if (!Number.isInteger(layer) || layer < 1 || layer > L) throw new RangeError(`layer ${layer} does not exist: choose a layer from 1 to ${L}`);
  const { outSize, inSize } = pass.net.layers[layer - 1];
  // Worded like the widget's fields: "Into output (digit)" or "Into unit", "From pixel" or "From hidden unit".
  const into = layer === L ? `output ${row} does not exist: choose a digit from 0 to ${outSize - 1}` : `unit ${row} does not exist in layer ${layer}: choose 0 to ${outSize - 1}`;
  if (!Number.isInteger(row) || row < 0 || row >= outSize) throw new RangeError(into);
  const from = layer === 1 ? `pixel ${col} does not exist: choose 0 to ${inSize - 1}` : `hidden unit ${col} does not exist in layer ${layer - 1}: choose 0 to ${inSize - 1}`;
  if (!Number.isInteger(col) || col < 0 || col >= inSize) throw new RangeError(from);
}

/**
 * A weight worth looking at in `layer`: the output layer's weight into the true digit, other
 * layers' into the unit with the largest |∂L/∂z|; from the most active input (so ∂z/∂w ≠ 0).
 */
export function defaultWeight(pass: Pass, layer = pass.net.layers.length): WeightChoice {
  const L = pass.net.layers.length;
  const l = Math.max(1, Math.min(L, Math.trunc(layer)));
  const argmax = (values: ArrayLike<number>, by: (v: number) => number = (v) => v) => {
    let best = 0;
    for (let k = 1; k < values.length; k++) if (by(values[k]) > by(values[best])) best = k;
    return best;
  };
  const row = l === L ? pass.trace.label : argmax(pass.gradients.layers[l - 1].dLdz, Math.abs);
  const col = argmax(l === 1 ? pass.trace.input : pass.trace.layers[l - 2].a);
  return { layer: l, row, col };
}

function toFloat64(net: Network): Network {
  return {
    ...net,
    sizes: [...net.sizes],
    precision: 'float64',
    layers: net.layers.map((layer) => ({ inSize: layer.inSize, outSize: layer.outSize, W: Float64Array.from(layer.W), b: Float64Array.from(layer.b) })),
  };
}

/** Runs `fn` with the chosen weight set to `w`, then puts the weight back. */
function withWeight<T>(model: Pick<ChainRuleModel, 'net' | 'choice'>, w: number, fn: () => T): T {
  const { layer, row, col } = model.choice;
  const { W, inSize } = model.net.layers[layer - 1];
  const k = row * inSize + col;
  const saved = W[k];
  W[k] = w;
  try {
    return fn();
  } finally {
    W[k] = saved;
  }
}

const lossAt = (model: Pick<ChainRuleModel, 'net' | 'choice' | 'input' | 'label'>, w: number): number =>
  withWeight(model, w, () => forward(model.net, model.input, model.label).loss);

/** The curve and range for one weight of the session's pass (computed once per pass and weight). */
export function chainRuleModel(pass: Pass, choice: WeightChoice): ChainRuleModel {
  checkChoice(pass, choice);
  const net = toFloat64(pass.net);
  const { W, inSize, outSize } = net.layers[choice.layer - 1];
  const w0 = W[choice.row * inSize + choice.col];
  // Wide enough to see the curve bend: w moves z = … + w · input by up to ±6 (a large change of
  // a logit or a hidden sum), and at least ±1 (an input of 0 leaves the loss flat).
  const input = choice.layer === 1 ? pass.trace.input[choice.col] : pass.trace.layers[choice.layer - 2].a[choice.col];
  const span = Math.min(20, Math.max(1, 6 / Math.abs(input || 1e-9), 2 * Math.abs(w0)));
  const base = { choice, net, input: pass.trace.input, label: pass.trace.label };
  const min = w0 - span;
  const max = w0 + span;
  const curve = Array.from({ length: CURVE_POINTS }, (_, k) => {
    const w = min + ((max - min) * k) / (CURVE_POINTS - 1);
    return { w, loss: lossAt(base, w) };
  });
  return { ...base, w0, min, max, curve, layers: net.layers.length, rows: outSize, cols: inSize };
}

/** The numbers at weight value `w`: loss, backprop slope, finite-difference slope, chain-rule factors. */
export function chainRulePoint(model: ChainRuleModel, w: number, epsilon = CHAIN_EPSILON): ChainRulePoint {
  if (!Number.isFinite(w)) throw new RangeError(`w must be a finite number (got ${w})`);
  const { layer, row, col } = model.choice;
  const { trace, gradients } = withWeight(model, w, () => {
    const t = forward(model.net, model.input, model.label);
    return { trace: t, gradients: backward(model.net, t) };
  });
  const g = gradients.layers[layer - 1];
  const slope = g.dLdW[row * model.cols + col];
  const lossPlus = lossAt(model, w + epsilon);
  const lossMinus = lossAt(model, w - epsilon);
  const finiteDifference = (lossPlus - lossMinus) / (2 * epsilon);
  const scale = Math.max(Math.abs(slope), Math.abs(finiteDifference));
  const dzdw = layer === 1 ? trace.input[col] : trace.layers[layer - 2].a[col];
  return {
    w, loss: trace.loss, slope, finiteDifference, epsilon, lossPlus, lossMinus,
    relativeDifference: scale === 0 ? 0 : Math.abs(slope - finiteDifference) / scale,
    dLdz: g.dLdz[row], dzdw,
  };
}
