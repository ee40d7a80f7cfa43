/**
 * runOptimizerSteps and steadyWeight on a four-digit set and a one-layer network (2 pixels → 2
 * classes, all weights 0), every number by hand: the gradients read, momentum's memory, the
 * changes, the mean loss after each step (biases included), the settings reported, and the
 * refused weights and step counts.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.ts';
import { loadSample } from '../../src/data/load-node.ts';
import { backward, DEFAULT_LEARNING_RATE, forward, type Network } from '../../src/nn/index.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { checkWeight, meanGradients, runOptimizerSteps, startingNetwork, steadyWeight } from '../../src/state/optimizer-steps.ts';

const zeroNet = (): Network => ({
  sizes: [2, 2], activation: 'relu', seed: 0, init: 'he', precision: 'float64',
  layers: [{ inSize: 2, outSize: 2, W: new Float64Array(4), b: new Float64Array(2) }],
});
/** Digits of two pixels (bytes) with their labels. */
const tinySet = (digits: [number, number, number][]): Dataset => ({
  count: digits.length, rows: 1, cols: 2,
  pixels: Uint8Array.from(digits.flatMap(([a, b]) => [a, b])), labels: Uint8Array.from(digits.map(([, , label]) => label)),
});
/** Cross-entropy of a two-class softmax with logits (z0, z1). */
const ce = (z0: number, z1: number, label: number) => Math.log(1 + Math.exp(label === 0 ? z1 - z0 : z0 - z1));

describe('runOptimizerSteps by hand (momentum, η = 1)', () => {
  it('reads g, v, θ before and after, Δθ and −ηg for W¹[0,0], and the mean loss after each step', () => {
    // x, label: (1, 0) → 0, (0, 1) → 1, (1, 1) → 0, (1, 0) → 1.
    const set = tinySet([[255, 0, 0], [0, 255, 1], [255, 255, 0], [255, 0, 1]]);
    const net = zeroNet();
    const run = runOptimizerSteps(set, { optimizer: 'momentum', weight: { layer: 1, row: 0, col: 0 }, steps: 2, batchSize: 2, learningRate: 1, net });
    expect(run).toMatchObject({ optimizer: 'momentum', learningRate: 1, batchSize: 2, weight: { layer: 1, row: 0, col: 0 } });
    expect(run.settings).toEqual({ momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    // The network given is not changed (the run trains a copy).
    expect(Array.from(net.layers[0].W)).toEqual([0, 0, 0, 0]);
    expect(run.steps).toHaveLength(2);

    // Step 1, digits 0 and 1, p = (½, ½) for both: dL/dW = (p − y) xᵀ averages to [[−¼, ¼], [¼, −¼]], dL/db to 0.
    const [s1, s2] = run.steps;
    expect(s1).toMatchObject({ t: 1, digits: [0, 1], before: 0 });
    expect(s1.g).toBeCloseTo(-0.25, 12);
    expect(s1.memory.velocity).toBeCloseTo(-0.25, 12);
    expect(s1.after).toBeCloseTo(0.25, 12);
    expect(s1.delta).toBeCloseTo(0.25, 12);
    expect(s1.sgdDelta).toBeCloseTo(0.25, 12);

    // Step 2, digits 2 and 3 with W = [[¼, −¼], [−¼, ¼]]: digit 2 has z = (0, 0), digit 3 z = (¼, −¼), p₀ = σ(½).
    const p = 1 / (1 + Math.exp(-0.5));
    const g2 = (-0.5 + p) / 2;
    expect(s2).toMatchObject({ t: 2, digits: [2, 3] });
    expect(s2.before).toBeCloseTo(0.25, 12);
    expect(s2.g).toBeCloseTo(g2, 12);
    expect(s2.memory.velocity).toBeCloseTo(0.9 * -0.25 + g2, 12);
    expect(s2.delta).toBeCloseTo(0.225 - g2, 12);
    expect(s2.after).toBeCloseTo(0.25 + 0.225 - g2, 12);
    expect(s2.sgdDelta).toBeCloseTo(-g2, 12);

    // Mean loss over the four digits: before, after step 1, after step 2 (W from the velocities,
    // b = −(mean dL/db of step 2) = (−g2, g2)).
    const loss = (W: number[][], b: number[]) => {
      const xs = [[1, 0], [0, 1], [1, 1], [1, 0]];
      const labels = [0, 1, 0, 1];
      const z = (x: number[], r: number) => W[r][0] * x[0] + W[r][1] * x[1] + b[r];
      return xs.reduce((s, x, k) => s + ce(z(x, 0), z(x, 1), labels[k]), 0) / 4;
    };
    expect(run.sampleLoss).toHaveLength(3);
    expect(run.sampleLoss[0]).toBeCloseTo(Math.LN2, 12);
    expect(run.sampleLoss[1]).toBeCloseTo(loss([[0.25, -0.25], [-0.25, 0.25]], [0, 0]), 12);
    expect(run.sampleLoss[1]).toBeCloseTo((2 * Math.log(1 + Math.exp(-0.5)) + Math.LN2 + Math.log(1 + Math.exp(0.5))) / 4, 12);
    const w00 = 0.25 + 0.225 - g2;
    const w01 = -0.25 + 0.025;
    expect(run.sampleLoss[2]).toBeCloseTo(loss([[w00, w01], [-w00, -w01]], [-g2, g2]), 12);
  });

  it('Adam reports its own settings and defaults to its own learning rate', () => {
    const set = tinySet([[255, 0, 0], [0, 255, 1]]);
    const run = runOptimizerSteps(set, { optimizer: 'adam', weight: { layer: 1, row: 1, col: 1 }, steps: 1, batchSize: 2, net: zeroNet() });
    expect(run.learningRate).toBe(DEFAULT_LEARNING_RATE.adam);
    expect(run.settings).toEqual({ momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    // W¹[1,1]: (p₁ − y₁)·x₁ is ½·0 for digit 0 and −½·1 for digit 1, so g = −¼; Adam's first step is −η·sign(g).
    expect(run.steps[0].g).toBeCloseTo(-0.25, 12);
    expect(run.steps[0].delta).toBeCloseTo(DEFAULT_LEARNING_RATE.adam, 6);
    expect(runOptimizerSteps(set, { optimizer: 'momentum', weight: { layer: 1, row: 0, col: 0 }, steps: 1, batchSize: 2, net: zeroNet() }).learningRate).toBe(DEFAULT_LEARNING_RATE.momentum);
  });

  it('uses every digit the steps need, and refuses more steps than the set has digits for', () => {
    const set = tinySet([[255, 0, 0], [0, 255, 1], [255, 255, 0], [255, 0, 1]]);
    const weight = { layer: 1, row: 0, col: 0 };
    expect(runOptimizerSteps(set, { optimizer: 'momentum', weight, steps: 4, batchSize: 1, net: zeroNet() }).steps.map((s) => s.digits)).toEqual([[0], [1], [2], [3]]);
    expect(() => runOptimizerSteps(set, { optimizer: 'momentum', weight, steps: 3, batchSize: 2, net: zeroNet() })).toThrow(new RangeError('3 steps of 2 digits need 6 sample digits; there are 4'));
  });
});

describe('meanGradients', () => {
  it('averages weights’ and biases’ gradients over the digits', () => {
    const set = tinySet([[255, 0, 0], [0, 255, 1], [255, 255, 0]]);
    const { gradW, gradB } = meanGradients(zeroNet(), set, [0, 2]);
    // Both digits label 0 with p = (½, ½): dL/dz = (−½, ½); x = (1, 0) and (1, 1).
    expect(Array.from(gradW[0])).toEqual([-0.5, -0.25, 0.5, 0.25]);
    expect(Array.from(gradB[0])).toEqual([-0.5, 0.5]);
  });
});

describe('checkWeight', () => {
  const net = startingNetwork();
  it('accepts the corners of each layer', () => {
    for (const w of [{ layer: 1, row: 0, col: 0 }, { layer: 1, row: 15, col: 783 }, { layer: 2, row: 9, col: 15 }]) expect(() => checkWeight(net, w)).not.toThrow();
  });
  it('refuses rows and columns outside, or not whole, naming the range', () => {
    const refused: [object, string][] = [
      [{ layer: 1, row: -1, col: 0 }, 'row -1 does not exist in layer 1: use 0 to 15'],
      [{ layer: 1, row: 0.5, col: 0 }, 'row 0.5 does not exist in layer 1: use 0 to 15'],
      [{ layer: 2, row: 10, col: 0 }, 'row 10 does not exist in layer 2: use 0 to 9'],
      [{ layer: 1, row: 0, col: -1 }, 'column -1 does not exist in layer 1: use 0 to 783'],
      [{ layer: 1, row: 0, col: 1.5 }, 'column 1.5 does not exist in layer 1: use 0 to 783'],
      [{ layer: 2, row: 0, col: 16 }, 'column 16 does not exist in layer 2: use 0 to 15'],
      [{ layer: 0, row: 0, col: 0 }, 'layer 0 does not exist: this network has layers 1 to 2'],
    ];
    for (const [w, message] of refused) expect(() => checkWeight(net, w as never), message).toThrow(new RangeError(message));
  });
});

describe('steadyWeight', () => {
  it('prefers a weight whose gradient keeps its sign over a larger one that flips; ties go to the first', () => {
    // Pixels 255 and 51 (x = 1 and 0.2). Row 0's gradient per digit is −½x (label 0) or +½x (label 1).
    // Batch 1: (1, 0.2) → 0 and (1, 0) → 0: mean (−½, −0.05). Batch 2: (0, 0.2) → 0 and (0.2, 0) → 1: mean (0.05, −0.05).
    // Column 0 sums to −0.45 but flips; column 1 keeps its sign (sum −0.1). Row 1 mirrors row 0 (a tie).
    const set = tinySet([[255, 51, 0], [255, 0, 0], [0, 51, 0], [51, 0, 1]]);
    expect(steadyWeight(set, 2, 2, zeroNet())).toEqual({ layer: 1, row: 0, col: 1 });
    // One batch: every gradient keeps its sign; the largest is column 0 (row 0 first of the tie).
    expect(steadyWeight(set, 1, 2, zeroNet())).toEqual({ layer: 1, row: 0, col: 0 });
    // Among weights that all keep their sign, the largest sum wins, also after the first: (−0.1, −½) → column 1.
    const steady = tinySet([[51, 255, 0], [51, 255, 0]]);
    expect(steadyWeight(steady, 1, 2, zeroNet())).toEqual({ layer: 1, row: 0, col: 1 });
    // When none keeps its sign (batch 2 is blank: gradient 0), the largest sum wins as well: column 1 again.
    const none = tinySet([[51, 255, 0], [51, 255, 0], [0, 0, 0], [0, 0, 0]]);
    expect(steadyWeight(none, 2, 2, zeroNet())).toEqual({ layer: 1, row: 0, col: 1 });
  });

  it('sums gradients in float64: two sums that float32 would round to the same value are still told apart', () => {
    // b = (0, 20): p = (σ(−20), σ(20)) ≈ (2.06e-9, 1) for every digit (W = 0). One batch of two digits:
    // x = (1, 1) label 0 gives row 0 (p₀ − 1)(1, 1); x = (2/255, 1/255) label 1 gives row 0 p₀ (2/255, 1/255).
    // Means: row 0 ≈ (−0.49999999896134, −0.49999999896538): column 1 is larger by 4e-12 (float32 has both −0.5).
    // Row 1 mirrors row 0 (to the last bit or so, a little smaller here), so the first of the two wins.
    const net: Network = { ...zeroNet(), layers: [{ inSize: 2, outSize: 2, W: new Float64Array(4), b: Float64Array.of(0, 20) }] };
    expect(steadyWeight(tinySet([[255, 255, 0], [2, 1, 1]]), 1, 2, net)).toEqual({ layer: 1, row: 0, col: 1 });
  });

  it('on the sample digits: the last layer’s weight with the largest summed gradient among those that keep their sign', () => {
    const sample = loadSample();
    const net = startingNetwork();
    const found = steadyWeight(sample, 3, 5, net);
    const last = net.layers.length - 1;
    const inSize = net.layers[last].inSize;
    const sums = new Float64Array(net.layers[last].W.length);
    const signs = new Int32Array(sums.length);
    for (let t = 0; t < 3; t++) {
      const mean = new Float64Array(sums.length);
      for (let d = 5 * t; d < 5 * t + 5; d++) {
        const g = backward(net, forward(net, imageAsFloats(sample, d), sample.labels[d])).layers[last].dLdW;
        for (let k = 0; k < g.length; k++) mean[k] += g[k] / 5;
      }
      for (let k = 0; k < mean.length; k++) {
        sums[k] += mean[k];
        signs[k] += Math.sign(mean[k]);
      }
    }
    let best = -1;
    for (let k = 0; k < sums.length; k++) if (Math.abs(signs[k]) === 3 && (best < 0 || Math.abs(sums[k]) > Math.abs(sums[best]))) best = k;
    expect(best).toBeGreaterThanOrEqual(0);
    expect(found).toEqual({ layer: 2, row: Math.floor(best / inSize), col: best % inSize });
  });
});
