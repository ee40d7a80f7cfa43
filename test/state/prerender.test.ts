/**
 * The build-time numbers a lesson quotes (src/state/prerender.ts), for the session defaults and
 * another configuration: each field against the pass's arrays read independently here (counts by
 * plain loops, z⁽¹⁾ of the explained unit re-summed from its terms, the runner-up by a scan, the
 * mean sample loss from single-digit passes), and the learning-rate table's rows.
 */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { createNetwork, createPass, forward } from '../../src/nn/index.ts';
import { fixed, lessonPass, lossByLearningRate, passFacts, startingFacts } from '../../src/state/prerender.ts';
import { DEFAULT_CONFIG } from '../../src/state/session.ts';

describe('lessonPass', () => {
  it('is the pass a session with that configuration starts from', () => {
    const sample = loadSample();
    const pass = lessonPass({ digit: 7, seed: 3, hidden: [5, 4], activation: 'tanh', learningRate: 0.25 });
    expect(pass.net.sizes).toEqual([784, 5, 4, 10]);
    expect(pass.net.activation).toBe('tanh');
    expect(pass.net.seed).toBe(3);
    expect(pass.learningRate).toBe(0.25);
    expect(pass.trace.label).toBe(sample.labels[7]);
    expect(Array.from(pass.trace.input)).toEqual(Array.from(imageAsFloats(sample, 7)));
    const same = createPass(createNetwork({ sizes: [784, 5, 4, 10], activation: 'tanh', seed: 3 }), imageAsFloats(sample, 7), sample.labels[7], 0.25);
    expect(pass.trace.loss).toBe(same.trace.loss);
    // The defaults: digit 0, seed 1, one hidden layer of 16 ReLU units, η 0.1.
    const d = lessonPass();
    expect([d.net.sizes, d.net.activation, d.net.seed, d.learningRate, d.trace.label]).toEqual([[784, 16, 10], 'relu', 1, 0.1, sample.labels[0]]);
  });
});

describe('passFacts', () => {
  it.each([[{}], [{ digit: 12, seed: 4, hidden: [24] }]])('%j: each number from the pass, counted here', (config) => {
    const f = passFacts(config);
    const { trace, net, gradients, after, updated } = f.pass;
    const c = { ...DEFAULT_CONFIG, ...config };
    expect(f.label).toBe(trace.label);
    expect(f.steps).toBe(13); // linear, activation, linear, softmax, loss; output error, 2 × (weight, bias), input, activation gradient; update
    expect(f.hidden).toEqual(c.hidden);
    expect(f.parameters).toBe(784 * c.hidden[0] + c.hidden[0] + c.hidden[0] * 10 + 10);
    let nonzero = 0;
    for (const x of trace.input) if (x !== 0) nonzero++;
    expect(f.nonzeroInputs).toBe(nonzero);
    // The unit explained first: the most active of layer 1 (largest z).
    const z1 = Array.from(trace.layers[0].z);
    expect(f.unit).toBe(z1.indexOf(Math.max(...z1)));
    expect(f.unitZ).toBe(trace.layers[0].z[f.unit]);
    // Its three largest terms w·x (by size), over inked pixels only.
    const W = net.layers[0].W;
    const terms = f.unitTerms;
    expect(terms).toHaveLength(3);
    for (const t of terms) {
      expect(t.x).toBe(trace.input[t.i]);
      expect(t.x).not.toBe(0);
      expect(t.w).toBe(W[f.unit * 784 + t.i]);
      expect(t.product).toBe(t.x * t.w);
    }
    const sizes = Array.from(trace.input, (x, i) => (x === 0 ? -1 : Math.abs(x * W[f.unit * 784 + i]))).sort((a, b) => b - a);
    expect(terms.map((t) => Math.abs(t.product))).toEqual(sizes.slice(0, 3));
    // All the terms and the bias give z back.
    let z = net.layers[0].b[f.unit];
    for (let i = 0; i < 784; i++) z += W[f.unit * 784 + i] * trace.input[i];
    expect(z).toBeCloseTo(f.unitZ, 4);
    let inactive = 0;
    for (const a of trace.layers[0].a) if (a === 0) inactive++;
    expect(f.inactiveUnits).toBe(inactive);
    expect(f.logits).toEqual(Array.from(trace.layers[1].z));
    expect(f.probabilities).toEqual(Array.from(trace.probabilities));
    expect(f.pLabel).toBe(trace.probabilities[trace.label]);
    const p = Array.from(trace.probabilities);
    expect(f.predicted).toBe(p.indexOf(Math.max(...p)));
    expect(f.loss).toBeCloseTo(-Math.log(p[trace.label]), 5);
    expect(f.uniformLoss).toBe(Math.log(10));
    expect(f.lossAfter).toBe(after.loss);
    expect(f.lossAfter).toBeCloseTo(forward(updated, trace.input, trace.label).loss, 12);
    expect(f.pLabelAfter).toBe(after.probabilities[trace.label]);
    expect(f.learningRate).toBe(c.learningRate);
    expect(f.outputError).toEqual(p.map((q, d) => q - (d === trace.label ? 1 : 0)).map((v) => expect.closeTo(v, 6)));
    const others = p.map((q, d) => (d === trace.label ? -1 : q));
    expect(f.runnerUp).toEqual({ digit: others.indexOf(Math.max(...others)), p: Math.max(...others) });
    let active = 0;
    for (const g of gradients.layers[0].dLdz) if (g !== 0) active++;
    expect(f.unitsWithGradient).toBe(active);
    let zeros = 0;
    for (const g of gradients.layers[0].dLdW) if (g === 0) zeros++;
    expect(f.zeroWeightGradients).toBe(zeros);
    expect(f.weightGradientCount).toBe(784 * c.hidden[0]);
    // An untrained ReLU layer on a digit: some units off, some pixels blank, so these counts say something.
    expect(inactive).toBeGreaterThan(0);
    expect(zeros).toBeGreaterThan(0);
  });

  it.each([
    // Found by scanning the sample: the seeded network already guesses these right, so the
    // runner-up must be searched among the other digits, never the true class itself.
    [{ digit: 25, seed: 3 }, 0],
    [{ digit: 29, seed: 4 }, 1],
  ])('%j: a digit the network gets right (true class %i): the runner-up is another digit', (config, label) => {
    const f = passFacts(config);
    expect([f.label, f.predicted]).toEqual([label, label]);
    const p = Array.from(f.pass.trace.probabilities);
    const others = p.map((q, d) => (d === label ? -1 : q));
    const best = others.indexOf(Math.max(...others));
    expect(best).not.toBe(label);
    expect(f.runnerUp).toEqual({ digit: best, p: p[best] });
  });

  it('the runner-up of a true 0 is searched from digit 1', () => {
    const sample = loadSample();
    const zero = Array.from(sample.labels).indexOf(0);
    const f = passFacts({ digit: zero });
    expect(f.label).toBe(0);
    const p = Array.from(f.pass.trace.probabilities);
    const best = p.slice(1).indexOf(Math.max(...p.slice(1))) + 1;
    expect(f.runnerUp).toEqual({ digit: best, p: p[best] });
  });

  it('startingFacts: the session defaults’ prose, as <Fact> prints it', () => {
    const facts = startingFacts({ digit: 3 });
    const f = passFacts({ digit: 3 });
    expect(facts.digit).toBe('test digit #3');
    expect(facts.loss).toBe(f.loss.toFixed(3));
    expect(facts.network).toBe('the untrained network (random weights, seed 1)');
    expect(startingFacts({ seed: 5 }).network).toBe('the untrained network (random weights, seed 5)');
  });
});

describe('lossByLearningRate', () => {
  it('one row per η: this digit before and after one step, the sample’s mean before (shared) and after', () => {
    const sample = loadSample();
    const rows = lossByLearningRate([0.01, 1], { digit: 2 });
    expect(rows.map((r) => r.learningRate)).toEqual([0.01, 1]);
    const start = lessonPass({ digit: 2 });
    // The mean loss over the 100 sample digits, one single-digit pass each.
    const mean = (net: typeof start.net) => {
      let sum = 0;
      for (let k = 0; k < sample.count; k++) sum += forward(net, imageAsFloats(sample, k), sample.labels[k]).loss;
      return sum / sample.count;
    };
    const before = mean(start.net);
    for (const row of rows) {
      const pass = lessonPass({ digit: 2, learningRate: row.learningRate });
      expect(row.before).toBe(start.trace.loss);
      expect(row.after).toBe(pass.after.loss);
      expect(row.sampleBefore).toBeCloseTo(before, 4);
      expect(row.sampleAfter).toBeCloseTo(mean(pass.updated), 4);
    }
    expect(rows[0].after).not.toBe(rows[1].after);
    expect(rows[0].sampleAfter).not.toBe(rows[1].sampleAfter);
    expect(lossByLearningRate([0.5], { digit: 9, seed: 2 })[0].before).toBe(lessonPass({ digit: 9, seed: 2 }).trace.loss);
  });

  it('fixed rounds for prose, three places unless told', () => {
    expect(fixed(0.123456)).toBe('0.123');
    expect(fixed(2.5, 1)).toBe('2.5');
    expect(fixed(1, 0)).toBe('1');
  });
});
