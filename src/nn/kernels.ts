/**
 * The kernels of the single-digit pass (`pass.ts`), which the step-through's code panel shows.
 * The batched trainer runs the fast kernels of a kernel backend instead (`backends/ts/kernels.ts`,
 * or WebAssembly), and tests prove those equal these.
 *
 * Conventions: matrices are row-major typed arrays. A batch X has shape [batch, in] (one sample
 * per row). W has shape [out, in]. Loops walk contiguous memory innermost and allocate nothing.
 */
import type { Activation, Vec } from './network.ts';

/**
 * Linear map of a batch: Z[s, o] = Σ_i W[o, i] · X[s, i] + b[o].
 * Shapes: X [batch, inSize], W [outSize, inSize], b [outSize], Z [batch, outSize] (written).
 */
export function linearForward(X: Vec, W: Vec, b: Vec, Z: Vec, batch: number, inSize: number, outSize: number): void {
  // Four units at a time share every load of x (register blocking); the last units, if the
  // width is not a multiple of four, take the plain one-unit loop below.
  const blocked = outSize - (outSize % 4);
  for (let s = 0; s < batch; s++) {
    const xOffset = s * inSize;
    const zOffset = s * outSize;
    for (let o = 0; o < blocked; o += 4) {
      const w = o * inSize;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < inSize; i++) {
        const x = X[xOffset + i];
        s0 += W[w + i] * x;
        s1 += W[w + inSize + i] * x;
        s2 += W[w + 2 * inSize + i] * x;
        s3 += W[w + 3 * inSize + i] * x;
      }
      Z[zOffset + o] = s0 + b[o];
      Z[zOffset + o + 1] = s1 + b[o + 1];
      Z[zOffset + o + 2] = s2 + b[o + 2];
      Z[zOffset + o + 3] = s3 + b[o + 3];
    }
    for (let o = blocked; o < outSize; o++) {
      const w = o * inSize;
      let sum = 0;
      for (let i = 0; i < inSize; i++) sum += W[w + i] * X[xOffset + i];
      Z[zOffset + o] = sum + b[o];
    }
  }
}

/**
 * Accumulates the weight and bias gradients of a batch:
 * dLdW[o, i] += Σ_s dLdz[s, o] · X[s, i] and dLdb[o] += Σ_s dLdz[s, o].
 * Shapes: dLdz [batch, outSize], X [batch, inSize], dLdW [outSize, inSize], dLdb [outSize].
 * Zero gradients (every inactive ReLU unit) are skipped: they add nothing.
 */
export function accumulateParamGradients(dLdz: Vec, X: Vec, dLdW: Vec, dLdb: Vec, batch: number, inSize: number, outSize: number): void {
  // Four samples at a time: each weight gradient is read and written once per four samples.
  const blocked = batch - (batch % 4);
  for (let o = 0; o < outSize; o++) {
    const w = o * inSize;
    let biasSum = 0;
    for (let s = 0; s < blocked; s += 4) {
      const g0 = dLdz[s * outSize + o], g1 = dLdz[(s + 1) * outSize + o], g2 = dLdz[(s + 2) * outSize + o], g3 = dLdz[(s + 3) * outSize + o];
      biasSum += g0 + g1 + g2 + g3;
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue; // inactive ReLU units add nothing
      const x = s * inSize;
      for (let i = 0; i < inSize; i++) {
        dLdW[w + i] += g0 * X[x + i] + g1 * X[x + inSize + i] + g2 * X[x + 2 * inSize + i] + g3 * X[x + 3 * inSize + i];
      }
    }
    for (let s = blocked; s < batch; s++) {
      const g = dLdz[s * outSize + o];
      if (g === 0) continue;
      biasSum += g;
      const xOffset = s * inSize;
      for (let i = 0; i < inSize; i++) dLdW[w + i] += g * X[xOffset + i];
    }
    dLdb[o] += biasSum;
  }
}

/**
 * The gradient arriving at the layer's input: dLdx[s, i] = Σ_o W[o, i] · dLdz[s, o] (that is
 * Wᵀ dLdz). Shapes: W [outSize, inSize], dLdz [batch, outSize], dLdx [batch, inSize] (written).
 * Each entry is one sum kept in a register and stored once.
 */
export function backpropInput(W: Vec, dLdz: Vec, dLdx: Vec, batch: number, inSize: number, outSize: number): void {
  for (let s = 0; s < batch; s++) {
    const zOffset = s * outSize;
    const xOffset = s * inSize;
    for (let i = 0; i < inSize; i++) {
      let sum = 0;
      for (let o = 0; o < outSize; o++) sum += W[o * inSize + i] * dLdz[zOffset + o];
      dLdx[xOffset + i] = sum;
    }
  }
}

/** a = f(z) elementwise over the first `length` entries. */
export function activate(kind: Activation, z: Vec, a: Vec, length: number): void {
  if (kind === 'relu') {
    for (let k = 0; k < length; k++) a[k] = z[k] > 0 ? z[k] : 0;
  } else if (kind === 'sigmoid') {
    for (let k = 0; k < length; k++) a[k] = 1 / (1 + Math.exp(-z[k]));
  } else {
    for (let k = 0; k < length; k++) a[k] = Math.tanh(z[k]);
  }
}

/**
 * dLdz = dLda ⊙ f′(z), elementwise. f′ is written in terms of what is cheapest to hand:
 * ReLU: 1 if z > 0 else 0; sigmoid: a(1 − a); tanh: 1 − a².
 */
export function activationBackward(kind: Activation, z: Vec, a: Vec, dLda: Vec, dLdz: Vec, length: number): void {
  if (kind === 'relu') {
    for (let k = 0; k < length; k++) dLdz[k] = z[k] > 0 ? dLda[k] : 0;
  } else if (kind === 'sigmoid') {
    for (let k = 0; k < length; k++) dLdz[k] = dLda[k] * a[k] * (1 - a[k]);
  } else {
    for (let k = 0; k < length; k++) dLdz[k] = dLda[k] * (1 - a[k] * a[k]);
  }
}

/** f′(z) for one unit, given z and a = f(z): shown by the step-through's equation panel. */
export function activationDerivative(kind: Activation, z: number, a: number): number {
  if (kind === 'relu') return z > 0 ? 1 : 0;
  if (kind === 'sigmoid') return a * (1 - a);
  return 1 - a * a;
}

/**
 * Softmax of each row and its cross-entropy loss, numerically stable: p = exp(z − max z) / Σ,
 * loss = log Σ_j exp(z_j − max z) − (z_y − max z). Never takes log of a probability, so a
 * probability that underflows to 0 still gives a finite loss. Writes P [batch, classes]; returns
 * the summed loss of the batch. `labels[s]` is the true class of row s.
 */
export function softmaxCrossEntropy(Z: Vec, P: Vec, labels: ArrayLike<number>, batch: number, classes: number): number {
  let total = 0;
  for (let s = 0; s < batch; s++) {
    const offset = s * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (Z[offset + c] > max) max = Z[offset + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      P[offset + c] = Math.exp(Z[offset + c] - max);
      sum += P[offset + c];
    }
    for (let c = 0; c < classes; c++) P[offset + c] /= sum;
    total += Math.log(sum) - (Z[offset + labels[s]] - max);
  }
  return total;
}

/**
 * Output error of softmax + cross-entropy: dLdz[s, c] = scale · (p[s, c] − 1[c = y_s]), the
 * gradient of the loss w.r.t. the logits. With scale = 1/batch it is the gradient of the batch's
 * mean loss, and every gradient computed from it downstream is already a mean.
 */
export function outputError(P: Vec, labels: ArrayLike<number>, dLdz: Vec, batch: number, classes: number, scale = 1): void {
  for (let s = 0; s < batch; s++) {
    const offset = s * classes;
    const label = labels[s];
    for (let c = 0; c < classes; c++) dLdz[offset + c] = scale * (c === label ? P[offset + c] - 1 : P[offset + c]);
  }
}
