/**
 * The numeric kernels. Every product in Stepwise — one digit in the step-through, a mini-batch in
 * the trainer, the CLI — runs through these functions, so the pictures and the training can't
 * disagree. A single sample is simply a batch of one.
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
  for (let s = 0; s < batch; s++) {
    const xOffset = s * inSize;
    const zOffset = s * outSize;
    for (let o = 0; o < outSize; o++) {
      const wOffset = o * inSize;
      let sum = 0;
      for (let i = 0; i < inSize; i++) sum += W[wOffset + i] * X[xOffset + i];
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
  values: Float32Array;
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
  for (let o = 0; o < outSize; o++) {
    const wOffset = o * inSize;
    let biasSum = 0;
    for (let s = 0; s < batch; s++) {
      const g = dLdz[s * outSize + o];
      if (g === 0) continue;
      biasSum += g;
      const xOffset = s * inSize;
      for (let i = 0; i < inSize; i++) dLdW[wOffset + i] += g * X[xOffset + i];
    }
    dLdb[o] += biasSum;
  }
}

/**
 * The sparse inputs of one batch regrouped by input position (compressed columns): the entries
 * for input i are k in [colStart[i], colStart[i + 1]), from batch sample `samples[k]` with value
 * `values[k]`. Buffers are sized once for the largest batch; `cursor` is scratch.
 */
export interface SparseColumns {
  colStart: Uint32Array;
  cursor: Uint32Array;
  samples: Uint32Array;
  values: Float32Array;
}

export function createSparseColumns(maxBatch: number, inSize: number): SparseColumns {
  return {
    colStart: new Uint32Array(inSize + 1),
    cursor: new Uint32Array(inSize),
    samples: new Uint32Array(maxBatch * inSize),
    values: new Float32Array(maxBatch * inSize),
  };
}

/** Regroups the batch `rows[0..batch)` of `X` by input position into `out` (a sparse transpose). */
export function sparseTranspose(X: SparseRows, rows: Uint32Array, batch: number, inSize: number, out: SparseColumns): void {
  const { rowStart, indices, values } = X;
  const { colStart, cursor } = out;
  colStart.fill(0);
  for (let s = 0; s < batch; s++) {
    const row = rows[s];
    const end = rowStart[row + 1];
    for (let k = rowStart[row]; k < end; k++) colStart[indices[k] + 1]++;
  }
  for (let i = 0; i < inSize; i++) {
    colStart[i + 1] += colStart[i];
    cursor[i] = colStart[i];
  }
  for (let s = 0; s < batch; s++) {
    const row = rows[s];
    const end = rowStart[row + 1];
    for (let k = rowStart[row]; k < end; k++) {
      const at = cursor[indices[k]]++;
      out.samples[at] = s;
      out.values[at] = values[k];
    }
  }
}

/**
 * The first layer's gradients from sparse inputs, written (not accumulated):
 * dLdW[o, i] = Σ_s dLdz[s, o] · X[s, i] over the batch, and dLdb[o] = Σ_s dLdz[s, o].
 * `columns` is the batch after `sparseTranspose`. Each weight is computed as one sum in a
 * register and stored once: no read-modify-write of memory, which is what made the scatter
 * form of this product slow, and eight units share every loaded (sample, value) pair.
 */
export function paramGradientsSparse(dLdz: Vec, columns: SparseColumns, dLdW: Vec, dLdb: Vec, batch: number, inSize: number, outSize: number): void {
  const { colStart, samples, values } = columns;
  const blocked = outSize - (outSize % 8);
  for (let o = 0; o < blocked; o += 8) {
    const w = o * inSize;
    for (let i = 0; i < inSize; i++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      const end = colStart[i + 1];
      for (let k = colStart[i]; k < end; k++) {
        const g = samples[k] * outSize + o;
        const v = values[k];
        s0 += dLdz[g] * v;
        s1 += dLdz[g + 1] * v;
        s2 += dLdz[g + 2] * v;
        s3 += dLdz[g + 3] * v;
        s4 += dLdz[g + 4] * v;
        s5 += dLdz[g + 5] * v;
        s6 += dLdz[g + 6] * v;
        s7 += dLdz[g + 7] * v;
      }
      const at = w + i;
      dLdW[at] = s0;
      dLdW[at + inSize] = s1;
      dLdW[at + 2 * inSize] = s2;
      dLdW[at + 3 * inSize] = s3;
      dLdW[at + 4 * inSize] = s4;
      dLdW[at + 5 * inSize] = s5;
      dLdW[at + 6 * inSize] = s6;
      dLdW[at + 7 * inSize] = s7;
    }
  }
  for (let o = blocked; o < outSize; o++) {
    const w = o * inSize;
    for (let i = 0; i < inSize; i++) {
      let sum = 0;
      const end = colStart[i + 1];
      for (let k = colStart[i]; k < end; k++) sum += dLdz[samples[k] * outSize + o] * values[k];
      dLdW[w + i] = sum;
    }
  }
  for (let o = 0; o < outSize; o++) {
    let sum = 0;
    for (let s = 0; s < batch; s++) sum += dLdz[s * outSize + o];
    dLdb[o] = sum;
  }
}

/**
 * The gradient arriving at the layer's input: dLdx[s, i] = Σ_o W[o, i] · dLdz[s, o] (that is
 * Wᵀ dLdz). Shapes: W [outSize, inSize], dLdz [batch, outSize], dLdx [batch, inSize] (written).
 */
export function backpropInput(W: Vec, dLdz: Vec, dLdx: Vec, batch: number, inSize: number, outSize: number): void {
  for (let s = 0; s < batch; s++) {
    const xOffset = s * inSize;
    for (let i = 0; i < inSize; i++) dLdx[xOffset + i] = 0;
    for (let o = 0; o < outSize; o++) {
      const g = dLdz[s * outSize + o];
      if (g === 0) continue;
      const wOffset = o * inSize;
      for (let i = 0; i < inSize; i++) dLdx[xOffset + i] += g * W[wOffset + i];
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
    for (let c = 0; c < classes; c++) sum += Math.exp(Z[offset + c] - max);
    for (let c = 0; c < classes; c++) P[offset + c] = Math.exp(Z[offset + c] - max) / sum;
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
