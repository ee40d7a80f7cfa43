/**
 * The ordered steps a learner walks through one pass: forward layer by layer, softmax, loss;
 * backward from the output error down to the first layer's gradients; then the SGD update. The
 * step-through renders exactly this list and never invents a step of its own. Each step's title
 * is its general equation in plain text, from the same notation table as its TeX.
 */
import type { Activation, Network, Pass } from '../nn/index.ts';
import { inputRef, inputSymbol, inputTex, sub, sup, texSup, type QuantityRef } from './notation.ts';

/** Every kind of step, in pass order. The reference kernels carry a `// step: <kind>` marker for each. */
export const STEP_KINDS = ['linear', 'activation', 'softmax', 'loss', 'output-error', 'weight-gradient', 'bias-gradient', 'input-gradient', 'activation-gradient', 'update'] as const;
/** What a step computes. */
export type StepKind = (typeof STEP_KINDS)[number];
/** Which part of the pass a step belongs to. */
export type Phase = 'forward' | 'backward' | 'update';

/** One step of the walk through a pass. */
export interface Step {
  /** 0-based position in the list (never used to address a step: see `stepAddress`). */
  index: number;
  phase: Phase;
  kind: StepKind;
  /** 1-based layer the step belongs to; null for the loss. */
  layer: number | null;
  /** "forward: z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾": the phase and the general equation in plain text. */
  title: string;
  /** What the step computes in plain words, e.g. "the weight gradient of layer 2". */
  summary: string;
  /** What the step reads. */
  inputs: QuantityRef[];
  /** What the step produces. */
  output: QuantityRef;
  /** The step's equation in TeX, for the whole vector or matrix. */
  equation: string;
}

/** TeX and plain names of the hidden activations. */
export const ACTIVATION_TEX: Record<Activation, string> = { relu: '\\operatorname{ReLU}', sigmoid: '\\sigma', tanh: '\\tanh' };
export const ACTIVATION_NAME: Record<Activation, string> = { relu: 'ReLU', sigmoid: 'σ', tanh: 'tanh' };

const dL = (of: string, l: number) => `\\frac{\\partial L}{\\partial ${of}${texSup(l)}}`;
const dLs = (of: string, l: number) => `∂L/∂${of}${sup(l)}`;

/** The steps of one pass through `net` (they depend on its shape and activation only). */
export function buildSteps(net: Pick<Network, 'sizes' | 'activation'>): Step[] {
  const L = net.sizes.length - 1;
  const f = ACTIVATION_TEX[net.activation];
  const fs = ACTIVATION_NAME[net.activation];
  const steps: Omit<Step, 'index'>[] = [];
  for (let l = 1; l <= L; l++) {
    steps.push({
      phase: 'forward', kind: 'linear', layer: l,
      title: `forward: z${sup(l)} = W${sup(l)}${inputSymbol(l)} + b${sup(l)}`,
      summary: l === L ? 'the logits: one score per digit' : `the weighted sums of layer ${l}`,
      inputs: [{ name: 'W', layer: l }, inputRef(l), { name: 'b', layer: l }], output: { name: 'z', layer: l },
      equation: `z${texSup(l)} = W${texSup(l)} ${inputTex(l)} + b${texSup(l)}`,
    });
    if (l < L) {
      steps.push({
        phase: 'forward', kind: 'activation', layer: l,
        title: `forward: a${sup(l)} = ${fs}(z${sup(l)})`,
        summary: `the activations of layer ${l}`,
        inputs: [{ name: 'z', layer: l }], output: { name: 'a', layer: l },
        equation: `a${texSup(l)} = ${f}\\left(z${texSup(l)}\\right)`,
      });
    } else {
      steps.push({
        phase: 'forward', kind: 'softmax', layer: l,
        title: `forward: p = softmax(z${sup(l)})`,
        summary: 'the probabilities of the ten digits',
        inputs: [{ name: 'z', layer: l }], output: { name: 'p' },
        equation: `p_j = \\frac{e^{z${texSup(l)}_j - m}}{\\sum_k e^{z${texSup(l)}_k - m}}, \\quad m = \\max_k z${texSup(l)}_k`,
      });
    }
  }
  steps.push({
    phase: 'forward', kind: 'loss', layer: null, title: `forward: L = −log p${sub('y')}`, summary: 'the loss: how wrong the network is on this digit',
    inputs: [{ name: 'p' }, { name: 'y' }], output: { name: 'L' }, equation: 'L = -\\log p_y',
  });
  steps.push({
    phase: 'backward', kind: 'output-error', layer: L, title: `backward: ${dLs('z', L)} = p − onehot(y)`,
    summary: 'the output error: where backpropagation starts',
    inputs: [{ name: 'p' }, { name: 'y' }], output: { name: 'dLdz', layer: L },
    equation: `${dL('z', L)} = p - \\operatorname{onehot}(y)`,
  });
  for (let l = L; l >= 1; l--) {
    steps.push({
      phase: 'backward', kind: 'weight-gradient', layer: l, title: `backward: ${dLs('W', l)} = ${dLs('z', l)} · ${inputSymbol(l)}ᵀ`,
      summary: `the weight gradient of layer ${l}`,
      inputs: [{ name: 'dLdz', layer: l }, inputRef(l)], output: { name: 'dLdW', layer: l },
      equation: `${dL('W', l)} = ${dL('z', l)} \\, ${l === 1 ? 'x' : `\\left(${inputTex(l)}\\right)`}^{\\top}`,
    });
    steps.push({
      phase: 'backward', kind: 'bias-gradient', layer: l, title: `backward: ${dLs('b', l)} = ${dLs('z', l)}`,
      summary: `the bias gradient of layer ${l}`,
      inputs: [{ name: 'dLdz', layer: l }], output: { name: 'dLdb', layer: l },
      equation: `${dL('b', l)} = ${dL('z', l)}`,
    });
    if (l > 1) {
      steps.push({
        phase: 'backward', kind: 'input-gradient', layer: l - 1, title: `backward: ${dLs('a', l - 1)} = W${sup(l)}ᵀ · ${dLs('z', l)}`,
        summary: `the gradient passed down to layer ${l - 1}`,
        inputs: [{ name: 'W', layer: l }, { name: 'dLdz', layer: l }], output: { name: 'dLda', layer: l - 1 },
        equation: `${dL('a', l - 1)} = \\left(W${texSup(l)}\\right)^{\\top} ${dL('z', l)}`,
      });
      steps.push({
        phase: 'backward', kind: 'activation-gradient', layer: l - 1, title: `backward: ${dLs('z', l - 1)} = ${dLs('a', l - 1)} ⊙ ${fs}′(z${sup(l - 1)})`,
        summary: `back through the activation of layer ${l - 1}`,
        inputs: [{ name: 'dLda', layer: l - 1 }, { name: 'z', layer: l - 1 }], output: { name: 'dLdz', layer: l - 1 },
        equation: `${dL('z', l - 1)} = ${dL('a', l - 1)} \\odot ${f}'\\left(z${texSup(l - 1)}\\right)`,
      });
    }
  }
  // One update step for the whole network: every layer changes at once, and the learner sees it
  // as the moment the pass turns into learning.
  steps.push({
    phase: 'update', kind: 'update', layer: 1, title: 'update: W⁽ˡ⁾ ← W⁽ˡ⁾ − η · ∂L/∂W⁽ˡ⁾, b⁽ˡ⁾ ← b⁽ˡ⁾ − η · ∂L/∂b⁽ˡ⁾',
    summary: 'one step of gradient descent on every weight and bias',
    inputs: [{ name: 'W', layer: 1 }, { name: 'dLdW', layer: 1 }, { name: 'eta' }], output: { name: 'Wnew', layer: 1 },
    // Two lines, so the equation fits a phone.
    equation: `\\begin{aligned} W^{(l)} &\\leftarrow W^{(l)} - \\eta \\frac{\\partial L}{\\partial W^{(l)}}, \\\\ b^{(l)} &\\leftarrow b^{(l)} - \\eta \\frac{\\partial L}{\\partial b^{(l)}} \\quad (l = 1, \\ldots, ${L}) \\end{aligned}`,
  });
  return steps.map((step, index) => ({ ...step, index }));
}

/**
 * A step's address, e.g. `"weight-gradient:2"` (kind and layer) or `"loss"`: how lessons, links
 * and the session name a step. Never an index, which would shift with the network's depth.
 */
export function stepAddress(step: Pick<Step, 'kind' | 'layer'>): string {
  return step.layer === null || step.kind === 'update' ? step.kind : `${step.kind}:${step.layer}`;
}

/**
 * The position of the first (or last) step matching `address`: a kind (`"linear"`), a kind and a
 * layer (`"linear:2"`) or a phase (`"forward"`, `"backward"`, `"update"`). -1 if none matches.
 */
export function findStep(steps: readonly Step[], address: string, which: 'first' | 'last' = 'first'): number {
  if (which === 'first') return steps.findIndex((step) => stepMatches(step, address));
  for (let k = steps.length - 1; k >= 0; k--) if (stepMatches(steps[k], address)) return k;
  return -1;
}

/** Whether `step` is named by `address` (a kind, a kind and a layer, or a phase; see `findStep`). */
export function stepMatches(step: Pick<Step, 'kind' | 'layer' | 'phase'>, address: string): boolean {
  const [kind, layerText] = address.split(':');
  const layer = layerText === undefined ? null : Number(layerText);
  return (step.kind === kind || (layerText === undefined && step.phase === kind)) && (layer === null || step.layer === layer || step.kind === 'update');
}

/** The numbers of a quantity as a flat array with its shape ([n] or [rows, cols]): the pass's own arrays; undefined if the pass has none. */
export function quantityValues(pass: Pass, ref: QuantityRef): { values: ArrayLike<number>; shape: number[] } | undefined {
  const l = (ref.layer ?? 0) - 1;
  const layer = pass.net.layers[l];
  const vector = (values: ArrayLike<number> | null | undefined) => (values ? { values, shape: [values.length] } : undefined);
  switch (ref.name) {
    case 'x': return vector(pass.trace.input);
    case 'y': return vector(Array.from({ length: pass.trace.probabilities.length }, (_, c) => (c === pass.trace.label ? 1 : 0)));
    case 'p': return vector(pass.trace.probabilities);
    case 'L': return vector([pass.trace.loss]);
    case 'eta': return vector([pass.learningRate]);
    case 'z': return vector(pass.trace.layers[l]?.z);
    case 'a': return vector(pass.trace.layers[l]?.a);
    case 'b': return vector(layer?.b);
    case 'dLdz': return vector(pass.gradients.layers[l]?.dLdz);
    case 'dLda': return vector(pass.gradients.layers[l]?.dLda);
    case 'dLdb': return vector(pass.gradients.layers[l]?.dLdb);
    case 'bnew': return vector(pass.updated.layers[l]?.b);
    case 'W': return layer ? { values: layer.W, shape: [layer.outSize, layer.inSize] } : undefined;
    case 'dLdW': return layer ? { values: pass.gradients.layers[l].dLdW, shape: [layer.outSize, layer.inSize] } : undefined;
    case 'Wnew': return layer ? { values: pass.updated.layers[l].W, shape: [layer.outSize, layer.inSize] } : undefined;
  }
}

/**
 * The entry a step explains first (a flat index into its output): the true class at the output;
 * in a hidden layer the most active unit (the largest z), forward and backward alike; in a
 * matrix, that unit's row at its entry of largest magnitude.
 */
export function defaultElement(pass: Pass, step: Step): number {
  if (step.kind === 'loss') return 0;
  if (step.output.name === 'p' || (step.output.name === 'dLdz' && step.layer === pass.net.layers.length)) return pass.trace.label;
  if (step.kind === 'linear' && step.layer === pass.net.layers.length) return pass.trace.label;
  if (step.kind === 'linear' || step.kind === 'activation') {
    const values = pass.trace.layers[(step.layer ?? 1) - 1][step.kind === 'linear' ? 'z' : 'a'];
    let best = 0;
    for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
    return best;
  }
  // Backward and at the update, follow the unit the forward steps explained (the most active of
  // its layer; the true class at the output), so the learner can check each step against the
  // last for the same unit. A matrix opens on that unit's row, at its entry of largest size.
  const L = pass.net.layers.length;
  const layer = step.layer ?? 1;
  const followed = (l: number): number => {
    if (l === L) return pass.trace.label;
    const z = pass.trace.layers[l - 1].z;
    let best = 0;
    for (let k = 1; k < z.length; k++) if (z[k] > z[best]) best = k;
    return best;
  };
  if (step.kind === 'input-gradient' || step.kind === 'activation-gradient' || step.kind === 'bias-gradient') return followed(layer);
  const q = quantityValues(pass, step.kind === 'update' ? { name: 'dLdW', layer } : step.output);
  if (!q || q.shape.length !== 2) return 0;
  const [, cols] = q.shape;
  const row = followed(layer);
  let col = 0;
  for (let c = 1; c < cols; c++) if (Math.abs(q.values[row * cols + c]) > Math.abs(q.values[row * cols + col])) col = c;
  return row * cols + col;
}
