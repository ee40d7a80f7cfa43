/**
 * The optimizer's memory, read for one weight: hand-computed momentum and Adam steps on a
 * one-weight network, and the widget's run on the sample digits agreeing with the core.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createOptimizer, type Network } from '../../src/nn/index.ts';
import { runOptimizerSteps, steadyWeight } from '../../src/state/optimizer-steps.ts';
import { stepLines } from '../../src/widgets/OptimizerStep/render.ts';

/** A network with one weight θ and one bias, float64, for hand arithmetic. */
const oneWeight = (theta: number): Network => ({
  sizes: [1, 1], activation: 'relu', seed: 0, init: 'he', precision: 'float64',
  layers: [{ inSize: 1, outSize: 1, W: Float64Array.of(theta), b: Float64Array.of(0) }],
});

describe('optimizer memory (hand-computed)', () => {
  it('momentum: v = μv + g, θ −= ηv', () => {
    const net = oneWeight(0);
    const opt = createOptimizer(net, { name: 'momentum', learningRate: 0.1, momentum: 0.9 });
    opt.step(net, [Float64Array.of(1)], [Float64Array.of(0)]);
    expect(opt.memory(0, 'W', 0)).toEqual({ t: 1, velocity: 1 });
    expect(net.layers[0].W[0]).toBeCloseTo(-0.1, 12);
    opt.step(net, [Float64Array.of(1)], [Float64Array.of(0)]);
    expect(opt.memory(0, 'W', 0).velocity).toBeCloseTo(1.9, 12);
    expect(net.layers[0].W[0]).toBeCloseTo(-0.29, 12);
  });

  it('adam: m, v, their bias corrections and the folded step size', () => {
    const net = oneWeight(1);
    const opt = createOptimizer(net, { name: 'adam', learningRate: 0.01 });
    opt.step(net, [Float64Array.of(2)], [Float64Array.of(0)]);
    const m = opt.memory(0, 'W', 0);
    expect(m.t).toBe(1);
    expect(m.m).toBeCloseTo(0.2, 12);
    expect(m.v).toBeCloseTo(0.004, 12);
    expect(m.mHat).toBeCloseTo(2, 12);
    expect(m.vHat).toBeCloseTo(4, 12);
    expect(m.stepSize).toBeCloseTo((0.01 * Math.sqrt(0.001)) / 0.1, 12);
    // θ − η m̂ / (√v̂ + ε) = 1 − 0.01 · 2 / 2 (ε is negligible)
    expect(net.layers[0].W[0]).toBeCloseTo(0.99, 8);
    expect(() => opt.memory(0, 'W', 1)).toThrow(/no parameter W\[1\] in layer 1/);
    expect(() => opt.memory(3, 'b', 0)).toThrow(RangeError);
  });
});

describe('runOptimizerSteps on the sample digits', () => {
  // Computed in the tests (not at collection time), so mutants of steadyWeight count for them.
  let sample: ReturnType<typeof loadSample>;
  let weight: ReturnType<typeof steadyWeight>;
  beforeEach(() => {
    sample = loadSample();
    weight = steadyWeight(sample);
  });

  it('picks a hidden → output weight whose gradient keeps its sign', () => {
    const run = runOptimizerSteps(sample, { optimizer: 'momentum', weight });
    expect(weight.layer).toBe(2);
    const signs = new Set(run.steps.map((s) => Math.sign(s.g)));
    expect(signs.size).toBe(1);
  });

  it('momentum: v follows μv + g from the gradients it received, and Δθ = −ηv', () => {
    const run = runOptimizerSteps(sample, { optimizer: 'momentum', weight });
    let v = 0;
    for (const s of run.steps) {
      v = 0.9 * v + s.g;
      expect(s.memory.velocity).toBeCloseTo(v, 5);
      expect(s.delta).toBeCloseTo(-run.learningRate * s.memory.velocity!, 6);
      expect(s.sgdDelta).toBeCloseTo(-run.learningRate * s.g, 12);
    }
    // Same-sign gradients: the velocity outgrows the latest gradient.
    const last = run.steps[run.steps.length - 1];
    expect(Math.abs(last.memory.velocity!)).toBeGreaterThan(Math.abs(last.g));
  });

  it('adam: the first step moves the weight by η (m̂/√v̂ = ±1)', () => {
    const run = runOptimizerSteps(sample, { optimizer: 'adam', weight });
    expect(Math.abs(run.steps[0].delta)).toBeCloseTo(run.learningRate, 6);
    expect(run.steps[0].memory.mHat).toBeCloseTo(run.steps[0].g, 6);
    expect(stepLines(run, 0)[3]).toMatch(/^m̂ = m \/ \(1 − β₁\^1\) = /);
    // The weight is named in the site's notation (layer as a superscript), not W[2].
    expect(stepLines(run, 0)[0]).toContain(`dL/dW${String.fromCharCode(0x207d)}${'⁰¹²³⁴⁵⁶⁷⁸⁹'[run.weight.layer]}⁾[${run.weight.row},${run.weight.col}]`);
  });

  it('refuses a weight that does not exist, naming the range', () => {
    expect(() => runOptimizerSteps(sample, { optimizer: 'adam', weight: { layer: 2, row: 10, col: 0 } })).toThrow(/row 10 does not exist in layer 2: use 0 to 9/);
    expect(() => runOptimizerSteps(sample, { optimizer: 'adam', weight: { layer: 3, row: 0, col: 0 } })).toThrow(/layers 1 to 2/);
  });
});
