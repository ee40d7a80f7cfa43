/**
 * Edges of the fast kernels that the random tables do not reach: softmax kept stable row by row
 * when neighbouring rows are far apart (float32 would turn exp(−200) into 0 and exp(100) into
 * Infinity if a row were shifted by another row's maximum, or by anything but its own), and the
 * predicted digit of a row (the first of equal largest entries, as the reference's argmax).
 */
import { describe, expect, it } from 'vitest';
import { argmaxRow, outputError, softmaxCrossEntropy } from '../../src/nn/backends/ts/kernels.ts';

describe('softmaxCrossEntropy, one row at a time', () => {
  it('rows of logits 300 apart: each row is shifted by its own largest logit', () => {
    // Row 0 is softmax(0, −1, −2) shifted by −200; row 1 has its largest logit in the middle.
    const Z = Float32Array.from([-200, -201, -202, 0, 100, -100]);
    const P = new Float32Array(6);
    const loss = softmaxCrossEntropy(Z, P, [2, 0], 2, 3);
    const S = 1 + Math.exp(-1) + Math.exp(-2); // 1.50321…
    const expected = [1 / S, Math.exp(-1) / S, Math.exp(-2) / S, Math.exp(-100), 1, 0];
    P.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 6));
    // Row 0, true class 2: log S − (−2) = 2.4076…; row 1, true class 0: log(1 + e⁻¹⁰⁰ + e⁻²⁰⁰) + 100 = 100.
    expect(loss).toBeCloseTo(Math.log(S) + 2 + 100, 4);
    const dLdz = new Float32Array(6);
    outputError(P, [2, 0], dLdz, 2, 3, 0.5);
    expect(Array.from(dLdz)).toEqual([P[0] / 2, P[1] / 2, (P[2] - 1) / 2, (P[3] - 1) / 2, P[4] / 2, P[5] / 2].map(Math.fround));
  });
});

describe('argmaxRow: the predicted digit of one row', () => {
  // Three rows of a [3, 3] matrix; row 1 has a tie, row 0's neighbour holds the largest value of all.
  const P = Float32Array.from([0.1, 0.2, 0.3, 0.9, 0.9, 0, 0, 0, 1]);
  it.each([
    [0, 2],
    [1, 0], // a tie: the first of the largest, as the reference's argmax
    [2, 2],
  ])('row %i → %i', (row, digit) => {
    expect(argmaxRow(P, row, 3)).toBe(digit);
  });
});
