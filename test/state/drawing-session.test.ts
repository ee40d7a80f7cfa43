/**
 * The drawing page's state at its edges: one step on a three-pixel digit through a hand-set network
 * (every number by hand), ties in the prediction, and the session's digit, clear, failed step and
 * trained-network changes.
 */
import { describe, expect, it } from 'vitest';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { prepareDrawing } from '../../src/data/draw.ts';
import { loadSample } from '../../src/data/load-node.ts';
import { createNetwork, type Network } from '../../src/nn/index.ts';
import { createDrawingSession, predictDigit, stepOnDigit, untrainedNetwork } from '../../src/state/drawing.ts';

/**
 * 3 pixels → 3 ReLU units → 2 classes, float64. Unit 0 reads pixel 0 (z = x₀), unit 1 is −x₀
 * (inactive for x₀ > 0), unit 2 is always −1 (inactive); class 0's logit is unit 0, class 1's is 0.
 */
const handNet = (): Network => ({
  sizes: [3, 3, 2], activation: 'relu', seed: 0, init: 'he', precision: 'float64',
  layers: [
    { inSize: 3, outSize: 3, W: Float64Array.of(1, 0, 0, -1, 0, 0, 0, 0, 0), b: Float64Array.of(0, 0, -1) },
    { inSize: 3, outSize: 2, W: Float64Array.of(1, 0, 0, 0, 0, 0), b: Float64Array.of(0, 0) },
  ],
});

describe('stepOnDigit by hand', () => {
  it('one step with label 1 and η = 1 on x = (1, 0, 0.5): the weights it moves, where, and the predictions before and after', () => {
    const net = handNet();
    // Forward: z¹ = (1, −1, −1), a¹ = (1, 0, 0); z² = (1, 0); p = (e, 1) / (e + 1) = (0.7311, 0.2689).
    // Backward: dL/dz² = p − (0, 1) = (0.7311, −0.7311); dL/dW² = dz² a¹ᵀ: column 0 only.
    // dL/da¹ = W²ᵀ dz² = (0.7311, 0, 0); dL/dz¹ = (0.7311, 0, 0) (units 1, 2 inactive); dL/dW¹ = dz¹ xᵀ.
    const { result, updated } = stepOnDigit(net, [1, 0, 0.5], 1, 1);
    const q = Math.E / (Math.E + 1);
    expect(result.label).toBe(1);
    expect(result.learningRate).toBe(1);
    expect(result.before.predicted).toBe(0);
    expect(result.before.probabilities[0]).toBeCloseTo(q, 12);
    expect(result.before.loss).toBeCloseTo(Math.log(Math.E + 1), 12);
    expect(result.moved).toEqual([{ layer: 1, changed: 2, total: 9 }, { layer: 2, changed: 2, total: 6 }]);
    expect(Array.from(result.movedByPixel)).toEqual([Math.fround(q), 0, Math.fround(q / 2)]);
    expect(result.inkedPixels).toBe(2);
    expect(result.activeUnits).toBe(1);
    // After: b¹₀ = −q, W¹₀ = (1 − q, 0, −q/2): z¹₀ = 1 − q − q/4 − q < 0, so a¹ = 0 and z² = b² = (−q, q).
    expect(Array.from(updated.layers[0].W)).toEqual([1 - q, 0, -q / 2, -1, 0, 0, 0, 0, 0]);
    expect(result.after.predicted).toBe(1);
    expect(result.after.loss).toBeCloseTo(Math.log(1 + Math.exp(-2 * q)), 12);
    // The network it was given is untouched.
    expect(Array.from(net.layers[0].W)).toEqual([1, 0, 0, -1, 0, 0, 0, 0, 0]);
  });

  it('a tie in the probabilities predicts the first of the tied classes, before and after a step', () => {
    const flat: Network = {
      sizes: [2, 3], activation: 'relu', seed: 0, init: 'he', precision: 'float64',
      layers: [{ inSize: 2, outSize: 3, W: new Float64Array(6), b: Float64Array.of(0, 1, 1) }],
    };
    const p = predictDigit(flat, [0.5, 0.5]);
    expect(p.predicted).toBe(1);
    expect(p.probabilities[1]).toBe(p.probabilities[2]);
    // A step with label 0 lowers classes 1 and 2 by the same amount: still tied, still 1.
    const { result } = stepOnDigit(flat, [0.5, 0.5], 0, 0.1);
    expect(result.before.predicted).toBe(1);
    expect(result.after.predicted).toBe(1);
  });
});

describe('the drawing session', () => {
  const sampleDigit = () => {
    const sample = loadSample();
    return prepareDrawing({ width: 28, height: 28, ink: imageAsFloats(sample, 2) });
  };

  it('starts on the untrained network, named so; a given digit is predicted; clear forgets it and any message', () => {
    const session = createDrawingSession();
    expect(session.store.get()).toMatchObject({ source: 'untrained weights (seed 1)', trained: false, ref: null, steps: 0, digit: null, prediction: null, lastStep: null, message: null });
    session.trainStep(1, 0.1);
    expect(session.store.get().message).toBe('Draw a digit first: there is nothing to train on yet.');
    const digit = sampleDigit();
    session.setDigit(digit);
    expect(session.store.get()).toMatchObject({ digit, message: null });
    expect(session.store.get().prediction).toEqual(predictDigit(untrainedNetwork(), digit.input));
    session.trainStep(1, 0.1);
    expect(session.store.get().lastStep).not.toBeNull();
    // A new digit drops the last step's picture.
    session.setDigit(digit);
    expect(session.store.get().lastStep).toBeNull();
    session.trainStep(1, 0.1);
    session.setDrawing({ width: 5, height: 5, ink: new Float32Array(25) });
    expect(session.store.get()).toMatchObject({ digit: null, prediction: null, lastStep: null, message: expect.stringMatching(/empty/) });
    session.setDigit(digit);
    session.trainStep(1, 0.1);
    session.setDrawing({ width: 28, height: 28, ink: imageAsFloats(loadSample(), 2) });
    expect(session.store.get()).toMatchObject({ message: null, lastStep: null, steps: 3 });
    session.setDrawing({ width: 5, height: 5, ink: new Float32Array(25) });
    session.clear();
    expect(session.store.get()).toMatchObject({ digit: null, prediction: null, lastStep: null, message: null, steps: 3 });
  });

  it('a step the core refuses (η = 0) leaves the network and says why', () => {
    const session = createDrawingSession();
    session.setDigit(sampleDigit());
    const before = session.store.get();
    session.trainStep(3, 0);
    expect(session.store.get()).toMatchObject({ net: before.net, steps: 0, prediction: before.prediction, message: expect.stringMatching(/^learning rate must be a positive finite number \(got 0\)/) });
  });

  it('follows the trained network: ready uses it (steps reset, predicted again), none and error go back to the untrained one, looking changes nothing', () => {
    const session = createDrawingSession();
    const digit = sampleDigit();
    session.setDigit(digit);
    session.trainStep(2, 0.1);
    const net = createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 5 });
    const ref = { kind: 'run', id: 'r1' } as const;
    session.setTrained({ status: 'ready', trained: { net, source: 'run “r1” of the lab', ref } });
    expect(session.store.get()).toMatchObject({ net, source: 'run “r1” of the lab', trained: true, ref, steps: 0, lastStep: null });
    expect(session.store.get().prediction).toEqual(predictDigit(net, digit.input));
    session.trainStep(2, 0.1);
    session.setTrained({ status: 'looking' });
    expect(session.store.get()).toMatchObject({ trained: true, steps: 1 });
    expect(session.store.get().lastStep).not.toBeNull();
    session.resetNetwork();
    expect(session.store.get()).toMatchObject({ net, steps: 0 });

    for (const state of [{ status: 'none' } as const, { status: 'error', message: 'damaged' } as const]) {
      session.setTrained({ status: 'ready', trained: { net, source: 'run “r1” of the lab', ref } });
      session.trainStep(2, 0.1);
      session.setTrained(state);
      expect(session.store.get()).toMatchObject({ source: 'untrained weights (seed 1)', trained: false, ref: null, steps: 0, lastStep: null });
      expect(session.store.get().prediction).toEqual(predictDigit(untrainedNetwork(), digit.input));
    }
  });
});
