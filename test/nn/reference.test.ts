/**
 * The reference kernels against numbers worked out by hand, and the single-digit pass held to
 * them: pass.ts runs nothing else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  activate, activationDerivative, activationGradient, biasGradient, crossEntropy, inputGradient, linear, outputError,
  sgdStep, softmax, weightGradient,
} from '../../src/nn/reference.ts';
import { createNetwork, createPass } from '../../src/nn/index.ts';
import { digit } from './helpers.ts';

const f64 = (...values: number[]) => Float64Array.from(values);

describe('reference kernels, by hand', () => {
  it('linear: z = W x + b with W row-major [out, in]', () => {
    // W = [[1, 2, 3], [-1, 0, 0.5]], x = (1, -1, 2), b = (0.5, -2)
    const z = new Float64Array(2);
    linear(f64(1, 2, 3, -1, 0, 0.5), f64(0.5, -2), f64(1, -1, 2), z);
    expect(Array.from(z)).toEqual([1 - 2 + 6 + 0.5, -1 + 0 + 1 - 2]);
  });

  it.each([
    ['relu', [-2, 0, 3], [0, 0, 3]],
    ['sigmoid', [0, Math.log(3)], [0.5, 0.75]],
    ['tanh', [0, Math.atanh(0.5)], [0, 0.5]],
  ] as const)('activate %s', (kind, z, a) => {
    const out = new Float64Array(z.length);
    activate(kind, f64(...z), out);
    a.forEach((value, k) => expect(out[k]).toBeCloseTo(value, 12));
  });

  it.each([
    ['relu', 2, 2, 1], ['relu', -1, 0, 0], ['relu', 0, 0, 0],
    ['sigmoid', Math.log(3), 0.75, 0.1875], ['tanh', Math.atanh(0.5), 0.5, 0.75],
  ] as const)("%s' at z = %d is the slope", (kind, z, a, slope) => {
    expect(activationDerivative(kind, z, a)).toBeCloseTo(slope, 12);
  });

  it('activationGradient multiplies dL/da by the slope', () => {
    const dLdz = new Float64Array(2);
    activationGradient('sigmoid', f64(0, Math.log(3)), f64(0.5, 0.75), f64(2, -4), dLdz);
    expect(Array.from(dLdz)).toEqual([2 * 0.25, -4 * 0.1875]);
  });

  it('softmax subtracts the max: logits of 1000 do not overflow; it sums to 1', () => {
    const p = new Float64Array(3);
    softmax(f64(1000, 1000 + Math.log(2), 1000 + Math.log(5)), p);
    expect(p[0]).toBeCloseTo(1 / 8, 12);
    expect(p[1]).toBeCloseTo(2 / 8, 12);
    expect(p[2]).toBeCloseTo(5 / 8, 12);
  });

  it('crossEntropy is −log p_y, finite even when p_y underflows', () => {
    expect(crossEntropy(f64(0, Math.log(2), Math.log(5)), 1)).toBeCloseTo(-Math.log(2 / 8), 12);
    expect(crossEntropy(f64(0, 2000), 0)).toBeCloseTo(2000, 9);
  });

  it('outputError is p − onehot(y)', () => {
    const dLdz = new Float64Array(3);
    outputError(f64(0.125, 0.25, 0.625), 1, dLdz);
    expect(Array.from(dLdz)).toEqual([0.125, -0.75, 0.625]);
  });

  it('weightGradient is the outer product dL/dz · aPrevᵀ (row j = dL/dz_j times the inputs)', () => {
    const dLdW = new Float64Array(6);
    weightGradient(f64(2, -1), f64(1, 0, 3), dLdW);
    expect(Array.from(dLdW)).toEqual([2, 0, 6, -1, -0, -3]);
  });

  it('biasGradient copies dL/dz', () => {
    const dLdb = new Float64Array(2);
    biasGradient(f64(2, -1), dLdb);
    expect(Array.from(dLdb)).toEqual([2, -1]);
  });

  it('inputGradient is Wᵀ dL/dz', () => {
    const dLda = new Float64Array(3);
    inputGradient(f64(1, 2, 3, -1, 0, 0.5), f64(2, -1), dLda);
    expect(Array.from(dLda)).toEqual([2 + 1, 4 + 0, 6 - 0.5]);
  });

  it('sgdStep moves against the gradient by η', () => {
    const W = f64(1, -1);
    sgdStep(W, f64(0.5, -2), 0.1);
    expect(W[0]).toBeCloseTo(0.95, 15);
    expect(W[1]).toBeCloseTo(-0.8, 15);
  });
});

describe('the single-digit pass runs the reference kernels only', () => {
  it('pass.ts imports its maths from reference.ts and nothing from the fast kernels', () => {
    const source = readFileSync(join(import.meta.dirname, '../../src/nn/pass.ts'), 'utf8');
    const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]).sort();
    expect(imports).toEqual(['./network.ts', './reference.ts']);
  });

  it('the pass equals the reference kernels applied by hand, layer by layer', () => {
    const net = createNetwork({ sizes: [784, 6, 5, 10], activation: 'tanh', seed: 3 }, { precision: 'float64' });
    const { x, y } = digit(2);
    const pass = createPass(net, x, y, 0.5);
    const [l1, l2, l3] = net.layers;
    const z1 = new Float64Array(6), a1 = new Float64Array(6), z2 = new Float64Array(5), a2 = new Float64Array(5), z3 = new Float64Array(10), p = new Float64Array(10);
    linear(l1.W, l1.b, Float64Array.from(x), z1); activate('tanh', z1, a1);
    linear(l2.W, l2.b, a1, z2); activate('tanh', z2, a2);
    linear(l3.W, l3.b, a2, z3); softmax(z3, p);
    expect(Array.from(pass.trace.layers[1].z)).toEqual(Array.from(z2));
    expect(Array.from(pass.trace.probabilities)).toEqual(Array.from(p));
    expect(pass.trace.loss).toBe(crossEntropy(z3, y));
    const dLdz3 = new Float64Array(10), dLda2 = new Float64Array(5), dLdz2 = new Float64Array(5), dLdW2 = new Float64Array(30);
    outputError(p, y, dLdz3);
    inputGradient(l3.W, dLdz3, dLda2);
    activationGradient('tanh', z2, a2, dLda2, dLdz2);
    weightGradient(dLdz2, a1, dLdW2);
    expect(Array.from(pass.gradients.layers[1].dLda!)).toEqual(Array.from(dLda2));
    expect(Array.from(pass.gradients.layers[1].dLdW)).toEqual(Array.from(dLdW2));
    const W2 = Float64Array.from(l2.W);
    sgdStep(W2, dLdW2, 0.5);
    expect(Array.from(pass.updated.layers[1].W)).toEqual(Array.from(W2));
  });
});
