/**
 * Numbers that lessons quote in their prose, computed at build time by the core for the same
 * pass the page's widgets start from (the session defaults). Node only: lessons call it from
 * their MDX, never from the browser.
 */
import { imageAsFloats } from '../data/dataset.ts';
import { loadSample } from '../data/load-node.ts';
import { createNetwork, createPass, evaluate, parameterCount, predicted, type Pass } from '../nn/index.ts';
import { buildSteps, defaultElement } from '../explain/index.ts';
import { DEFAULT_CONFIG, type SessionConfig } from './session.ts';
import { defaultSources, factTexts, runnerUpOf, type FactName } from './pass-facts.ts';

/** The pass a session with `config` starts from. */
export function lessonPass(config: Partial<SessionConfig> = {}): Pass {
  const c = { ...DEFAULT_CONFIG, ...config };
  const sample = loadSample();
  const net = createNetwork({ sizes: [784, ...c.hidden, 10], activation: c.activation, seed: c.seed });
  return createPass(net, imageAsFloats(sample, c.digit), sample.labels[c.digit], c.learningRate);
}

/** The prose facts of the pass a session starts from, as <Fact> prints them before the page runs. */
export function startingFacts(config: Partial<SessionConfig> = {}): Record<FactName, string> {
  return factTexts(lessonPass(config), defaultSources(config));
}

/** Plain numbers about one pass, rounded for prose. */
export function passFacts(config: Partial<SessionConfig> = {}) {
  const pass = lessonPass(config);
  const { trace, net } = pass;
  const label = trace.label;
  const runnerUp = runnerUpOf(trace.probabilities, label);
  const steps = buildSteps(net);
  const a1 = Array.from(trace.layers[0].a);
  // The unit the equation panel explains first on step 1, so prose and panel agree.
  const unit = defaultElement(pass, steps[0]);
  const zero = (x: number) => x === 0;
  const inputs = Array.from(trace.input);
  const { W, inSize } = net.layers[0];
  // The three inputs contributing most to the chosen unit's sum, for the neuron lesson.
  const contributions = inputs.map((x, i) => ({ i, x, w: W[unit * inSize + i], product: x * W[unit * inSize + i] }))
    .filter((c) => c.x !== 0)
    .sort((a, b) => Math.abs(b.product) - Math.abs(a.product));
  return {
    pass,
    label,
    steps: steps.length,
    hidden: net.sizes.slice(1, -1),
    parameters: parameterCount(net),
    nonzeroInputs: inputs.filter((x) => !zero(x)).length,
    unit,
    unitZ: trace.layers[0].z[unit],
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
    /** ∂L/∂z of the output layer (p − onehot(y)), one per digit. */
    outputError: Array.from(pass.gradients.layers[pass.gradients.layers.length - 1].dLdz),
    /** The wrong digit the network finds most likely, and its probability. */
    runnerUp: { digit: runnerUp, p: trace.probabilities[runnerUp] },
    /** Hidden units with a nonzero gradient ∂L/∂z⁽¹⁾ (the active ones). */
    unitsWithGradient: Array.from(pass.gradients.layers[0].dLdz).filter((g) => g !== 0).length,
    /** Entries of ∂L/∂W⁽¹⁾ that are exactly 0, and how many there are in all. */
    zeroWeightGradients: Array.from(pass.gradients.layers[0].dLdW).filter((g) => g === 0).length,
    weightGradientCount: pass.gradients.layers[0].dLdW.length,
  };
}

/**
 * One step with each learning rate (the lesson's table of step sizes): this digit's loss before and after, and
 * the mean loss over the 100 sample digits before (the same for every rate) and after.
 */
export function lossByLearningRate(rates: number[], config: Partial<SessionConfig> = {}) {
  const sample = loadSample();
  const sampleBefore = evaluate(lessonPass(config).net, sample).loss;
  return rates.map((learningRate) => {
    const pass = lessonPass({ ...config, learningRate });
    return { learningRate, before: pass.trace.loss, after: pass.after.loss, sampleBefore, sampleAfter: evaluate(pass.updated, sample).loss };
  });
}

/** Round for prose: `fixed(0.123456, 3)` → "0.123". */
export const fixed = (value: number, digits = 3): string => value.toFixed(digits);
