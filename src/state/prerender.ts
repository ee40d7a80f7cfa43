/**
 * Numbers that lessons quote in their prose, computed at build time by the core for the same
 * pass the page's widgets start from (the session defaults). Node only: lessons call it from
 * their MDX, never from the browser.
 */
import { imageAsFloats } from '../data/dataset.ts';
import { loadSample } from '../data/load-node.ts';
import { buildSteps, createNetwork, createPass, predicted, type Pass } from '../nn/index.ts';
import { DEFAULT_CONFIG, type SessionConfig } from './session.ts';

/** The pass a session with `config` starts from. */
export function lessonPass(config: Partial<SessionConfig> = {}): Pass {
  const c = { ...DEFAULT_CONFIG, ...config };
  const sample = loadSample();
  const net = createNetwork({ sizes: [784, ...c.hidden, 10], activation: c.activation, seed: c.seed });
  return createPass(net, imageAsFloats(sample, c.digit), sample.labels[c.digit], c.learningRate);
}

/** Plain numbers about one pass, rounded for prose. */
export function passFacts(config: Partial<SessionConfig> = {}) {
  const pass = lessonPass(config);
  const { trace, net } = pass;
  const label = trace.label;
  const z1 = Array.from(trace.layers[0].z);
  const a1 = Array.from(trace.layers[0].a);
  const unit = z1.indexOf(Math.max(...z1));
  const zero = (x: number) => x === 0;
  const inputs = Array.from(trace.input);
  const W1 = net.layers[0].W;
  // The three inputs contributing most to the chosen unit's sum, for the neuron lesson.
  const contributions = inputs.map((x, i) => ({ i, x, w: W1[unit * 784 + i], product: x * W1[unit * 784 + i] }))
    .filter((c) => c.x !== 0)
    .sort((a, b) => Math.abs(b.product) - Math.abs(a.product));
  return {
    pass,
    label,
    steps: buildSteps(net).length,
    hidden: net.sizes.slice(1, -1),
    parameters: net.layers.reduce((s, l) => s + l.W.length + l.b.length, 0),
    nonzeroInputs: inputs.filter((x) => !zero(x)).length,
    unit,
    unitZ: z1[unit],
    unitTerms: contributions.slice(0, 3),
    inactiveUnits: a1.filter(zero).length,
    logits: Array.from(trace.layers[trace.layers.length - 1].z),
    probabilities: Array.from(trace.probabilities),
    pLabel: trace.probabilities[label],
    predicted: predicted(trace),
    loss: trace.loss,
    uniformLoss: Math.log(10),
    lossAfter: pass.after.loss,
    pLabelAfter: pass.after.probabilities[label],
    learningRate: pass.learningRate,
  };
}

/** This digit's loss after one step, for several learning rates (the overshoot table). */
export function lossByLearningRate(rates: number[], config: Partial<SessionConfig> = {}) {
  return rates.map((learningRate) => {
    const pass = lessonPass({ ...config, learningRate });
    return { learningRate, before: pass.trace.loss, after: pass.after.loss, pLabel: pass.after.probabilities[pass.trace.label] };
  });
}

/** Round for prose: `fixed(0.123456, 3)` → "0.123". */
export const fixed = (value: number, digits = 3): string => value.toFixed(digits);
