/**
 * The numbers and names a lesson's prose quotes about the session's pass, as the words it prints:
 * which digit, which network, the loss, how many units are inactive... The same function makes
 * the text at build time (for the pass a session starts from, src/state/prerender.ts) and in the
 * page, where the session may run another digit, a drawing, or a run's trained weights
 * (src/state/bridge.ts): the prose then follows the pass the widgets show.
 */
import { parameterCount, predicted, type Pass } from '../nn/index.ts';
import { formatNumber } from '../explain/format.ts';
import type { SessionState } from './session.ts';
import { DEFAULT_CONFIG } from './session.ts';

/** Where the pass's digit and weights came from (the session's fields of the same names). */
export interface FactSources {
  /** The sample digit, when the input is one. */
  digit: number;
  /** e.g. "your drawing", "test digit #1234"; null for sample digit `digit`. */
  inputSource: string | null;
  /** e.g. "run “a” of the lab"; null for weights drawn from `seed`. */
  weightsSource: string | null;
  seed: number;
  /** False for a drawing: there is no true label, and `label` is the network's own guess. */
  labelKnown: boolean;
}

export const FACT_NAMES = [
  'digit', 'digitAndLabel', 'network', 'Network', 'label', 'predicted', 'loss', 'lossAfter', 'pLabel', 'pLabelAfter',
  'outputErrorLabel', 'runnerUp', 'runnerUpP', 'parameters', 'hidden', 'unitsWithGradient', 'inactiveUnits',
  'zeroWeightGradients', 'weightGradientCount', 'nonzeroInputs', 'eta',
] as const;
export type FactName = (typeof FACT_NAMES)[number];

/**
 * A fact as prose prints it (`<Fact name="…">`): a negative number with the minus sign, −0.877, as
 * the widgets and the typeset equations print it, not the hyphen of toFixed. TeX templates keep
 * the hyphen, which KaTeX typesets as a minus.
 */
export const factProse = (text: string): string => text.replace(/^-(?=\d)/, '−');
/**
 * A number of the pass as the widgets and the narration beside the prose print it (formatNumber:
 * 4 significant figures; review: the lesson said the loss fell to 0.399 above a widget that said
 * 0.3988), its leading minus a hyphen so TeX templates read it and factProse makes it a minus.
 */
const passNumber = (value: number): string => formatNumber(value).replace(/^−/, '-');
const count = (value: number): string => value.toLocaleString('en-US');
const article = (digit: number): string => `${digit === 8 ? 'an' : 'a'} ${digit}`;

/** The wrong digit the network finds most likely (the first, on ties). */
export function runnerUpOf(probabilities: ArrayLike<number>, label: number): number {
  let best = label === 0 ? 1 : 0;
  for (let d = 0; d < probabilities.length; d++) if (d !== label && probabilities[d] > probabilities[best]) best = d;
  return best;
}

const cache = new WeakMap<Pass, { key: string; facts: Record<FactName, string> }>();

/** Every fact of `pass` as text. Cached per pass (and sources), so every sentence of a page shares one computation. */
export function factTexts(pass: Pass, sources: FactSources): Record<FactName, string> {
  const key = JSON.stringify(sources);
  const hit = cache.get(pass);
  if (hit && hit.key === key) return hit.facts;
  const { trace, gradients, net } = pass;
  const label = trace.label;
  const runnerUp = runnerUpOf(trace.probabilities, label);
  const zeros = (values: ArrayLike<number>) => Array.prototype.filter.call(values, (v: number) => v === 0).length;
  const digit = sources.inputSource ?? `test digit #${sources.digit}`;
  const network = sources.weightsSource === null ? `the untrained network (random weights, seed ${sources.seed})` : `the trained network (${sources.weightsSource})`;
  const facts: Record<FactName, string> = {
    digit,
    digitAndLabel: sources.labelKnown ? `${digit}, ${article(label)}` : `${digit}, which has no true label (the loss takes the network's guess, ${article(label)}, as if it were the label)`,
    network,
    Network: `${network[0].toUpperCase()}${network.slice(1)}`,
    label: String(label),
    predicted: String(predicted(trace)),
    loss: passNumber(trace.loss),
    lossAfter: passNumber(pass.after.loss),
    pLabel: passNumber(trace.probabilities[label]),
    pLabelAfter: passNumber(pass.after.probabilities[label]),
    outputErrorLabel: passNumber(gradients.layers[gradients.layers.length - 1].dLdz[label]),
    runnerUp: String(runnerUp),
    runnerUpP: passNumber(trace.probabilities[runnerUp]),
    parameters: count(parameterCount(net)),
    hidden: String(net.sizes[1]),
    unitsWithGradient: String(net.sizes[1] - zeros(gradients.layers[0].dLdz)),
    inactiveUnits: String(zeros(trace.layers[0].a)),
    zeroWeightGradients: count(zeros(gradients.layers[0].dLdW)),
    weightGradientCount: count(gradients.layers[0].dLdW.length),
    nonzeroInputs: String(trace.input.length - zeros(trace.input)),
    eta: String(pass.learningRate),
  };
  cache.set(pass, { key, facts });
  return facts;
}

/** The facts of a session's current pass, or null before it exists. */
export function sessionFacts(state: SessionState): Record<FactName, string> | null {
  if (!state.pass) return null;
  return factTexts(state.pass, {
    digit: state.config.digit, inputSource: state.inputSource, weightsSource: state.weightsSource, seed: state.config.seed, labelKnown: state.labelKnown,
  });
}

/** The sources of a session that starts from its defaults (what the page shows before anything changes it). */
export const defaultSources = (config: Partial<typeof DEFAULT_CONFIG> = {}): FactSources => {
  const c = { ...DEFAULT_CONFIG, ...config };
  return { digit: c.digit, inputSource: null, weightsSource: null, seed: c.seed, labelKnown: true };
};

/** `fillFacts("L = {loss}", facts)` → "L = 2.095": a template with fact names in braces. */
export function fillFacts(template: string, facts: Record<FactName, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => (name in facts ? facts[name as FactName] : whole));
}
