import { describe, expect, it } from 'vitest';
import { outputError, softmaxCrossEntropy } from '../../src/nn/backends/ts/kernels.ts';

describe('softmax and cross-entropy are numerically stable', () => {
  it('matches the textbook formula on ordinary logits', () => {
    const z = Float64Array.of(1, 2, 3);
    const p = new Float64Array(3);
    const loss = softmaxCrossEntropy(z, p, [2], 1, 3);
    const sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(p[2]).toBeCloseTo(Math.exp(3) / sum, 14);
    expect(loss).toBeCloseTo(-Math.log(Math.exp(3) / sum), 14);
  });

  it('handles huge logits without overflow', () => {
    const z = Float64Array.of(1000, 999, -1000);
    const p = new Float64Array(3);
    const loss = softmaxCrossEntropy(z, p, [1], 1, 3);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo(1 + Math.log(1 + Math.exp(-1)), 10);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
  });

  it('gives a finite loss when the true class probability underflows to 0', () => {
    const z = Float32Array.of(0, 800);
    const p = new Float32Array(2);
    const loss = softmaxCrossEntropy(z, p, [0], 1, 2);
    expect(p[0]).toBe(0);
    expect(loss).toBeCloseTo(800, 3);
    const dLdz = new Float32Array(2);
    outputError(p, [0], dLdz, 1, 2);
    expect(Array.from(dLdz)).toEqual([-1, 1]);
  });

  it('sums the loss of every row in a batch', () => {
    const z = Float64Array.of(0, 0, 5, -5);
    const p = new Float64Array(4);
    const total = softmaxCrossEntropy(z, p, [0, 1], 2, 2);
    expect(total).toBeCloseTo(Math.log(2) + (10 + Math.log(1 + Math.exp(-10))), 12);
  });
});
