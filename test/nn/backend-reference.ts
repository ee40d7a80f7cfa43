/**
 * The readable single-sample kernels the fast backends are compared with, under the names and
 * signatures of contract 1 (`src/nn/reference.ts`). Until teach-a's reference.ts lands on main,
 * this adapter runs the single-digit pass's kernels (`src/nn/kernels.ts`) on a batch of one;
 * afterwards it re-exports the reference.
 */
import * as pass from '../../src/nn/kernels.ts';
import type { Activation, Vec } from '../../src/nn/index.ts';

export function linear(W: Vec, b: Vec, x: Vec, z: Vec): void {
  pass.linearForward(x, W, b, z, 1, x.length, z.length);
}
export function activate(kind: Activation, z: Vec, a: Vec): void {
  pass.activate(kind, z, a, z.length);
}
export function activationGradient(kind: Activation, z: Vec, a: Vec, dLda: Vec, dLdz: Vec): void {
  pass.activationBackward(kind, z, a, dLda, dLdz, z.length);
}
export function softmax(z: Vec, p: Vec): void {
  pass.softmaxCrossEntropy(z, p, [0], 1, z.length);
}
export function crossEntropy(p: Vec, y: number): number {
  return -Math.log(p[y]);
}
export function outputError(p: Vec, y: number, dLdz: Vec): void {
  pass.outputError(p, [y], dLdz, 1, p.length);
}
export function weightGradient(dLdz: Vec, aPrev: Vec, dLdW: Vec): void {
  dLdW.fill(0);
  pass.accumulateParamGradients(dLdz, aPrev, dLdW, new Float64Array(dLdz.length), 1, aPrev.length, dLdz.length);
}
export function biasGradient(dLdz: Vec, dLdb: Vec): void {
  dLdb.set(dLdz);
}
export function inputGradient(W: Vec, dLdz: Vec, dLdaPrev: Vec): void {
  pass.backpropInput(W, dLdz, dLdaPrev, 1, dLdaPrev.length, dLdz.length);
}
