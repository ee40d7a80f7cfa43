/**
 * A pass small enough to work out by hand, for the view tests: a 4-pixel "image", two hidden ReLU
 * layers of 2 units and 2 classes, float64, η = 0.5. Call inside a test (not a describe body: see
 * the README's mutation-testing note).
 *
 *   x = [1, 0.5, 0, 1], label y = 1
 *   W¹ = [[1, −1, 1, −1], [3, 0, 4, 0]], b¹ = [1, −4]   z¹ = [0.5, −1]   a¹ = [0.5, 0]
 *   W² = [[2, 1], [−1, 3]],             b² = [0, 0.25]  z² = [1, −0.25]  a² = [1, 0]
 *   W³ = [[1, 2], [−1, 0]],             b³ = [0, 0]     z³ = [1, −1]
 *   p = [s, 1 − s] with s = 1/(1 + e⁻²) ≈ 0.8808; L = −log(1 − s) = log(1 + e²); guess 0
 *   ∂L/∂z³ = p − onehot(1) = [s, −s]             ∂L/∂W³ = [[s, 0], [−s, 0]]
 *   ∂L/∂a² = W³ᵀ∂L/∂z³ = [2s, 2s]   ∂L/∂z² = [2s, 0]   ∂L/∂W² = [[s, 0], [0, 0]]
 *   ∂L/∂a¹ = W²ᵀ∂L/∂z² = [4s, 2s]   ∂L/∂z¹ = [4s, 0]   ∂L/∂W¹ = [[4s, 2s, 0, 4s], [0, 0, 0, 0]]
 *   ∂L/∂b = ∂L/∂z; Δ = −η·gradient: Δb¹ = [−2s, 0], Δb² = [−s, 0], Δb³ = [−s/2, s/2]
 */
import { expect } from 'vitest';
import { createNetwork, createPass, type Pass } from '../../src/nn/index.ts';
import { buildSteps } from '../../src/explain/index.ts';
import { stateAtStep, DEFAULT_CONFIG, type SessionState } from '../../src/state/session.ts';

export const S = 1 / (1 + Math.exp(-2));
export const ETA = 0.5;

export function tinyPass(): Pass {
  const net = createNetwork({ sizes: [4, 2, 2, 2], activation: 'relu', seed: 1 }, { precision: 'float64' });
  const set = (l: number, W: number[], b: number[]) => {
    net.layers[l].W.set(W);
    net.layers[l].b.set(b);
  };
  set(0, [1, -1, 1, -1, 3, 0, 4, 0], [1, -4]);
  set(1, [2, 1, -1, 3], [0, 0.25]);
  set(2, [1, 2, -1, 0], [0, 0]);
  return createPass(net, [1, 0.5, 0, 1], 1, ETA);
}

/** A session state on step `index` of the tiny pass (focus derived as the session derives it). */
export function tinyState(index = 0, extra: Partial<SessionState> = {}, pass: Pass = tinyPass()): SessionState {
  const steps = buildSteps(pass.net);
  const base: SessionState = {
    config: { ...DEFAULT_CONFIG, hidden: [2, 2], learningRate: ETA }, weightsSource: null, inputSource: null, labelKnown: true,
    pass, sampleLoss: null, steps, range: { from: 0, to: steps.length - 1 }, stepIndex: index, playing: false,
    selection: null, focus: null, element: 0, selectedUnit: null, notes: [], error: null, ...extra,
  };
  return stateAtStep(base, index);
}

/** Entry by entry to 12 digits (so +0 and −0 count as equal). */
export function expectClose(actual: ArrayLike<number> | null | undefined, expected: number[], message?: string): void {
  expect(actual, message).not.toBeNull();
  expect(Array.from(actual!).length, message).toBe(expected.length);
  Array.from(actual!).forEach((v, k) => expect(v, `${message ?? ''} [${k}]`).toBeCloseTo(expected[k], 12));
}
