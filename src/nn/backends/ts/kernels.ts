/**
 * The TypeScript backend's fast kernels: register-blocked dense products, sparse inputs (blank
 * pixels and inactive ReLU units skipped). Only the batched trainer runs them, through the
 * backend; table-driven tests prove each equals the readable reference kernel.
 *
 * Conventions: matrices are row-major typed arrays. A batch X has shape [batch, in] (one sample
 * per row). W has shape [out, in]. Loops walk contiguous memory innermost and allocate nothing.
 */
import type { Activation, Vec } from '../../network.ts';

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
 * Sparse inputs in compressed-row form: sample s has nonzero inputs `values[k]` at positions
 * `indices[k]` for k in [rowStart[s], rowStart[s + 1]). MNIST digits are about 80 % background,
 * so the first layer only needs a fifth of the work of a dense product.
 */
export interface SparseRows {
  rowStart: Uint32Array;
  indices: Uint16Array | Uint32Array;
  values: Vec;
}

/**
 * Writes the nonzero entries of the rows of a dense [batch, inSize] matrix into `out` as sparse
 * rows, each multiplied by `scale` (MNIST bytes become inputs in [0, 1]; ReLU activations, about
 * half zeros, are copied as they are). `out` must have room for every nonzero entry.
 */
export function compactRows(A: ArrayLike<number>, batch: number, inSize: number, out: SparseRows, scale = 1): void {
  const { rowStart, indices, values } = out;
  let k = 0;
  for (let s = 0; s < batch; s++) {
    rowStart[s] = k;
    const offset = s * inSize;
    for (let i = 0; i < inSize; i++) {
      const v = A[offset + i];
      if (v !== 0) {
        indices[k] = i;
        values[k] = v * scale;
        k++;
      }
    }
  }
  rowStart[batch] = k;
}

/**
 * `linearForward` for sparse input rows: Z[s, o] = Σ_k W[o, indices[k]] · values[k] + b[o],
 * over the samples `rows[0..batch)` of `X`. Same result as the dense kernel, less work.
 */
export function linearForwardSparse(X: SparseRows, rows: Uint32Array, W: Vec, b: Vec, Z: Vec, batch: number, inSize: number, outSize: number): void {
  const { rowStart, indices, values } = X;
  // Eight output units at a time: each (index, value) pair loaded once feeds eight sums. This
  // register blocking is what V8's scalar code needs to approach memory speed (about 3× faster
  // than one unit at a time here); the remainder units take the plain loop.
  const blocked = outSize - (outSize % 8);
  for (let s = 0; s < batch; s++) {
    const row = rows[s];
    const start = rowStart[row];
    const end = rowStart[row + 1];
    const zOffset = s * outSize;
    for (let o = 0; o < blocked; o += 8) {
      const w = o * inSize;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let k = start; k < end; k++) {
        const i = w + indices[k];
        const v = values[k];
        s0 += W[i] * v;
        s1 += W[i + inSize] * v;
        s2 += W[i + 2 * inSize] * v;
        s3 += W[i + 3 * inSize] * v;
        s4 += W[i + 4 * inSize] * v;
        s5 += W[i + 5 * inSize] * v;
        s6 += W[i + 6 * inSize] * v;
        s7 += W[i + 7 * inSize] * v;
      }
      Z[zOffset + o] = s0 + b[o];
      Z[zOffset + o + 1] = s1 + b[o + 1];
      Z[zOffset + o + 2] = s2 + b[o + 2];
      Z[zOffset + o + 3] = s3 + b[o + 3];
      Z[zOffset + o + 4] = s4 + b[o + 4];
      Z[zOffset + o + 5] = s5 + b[o + 5];
      Z[zOffset + o + 6] = s6 + b[o + 6];
      Z[zOffset + o + 7] = s7 + b[o + 7];
    }
    for (let o = blocked; o < outSize; o++) {
      const w = o * inSize;
      let sum = 0;
      for (let k = start; k < end; k++) sum += W[w + indices[k]] * values[k];
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
 * The first layer's gradients from sparse input rows, written (not accumulated):
 * dLdW[o, i] = Σ_s dLdz[s, o] · X[s, i] and dLdb[o] = Σ_s dLdz[s, o] over the batch.
 *
 * Per sample, only the units with a nonzero gradient do any work: with ReLU about half the
 * hidden units are inactive on a digit, and their gradient is exactly 0. The active units are
 * listed in `active` (scratch, length ≥ outSize) and handled eight at a time, so each loaded
 * (pixel, value) pair feeds eight weight gradients.
 */
export function paramGradientsSparse(dLdz: Vec, X: SparseRows, rows: Uint32Array, dLdW: Vec, dLdb: Vec, batch: number, inSize: number, outSize: number, active: Uint32Array): void {
  const { rowStart, indices, values } = X;
  dLdW.fill(0);
  dLdb.fill(0);
  for (let s = 0; s < batch; s++) {
    const z = s * outSize;
    let count = 0;
    for (let o = 0; o < outSize; o++) {
      const g = dLdz[z + o];
      if (g === 0) continue;
      active[count++] = o;
      dLdb[o] += g;
    }
    const row = rows[s];
    const start = rowStart[row];
    const end = rowStart[row + 1];
    let c = 0;
    for (; c + 8 <= count; c += 8) {
      const g0 = dLdz[z + active[c]], g1 = dLdz[z + active[c + 1]], g2 = dLdz[z + active[c + 2]], g3 = dLdz[z + active[c + 3]];
      const g4 = dLdz[z + active[c + 4]], g5 = dLdz[z + active[c + 5]], g6 = dLdz[z + active[c + 6]], g7 = dLdz[z + active[c + 7]];
      const w0 = active[c] * inSize, w1 = active[c + 1] * inSize, w2 = active[c + 2] * inSize, w3 = active[c + 3] * inSize;
      const w4 = active[c + 4] * inSize, w5 = active[c + 5] * inSize, w6 = active[c + 6] * inSize, w7 = active[c + 7] * inSize;
      for (let k = start; k < end; k++) {
        const i = indices[k];
        const v = values[k];
        dLdW[w0 + i] += g0 * v;
        dLdW[w1 + i] += g1 * v;
        dLdW[w2 + i] += g2 * v;
        dLdW[w3 + i] += g3 * v;
        dLdW[w4 + i] += g4 * v;
        dLdW[w5 + i] += g5 * v;
        dLdW[w6 + i] += g6 * v;
        dLdW[w7 + i] += g7 * v;
      }
    }
    for (; c < count; c++) {
      const g = dLdz[z + active[c]];
      const w = active[c] * inSize;
      for (let k = start; k < end; k++) dLdW[w + indices[k]] += g * values[k];
    }
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

/**
 * `backpropInput` for the trainer's wide layers, skipping units whose gradient is 0 (inactive
 * ReLU units): dLdx[s, :] = Σ_{o active} dLdz[s, o] · W[o, :], four rows of W at a time.
 * Same result as `backpropInput`; `active` is scratch of length ≥ outSize.
 */
export function backpropInputActive(W: Vec, dLdz: Vec, dLdx: Vec, batch: number, inSize: number, outSize: number, active: Uint32Array): void {
  for (let s = 0; s < batch; s++) {
    const z = s * outSize;
    const x = s * inSize;
    let count = 0;
    for (let o = 0; o < outSize; o++) if (dLdz[z + o] !== 0) active[count++] = o;
    for (let i = 0; i < inSize; i++) dLdx[x + i] = 0;
    let c = 0;
    for (; c + 4 <= count; c += 4) {
      const g0 = dLdz[z + active[c]], g1 = dLdz[z + active[c + 1]], g2 = dLdz[z + active[c + 2]], g3 = dLdz[z + active[c + 3]];
      const w0 = active[c] * inSize, w1 = active[c + 1] * inSize, w2 = active[c + 2] * inSize, w3 = active[c + 3] * inSize;
      for (let i = 0; i < inSize; i++) dLdx[x + i] += g0 * W[w0 + i] + g1 * W[w1 + i] + g2 * W[w2 + i] + g3 * W[w3 + i];
    }
    for (; c < count; c++) {
      const g = dLdz[z + active[c]];
      const w = active[c] * inSize;
      for (let i = 0; i < inSize; i++) dLdx[x + i] += g * W[w + i];
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

/** Index of the largest entry of row s of a [batch, classes] matrix (the predicted digit). */
export function argmaxRow(P: Vec, s: number, classes: number): number {
  const offset = s * classes;
  let best = 0;
  for (let c = 1; c < classes; c++) if (P[offset + c] > P[offset + best]) best = c;
  return best;
}
