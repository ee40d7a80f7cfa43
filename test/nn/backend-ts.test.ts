/**
 * Every fast kernel of the TypeScript backend equals the readable reference (src/nn/reference.ts), over a
 * table of shapes: odd widths, batch sizes 1–9, dense and sparse inputs (exact zeros, so the
 * skipping paths run), each activation. Float32 tolerance: |fast − reference| ≤ 1e-5 · (1 + max |reference|),
 * the reference computed in float64 from the same float32 inputs.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Activation, type Vec } from '../../src/nn/index.ts';
import {
  accumulateParamGradients, activate, activationBackward, backpropInput, backpropInputActive, compactRows, linearForward,
  linearForwardSparse, outputError, paramGradientsSparse, softmaxCrossEntropy, type SparseRows,
} from '../../src/nn/backends/ts/kernels.ts';
import * as reference from '../../src/nn/reference.ts';

const TOLERANCE = 1e-5;

function expectClose(fast: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(fast.length, what).toBe(expected.length);
  let scale = 1;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]));
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(fast[k] - expected[k]));
  expect(worst, `${what}: max |fast − reference| = ${worst}`).toBeLessThanOrEqual(TOLERANCE * scale);
}

/** Random float32 values in [-1, 1); a fraction `zeros` of them exactly 0 (blank pixels, inactive units). */
function randomVec(length: number, seed: number, zeros = 0): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => (rng.next() < zeros ? 0 : Math.fround(2 * rng.next() - 1)));
}

const row = (M: Vec, s: number, width: number): Float64Array => Float64Array.from(M.subarray(s * width, (s + 1) * width));

function sparseOf(X: Float32Array, batch: number, inSize: number): SparseRows {
  const out: SparseRows = { rowStart: new Uint32Array(batch + 1), indices: new Uint32Array(batch * inSize), values: new Float32Array(batch * inSize) };
  compactRows(X, batch, inSize, out);
  return out;
}

// [inSize, outSize]: odd widths, a width of 1, widths around the blocking factors 4 and 8, and MNIST's 784.
const SHAPES: [number, number][] = [[1, 1], [5, 3], [7, 13], [17, 8], [9, 33], [784, 12]];
const BATCHES = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const INPUTS: ['dense' | 'sparse', number][] = [['dense', 0], ['sparse', 0.6]];
const ACTIVATIONS: Activation[] = ['relu', 'sigmoid', 'tanh'];

const cases = SHAPES.flatMap(([inSize, outSize]) => BATCHES.flatMap((batch) => INPUTS.map(([kind, zeros]) => ({ inSize, outSize, batch, kind, zeros }))));

describe.each(cases)('TS kernels = reference: in $inSize, out $outSize, batch $batch, $kind input', ({ inSize, outSize, batch, zeros }) => {
  const seed = inSize * 1000 + outSize * 10 + batch;
  const X = randomVec(batch * inSize, seed, zeros);
  const W = randomVec(outSize * inSize, seed + 1);
  const b = randomVec(outSize, seed + 2);
  const dLdZ = randomVec(batch * outSize, seed + 3, zeros);
  const rows = Uint32Array.from({ length: batch }, (_, s) => (s * 7) % batch); // a permutation-ish gather with repeats

  const expectedZ = (gather: (s: number) => number) => {
    const Z = new Float64Array(batch * outSize);
    for (let s = 0; s < batch; s++) {
      const z = new Float64Array(outSize);
      reference.linear(Float64Array.from(W), Float64Array.from(b), row(X, gather(s), inSize), z);
      Z.set(z, s * outSize);
    }
    return Z;
  };

  it('linearForward', () => {
    const Z = new Float32Array(batch * outSize);
    linearForward(X, W, b, Z, batch, inSize, outSize);
    expectClose(Z, expectedZ((s) => s), 'Z');
  });

  it('linearForwardSparse (gathering rows)', () => {
    const Z = new Float32Array(batch * outSize);
    linearForwardSparse(sparseOf(X, batch, inSize), rows, W, b, Z, batch, inSize, outSize);
    expectClose(Z, expectedZ((s) => rows[s]), 'Z');
  });

  const expectedParamGradients = (gather: (s: number) => number) => {
    const dLdW = new Float64Array(outSize * inSize);
    const dLdb = new Float64Array(outSize);
    const one = new Float64Array(outSize * inSize);
    const oneB = new Float64Array(outSize);
    for (let s = 0; s < batch; s++) {
      const dLdz = row(dLdZ, s, outSize);
      reference.weightGradient(dLdz, row(X, gather(s), inSize), one);
      reference.biasGradient(dLdz, oneB);
      one.forEach((v, k) => (dLdW[k] += v));
      oneB.forEach((v, k) => (dLdb[k] += v));
    }
    return { dLdW, dLdb };
  };

  it('accumulateParamGradients', () => {
    const dLdW = new Float32Array(outSize * inSize);
    const dLdb = new Float32Array(outSize);
    accumulateParamGradients(dLdZ, X, dLdW, dLdb, batch, inSize, outSize);
    const expected = expectedParamGradients((s) => s);
    expectClose(dLdW, expected.dLdW, 'dLdW');
    expectClose(dLdb, expected.dLdb, 'dLdb');
  });

  it('paramGradientsSparse (gathering rows, inactive units skipped)', () => {
    const dLdW = new Float32Array(outSize * inSize).fill(9); // written, not accumulated
    const dLdb = new Float32Array(outSize).fill(9);
    paramGradientsSparse(dLdZ, sparseOf(X, batch, inSize), rows, dLdW, dLdb, batch, inSize, outSize, new Uint32Array(outSize));
    const expected = expectedParamGradients((s) => rows[s]);
    expectClose(dLdW, expected.dLdW, 'dLdW');
    expectClose(dLdb, expected.dLdb, 'dLdb');
  });

  const expectedInputGradient = () => {
    const dLdX = new Float64Array(batch * inSize);
    for (let s = 0; s < batch; s++) {
      const out = new Float64Array(inSize);
      reference.inputGradient(Float64Array.from(W), row(dLdZ, s, outSize), out);
      dLdX.set(out, s * inSize);
    }
    return dLdX;
  };

  it('backpropInput', () => {
    const dLdX = new Float32Array(batch * inSize);
    backpropInput(W, dLdZ, dLdX, batch, inSize, outSize);
    expectClose(dLdX, expectedInputGradient(), 'dLdx');
  });

  it('backpropInputActive (inactive units skipped)', () => {
    const dLdX = new Float32Array(batch * inSize).fill(9);
    backpropInputActive(W, dLdZ, dLdX, batch, inSize, outSize, new Uint32Array(outSize));
    expectClose(dLdX, expectedInputGradient(), 'dLdx');
  });

  it.each(ACTIVATIONS)('activate and activationBackward (%s)', (kind) => {
    const n = batch * outSize;
    const Z = randomVec(n, seed + 4, 0.2).map((v) => 4 * v);
    const dLdA = randomVec(n, seed + 5);
    const A = new Float32Array(n);
    const dLdZfast = new Float32Array(n);
    activate(kind, Z, A, n);
    activationBackward(kind, Z, A, dLdA, dLdZfast, n);
    const a = new Float64Array(n);
    const dLdz = new Float64Array(n);
    reference.activate(kind, Float64Array.from(Z), a);
    // The reference differentiates at the float32 activations the trainer stores.
    reference.activationGradient(kind, Float64Array.from(Z), Float64Array.from(A), Float64Array.from(dLdA), dLdz);
    expectClose(A, a, 'a');
    expectClose(dLdZfast, dLdz, 'dLdz');
  });

  it('softmaxCrossEntropy and outputError', () => {
    const classes = outSize;
    const Z = randomVec(batch * classes, seed + 6).map((v) => 8 * v);
    const labels = Uint8Array.from({ length: batch }, (_, s) => (s * 3) % classes);
    const P = new Float32Array(batch * classes);
    const loss = softmaxCrossEntropy(Z, P, labels, batch, classes);
    const dLdz = new Float32Array(batch * classes);
    outputError(P, labels, dLdz, batch, classes, 1 / batch);
    const expectedP = new Float64Array(batch * classes);
    const expectedError = new Float64Array(batch * classes);
    let expectedLoss = 0;
    for (let s = 0; s < batch; s++) {
      const p = new Float64Array(classes);
      reference.softmax(row(Z, s, classes), p);
      expectedLoss += reference.crossEntropy(row(Z, s, classes), labels[s]);
      const e = new Float64Array(classes);
      reference.outputError(p, labels[s], e);
      expectedP.set(p, s * classes);
      expectedError.set(e.map((v) => v / batch), s * classes);
    }
    expectClose(P, expectedP, 'p');
    expectClose(dLdz, expectedError, 'dLdz');
    expectClose([loss], [expectedLoss], 'loss');
  });
});
