/**
 * The reference kernels: the maths of one digit's pass, written to be read. One short loop per
 * formula, named as in the lessons (z, a, W, dLdW), no unrolling, no sparsity tricks. The
 * single-digit pass (pass.ts) runs exactly these, and the code panel of the step-through shows
 * them: each function carries a `// step: <kind>` marker naming the step it computes.
 *
 * Conventions: one sample at a time. A vector is a `Vec` (Float32Array or Float64Array); sizes
 * come from the arrays' lengths. A matrix W of shape [out, in] is stored row by row, so the
 * weight from input i to unit j is W[j * in + i]. Every function writes its output array and
 * allocates nothing. The fast batched kernels of the trainer are tested equal to these.
 */
import type { Activation, Vec } from './network.ts';

/**
 * The linear part of a layer: z = W x + b, that is z_j = Σ_i W_ji x_i + b_j.
 * Shapes: W [out, in], b [out], x [in] (the layer's input: the pixels, or the previous layer's a),
 * z [out] (written).
 */
export function linear(W: Vec, b: Vec, x: Vec, z: Vec): void {
  // step: linear
  const inSize = x.length;
  for (let j = 0; j < z.length; j++) {
    let sum = 0;
    for (let i = 0; i < inSize; i++) sum += W[j * inSize + i] * x[i];
    z[j] = sum + b[j];
  }
}

/**
 * The activation of a hidden layer, one unit at a time: a_j = f(z_j), with
 * ReLU(z) = max(0, z), σ(z) = 1 / (1 + e^(−z)) or tanh(z). Shapes: z [n], a [n] (written).
 */
export function activate(kind: Activation, z: Vec, a: Vec): void {
  // step: activation
  for (let j = 0; j < z.length; j++) {
    if (kind === 'relu') a[j] = z[j] > 0 ? z[j] : 0;
    else if (kind === 'sigmoid') a[j] = 1 / (1 + Math.exp(-z[j]));
    else a[j] = Math.tanh(z[j]);
  }
}

/**
 * Softmax: p_j = e^(z_j − m) / Σ_k e^(z_k − m), where m = max_k z_k. Subtracting m changes
 * nothing in the result (it cancels) but keeps e^z from overflowing. Shapes: z [classes] (the
 * logits), p [classes] (written; positive, sums to 1).
 */
export function softmax(z: Vec, p: Vec): void {
  // step: softmax
  let m = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > m) m = z[k];
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    p[k] = Math.exp(z[k] - m);
    sum += p[k];
  }
  for (let k = 0; k < z.length; k++) p[k] /= sum;
}

/**
 * The cross-entropy loss of the true class y: L = −log p_y. Computed from the logits z, as
 * L = log Σ_k e^(z_k − m) − (z_y − m), which equals −log p_y but stays finite even when p_y
 * is too small to store. Shapes: z [classes]; y is a class index.
 */
export function crossEntropy(z: Vec, y: number): number {
  // step: loss
  let m = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > m) m = z[k];
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += Math.exp(z[k] - m);
  return Math.log(sum) - (z[y] - m);
}

/**
 * The output error, ∂L/∂z of the last layer for softmax followed by cross-entropy:
 * ∂L/∂z_j = p_j − onehot(y)_j (p_j, minus 1 at the true class). Shapes: p [classes],
 * dLdz [classes] (written).
 */
export function outputError(p: Vec, y: number, dLdz: Vec): void {
  // step: output-error
  for (let j = 0; j < p.length; j++) dLdz[j] = j === y ? p[j] - 1 : p[j];
}

/**
 * The weight gradient of a layer: ∂L/∂W_ji = ∂L/∂z_j · aPrev_i, because z_j = Σ_i W_ji aPrev_i + b_j
 * gives ∂z_j/∂W_ji = aPrev_i (an outer product, ∂L/∂W = ∂L/∂z · aPrevᵀ). Shapes: dLdz [out],
 * aPrev [in] (the layer's input), dLdW [out, in] (written).
 */
export function weightGradient(dLdz: Vec, aPrev: Vec, dLdW: Vec): void {
  // step: weight-gradient
  const inSize = aPrev.length;
  for (let j = 0; j < dLdz.length; j++) {
    for (let i = 0; i < inSize; i++) dLdW[j * inSize + i] = dLdz[j] * aPrev[i];
  }
}

/**
 * The bias gradient of a layer: ∂L/∂b_j = ∂L/∂z_j, because ∂z_j/∂b_j = 1.
 * Shapes: dLdz [out], dLdb [out] (written).
 */
export function biasGradient(dLdz: Vec, dLdb: Vec): void {
  // step: bias-gradient
  for (let j = 0; j < dLdz.length; j++) dLdb[j] = dLdz[j];
}

/**
 * The gradient passed down to the layer's input: ∂L/∂aPrev_i = Σ_j W_ji · ∂L/∂z_j (that is
 * Wᵀ ∂L/∂z), because input i reaches every unit j through the weight W_ji.
 * Shapes: W [out, in], dLdz [out], dLdaPrev [in] (written).
 */
export function inputGradient(W: Vec, dLdz: Vec, dLdaPrev: Vec): void {
  // step: input-gradient
  const inSize = dLdaPrev.length;
  for (let i = 0; i < inSize; i++) {
    let sum = 0;
    for (let j = 0; j < dLdz.length; j++) sum += W[j * inSize + i] * dLdz[j];
    dLdaPrev[i] = sum;
  }
}

/**
 * The slope f′(z) of the activation at one unit, written with what is at hand (z and a = f(z)):
 * ReLU′ = 1 if z > 0 else 0; σ′ = a(1 − a); tanh′ = 1 − a².
 */
export function activationDerivative(kind: Activation, z: number, a: number): number {
  // step: activation-gradient
  if (kind === 'relu') return z > 0 ? 1 : 0;
  if (kind === 'sigmoid') return a * (1 - a);
  return 1 - a * a;
}

/**
 * Back through the activation: ∂L/∂z_j = ∂L/∂a_j · f′(z_j), because a_j = f(z_j).
 * Shapes: z [n], a [n], dLda [n], dLdz [n] (written).
 */
export function activationGradient(kind: Activation, z: Vec, a: Vec, dLda: Vec, dLdz: Vec): void {
  // step: activation-gradient
  for (let j = 0; j < z.length; j++) dLdz[j] = dLda[j] * activationDerivative(kind, z[j], a[j]);
}

/**
 * One step of gradient descent on one parameter array: param ← param − η · grad (a W or a b,
 * with its gradient of the same shape). `eta` is the learning rate η.
 */
export function sgdStep(param: Vec, grad: Vec, eta: number): void {
  // step: update
  for (let k = 0; k < param.length; k++) param[k] -= eta * grad[k];
}
