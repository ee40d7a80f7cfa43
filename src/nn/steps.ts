/**
 * The ordered list of steps a learner walks through one pass: forward layer by layer, softmax,
 * loss; backward from the output error down to the first layer's gradients; then the SGD update.
 * The step-through renders exactly this list and never invents a step of its own.
 *
 * Notation (used in equations, the site's notation page and the trace document): layers are
 * numbered l = 1…L; a⁽⁰⁾ = x is the input; z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾; a⁽ˡ⁾ = f(z⁽ˡ⁾) for hidden
 * layers; p = softmax(z⁽ᴸ⁾); L = −log p_y.
 */
import { activationDerivative } from './reference.ts';
import type { Activation, Network } from './network.ts';
import type { Pass } from './pass.ts';

/** A named quantity of the pass. `layer` is 1-based (W of layer 1 maps the pixels to the first hidden layer). */
export type QuantityName = 'x' | 'y' | 'W' | 'b' | 'z' | 'a' | 'p' | 'L' | 'dLdz' | 'dLda' | 'dLdW' | 'dLdb' | 'eta' | 'Wnew' | 'bnew';

/** Names one quantity of a pass, e.g. { name: 'dLdW', layer: 2 }. */
export interface QuantityRef {
  name: QuantityName;
  /** 1-based layer, for per-layer quantities. */
  layer?: number;
}

/** What a step computes. */
export const STEP_KINDS = ['linear', 'activation', 'softmax', 'loss', 'output-error', 'weight-gradient', 'bias-gradient', 'input-gradient', 'activation-gradient', 'update'] as const;
/** What a step computes. */
export type StepKind = (typeof STEP_KINDS)[number];
/** Which part of the pass a step belongs to. */
export type Phase = 'forward' | 'backward' | 'update';

/** One step of the walk through a pass. */
export interface Step {
  /** 0-based position in the list. */
  index: number;
  phase: Phase;
  kind: StepKind;
  /** 1-based layer the step belongs to; null for the loss. */
  layer: number | null;
  /** Short description, e.g. "backward: dL/dW for layer 2". */
  title: string;
  /** What the step reads. */
  inputs: QuantityRef[];
  /** What the step produces. */
  output: QuantityRef;
  /** The step's equation in TeX, for the whole vector or matrix. */
  equation: string;
}

const ACTIVATION_TEX: Record<Activation, string> = { relu: '\\operatorname{ReLU}', sigmoid: '\\sigma', tanh: '\\tanh' };

/** `quantityTex({ name: 'W', layer: 2 })` → `W^{[2]}`: the symbol of a quantity. */
export function quantityTex(ref: QuantityRef): string {
  const l = ref.layer === undefined ? '' : `^{[${ref.layer}]}`;
  switch (ref.name) {
    case 'x': return 'x';
    case 'y': return 'y';
    case 'p': return 'p';
    case 'L': return 'L';
    case 'eta': return '\\eta';
    case 'dLdz': return `\\frac{\\partial L}{\\partial z${l}}`;
    case 'dLda': return `\\frac{\\partial L}{\\partial a${l}}`;
    case 'dLdW': return `\\frac{\\partial L}{\\partial W${l}}`;
    case 'dLdb': return `\\frac{\\partial L}{\\partial b${l}}`;
    case 'Wnew': return `W${l}_{\\text{new}}`;
    case 'bnew': return `b${l}_{\\text{new}}`;
    default: return `${ref.name}${l}`;
  }
}

/** `quantityLabel({ name: 'dLdW', layer: 2 })` → "dL/dW for layer 2": the plain-text name. */
export function quantityLabel(ref: QuantityRef): string {
  const names: Record<QuantityName, string> = {
    x: 'input x', y: 'label y', W: 'W', b: 'b', z: 'z', a: 'a', p: 'probabilities p', L: 'loss L',
    dLdz: 'dL/dz', dLda: 'dL/da', dLdW: 'dL/dW', dLdb: 'dL/db', eta: 'learning rate η', Wnew: 'updated W', bnew: 'updated b',
  };
  return ref.layer === undefined ? names[ref.name] : `${names[ref.name]} for layer ${ref.layer}`;
}

/** The steps of one pass through `net` (they depend on its shape and activation only). */
export function buildSteps(net: Pick<Network, 'sizes' | 'activation'>): Step[] {
  const L = net.sizes.length - 1;
  const f = ACTIVATION_TEX[net.activation];
  const steps: Omit<Step, 'index'>[] = [];
  const prev = (l: number): QuantityRef => (l === 1 ? { name: 'x' } : { name: 'a', layer: l - 1 });
  const prevTex = (l: number): string => (l === 1 ? 'x' : `a^{[${l - 1}]}`);
  for (let l = 1; l <= L; l++) {
    steps.push({
      phase: 'forward', kind: 'linear', layer: l, title: `forward: z = Wa + b for layer ${l}`,
      inputs: [{ name: 'W', layer: l }, prev(l), { name: 'b', layer: l }], output: { name: 'z', layer: l },
      equation: `z^{[${l}]} = W^{[${l}]} ${prevTex(l)} + b^{[${l}]}`
    });
    if (l < L) {
      steps.push({
        phase: 'forward', kind: 'activation', layer: l, title: `forward: ${net.activation} activation of layer ${l}`,
        inputs: [{ name: 'z', layer: l }], output: { name: 'a', layer: l },
        equation: `a^{[${l}]} = ${f}\\left(z^{[${l}]}\\right)`
      });
    } else {
      steps.push({
        phase: 'forward', kind: 'softmax', layer: l, title: 'forward: softmax turns the logits into probabilities',
        inputs: [{ name: 'z', layer: l }], output: { name: 'p' },
        equation: `p_j = \\frac{e^{z^{[${l}]}_j}}{\\sum_k e^{z^{[${l}]}_k}}`
      });
    }
  }
  steps.push({
    phase: 'forward', kind: 'loss', layer: null, title: 'forward: cross-entropy loss',
    inputs: [{ name: 'p' }, { name: 'y' }], output: { name: 'L' },
    equation: 'L = -\\log p_y'
  });
  steps.push({
    phase: 'backward', kind: 'output-error', layer: L, title: `backward: output error dL/dz for layer ${L}`,
    inputs: [{ name: 'p' }, { name: 'y' }], output: { name: 'dLdz', layer: L },
    equation: `\\frac{\\partial L}{\\partial z^{[${L}]}} = p - \\operatorname{onehot}(y)`
  });
  for (let l = L; l >= 1; l--) {
    steps.push({
      phase: 'backward', kind: 'weight-gradient', layer: l, title: `backward: dL/dW for layer ${l}`,
      inputs: [{ name: 'dLdz', layer: l }, prev(l)], output: { name: 'dLdW', layer: l },
      equation: `\\frac{\\partial L}{\\partial W^{[${l}]}} = \\frac{\\partial L}{\\partial z^{[${l}]}} \\left(${prevTex(l)}\\right)^{\\top}`
    });
    steps.push({
      phase: 'backward', kind: 'bias-gradient', layer: l, title: `backward: dL/db for layer ${l}`,
      inputs: [{ name: 'dLdz', layer: l }], output: { name: 'dLdb', layer: l },
      equation: `\\frac{\\partial L}{\\partial b^{[${l}]}} = \\frac{\\partial L}{\\partial z^{[${l}]}}`
    });
    if (l > 1) {
      steps.push({
        phase: 'backward', kind: 'input-gradient', layer: l - 1, title: `backward: dL/da for layer ${l - 1}`,
        inputs: [{ name: 'W', layer: l }, { name: 'dLdz', layer: l }], output: { name: 'dLda', layer: l - 1 },
        equation: `\\frac{\\partial L}{\\partial a^{[${l - 1}]}} = \\left(W^{[${l}]}\\right)^{\\top} \\frac{\\partial L}{\\partial z^{[${l}]}}`
      });
      steps.push({
        phase: 'backward', kind: 'activation-gradient', layer: l - 1, title: `backward: through ${net.activation}′ to dL/dz for layer ${l - 1}`,
        inputs: [{ name: 'dLda', layer: l - 1 }, { name: 'z', layer: l - 1 }], output: { name: 'dLdz', layer: l - 1 },
        equation: `\\frac{\\partial L}{\\partial z^{[${l - 1}]}} = \\frac{\\partial L}{\\partial a^{[${l - 1}]}} \\odot ${f}'\\left(z^{[${l - 1}]}\\right)`
      });
    }
  }
  // One update step for the whole network: sgdUpdate changes every layer at once, and the
  // learner sees it as the moment the pass turns into learning.
  steps.push({
    phase: 'update', kind: 'update', layer: 1, title: 'update: one gradient descent step on every W and b',
    inputs: [{ name: 'W', layer: 1 }, { name: 'dLdW', layer: 1 }, { name: 'eta' }], output: { name: 'Wnew', layer: 1 },
    equation: `W^{[l]} \\leftarrow W^{[l]} - \\eta \\frac{\\partial L}{\\partial W^{[l]}}, \\quad b^{[l]} \\leftarrow b^{[l]} - \\eta \\frac{\\partial L}{\\partial b^{[l]}} \\quad (l = 1, \\ldots, ${L})`
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
  const [kind, layerText] = address.split(':');
  const layer = layerText === undefined ? null : Number(layerText);
  const matches = (step: Step) =>
    (step.kind === kind || (layerText === undefined && step.phase === kind)) && (layer === null || step.layer === layer || step.kind === 'update');
  if (which === 'first') return steps.findIndex(matches);
  for (let k = steps.length - 1; k >= 0; k--) if (matches(steps[k])) return k;
  return -1;
}

/** The numbers of a quantity as a flat array with its shape ([n] or [rows, cols]); undefined if the pass has none. */
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

/** Formats a number for an equation: 4 significant digits, TeX minus, scientific when tiny or huge. */
export function texNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '\\text{NaN}' : value > 0 ? '\\infty' : '-\\infty';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    const [mantissa, exponent] = value.toExponential(3).split('e');
    return `${mantissa} \\times 10^{${Number(exponent)}}`;
  }
  return String(Number(value.toPrecision(4)));
}

const paren = (value: number): string => (value < 0 ? `(${texNumber(value)})` : texNumber(value));

/**
 * The element a step's equation shows first: the true class at the output; on the way forward
 * the most active unit; otherwise the entry of largest magnitude (the biggest gradient).
 */
export function defaultElement(pass: Pass, step: Step): number {
  if (step.kind === 'loss') return 0;
  if (step.kind === 'linear' || step.kind === 'activation') {
    const values = step.kind === 'linear' ? pass.trace.layers[(step.layer ?? 1) - 1].z : pass.trace.layers[(step.layer ?? 1) - 1].a;
    if (step.layer === pass.net.layers.length) return pass.trace.label;
    let best = 0;
    for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
    return best;
  }
  const q = quantityValues(pass, step.kind === 'update' ? { name: 'dLdW', layer: step.layer ?? 1 } : step.output);
  if (!q) return 0;
  if (step.output.name === 'p' || (step.output.name === 'dLdz' && step.layer === pass.net.layers.length)) return pass.trace.label;
  let best = 0;
  for (let k = 1; k < q.values.length; k++) if (Math.abs(q.values[k]) > Math.abs(q.values[best])) best = k;
  return best;
}

/**
 * The step's equation for one element with the pass's numbers substituted, in TeX. Reads every
 * number from the pass; long sums show their three largest terms and how many were left out.
 */
export function substitutedEquation(pass: Pass, step: Step, element: number): string {
  const { net, trace, gradients } = pass;
  const l = step.layer ?? net.layers.length;
  const layer = net.layers[l - 1];
  const input = l === 1 ? trace.input : trace.layers[l - 2].a;
  const inName = l === 1 ? 'x' : `a^{[${l - 1}]}`;
  const sumOfTerms = (terms: { factors: [number, number]; key: string }[], total: number, lhs: string, rhs: string, tail = ''): string => {
    const nonzero = terms.filter((t) => t.factors[0] * t.factors[1] !== 0);
    const top = [...nonzero].sort((p, q) => Math.abs(q.factors[0] * q.factors[1]) - Math.abs(p.factors[0] * p.factors[1])).slice(0, 3);
    const shown = top.map((t) => `${paren(t.factors[0])} \\cdot ${paren(t.factors[1])}`).join(' + ');
    const more = nonzero.length - top.length;
    const rest = more > 0 ? ` + \\underbrace{\\cdots}_{${more}\\text{ more}}` : '';
    // Three lines, so the result stays in view on a narrow screen.
    return `\\begin{aligned} ${lhs} &= ${rhs} \\\\ &= ${shown || '0'}${rest}${tail} \\\\ &= ${texNumber(total)} \\end{aligned}`;
  };
  switch (step.kind) {
    case 'linear': {
      const j = element;
      const terms = Array.from({ length: layer.inSize }, (_, i) => ({ factors: [layer.W[j * layer.inSize + i], input[i]] as [number, number], key: String(i) }));
      return sumOfTerms(terms, trace.layers[l - 1].z[j], `z^{[${l}]}_{${j}}`, `\\sum_i W^{[${l}]}_{${j},i}\\, ${inName}_i + b^{[${l}]}_{${j}}`, ` + ${paren(layer.b[j])}`);
    }
    case 'activation': {
      const { z, a } = trace.layers[l - 1];
      const fn = net.activation === 'relu' ? `\\max\\left(0, ${texNumber(z[element])}\\right)` : `${ACTIVATION_TEX[net.activation]}\\left(${texNumber(z[element])}\\right)`;
      return `a^{[${l}]}_{${element}} = ${ACTIVATION_TEX[net.activation]}\\left(z^{[${l}]}_{${element}}\\right) = ${fn} = ${texNumber(a[element])}`;
    }
    case 'softmax': {
      const z = trace.layers[l - 1].z;
      let max = -Infinity;
      for (const value of z) max = Math.max(max, value);
      let sum = 0;
      for (const value of z) sum += Math.exp(value - max);
      return `p_{${element}} = \\frac{e^{z_{${element}} - \\max_k z_k}}{\\sum_k e^{z_k - \\max_k z_k}} = \\frac{e^{${texNumber(z[element] - max)}}}{${texNumber(sum)}} = ${texNumber(trace.probabilities[element])}`;
    }
    case 'loss':
      return `L = -\\log p_{${trace.label}} = -\\log ${texNumber(trace.probabilities[trace.label])} = ${texNumber(trace.loss)}`;
    case 'output-error': {
      const y = element === trace.label ? 1 : 0;
      return `\\frac{\\partial L}{\\partial z^{[${l}]}_{${element}}} = p_{${element}} - y_{${element}} = ${texNumber(trace.probabilities[element])} - ${y} = ${texNumber(gradients.layers[l - 1].dLdz[element])}`;
    }
    case 'weight-gradient': {
      const o = Math.floor(element / layer.inSize);
      const i = element % layer.inSize;
      return `\\frac{\\partial L}{\\partial W^{[${l}]}_{${o},${i}}} = \\frac{\\partial L}{\\partial z^{[${l}]}_{${o}}} \\cdot ${inName}_{${i}} = ${paren(gradients.layers[l - 1].dLdz[o])} \\cdot ${paren(input[i])} = ${texNumber(gradients.layers[l - 1].dLdW[element])}`;
    }
    case 'bias-gradient':
      return `\\frac{\\partial L}{\\partial b^{[${l}]}_{${element}}} = \\frac{\\partial L}{\\partial z^{[${l}]}_{${element}}} = ${texNumber(gradients.layers[l - 1].dLdb[element])}`;
    case 'input-gradient': {
      const above = net.layers[l];
      const dLdzAbove = gradients.layers[l].dLdz;
      const terms = Array.from({ length: above.outSize }, (_, o) => ({ factors: [above.W[o * above.inSize + element], dLdzAbove[o]] as [number, number], key: String(o) }));
      return sumOfTerms(terms, gradients.layers[l - 1].dLda?.[element] ?? Number.NaN, `\\frac{\\partial L}{\\partial a^{[${l}]}_{${element}}}`, `\\sum_o W^{[${l + 1}]}_{o,${element}} \\frac{\\partial L}{\\partial z^{[${l + 1}]}_o}`);
    }
    case 'activation-gradient': {
      const { z, a } = trace.layers[l - 1];
      const dLda = gradients.layers[l - 1].dLda?.[element] ?? Number.NaN;
      const derivative = activationDerivative(net.activation, z[element], a[element]);
      return `\\frac{\\partial L}{\\partial z^{[${l}]}_{${element}}} = \\frac{\\partial L}{\\partial a^{[${l}]}_{${element}}} \\cdot ${ACTIVATION_TEX[net.activation]}'\\left(${texNumber(z[element])}\\right) = ${paren(dLda)} \\cdot ${texNumber(derivative)} = ${texNumber(gradients.layers[l - 1].dLdz[element])}`;
    }
    case 'update': {
      const o = Math.floor(element / layer.inSize);
      const i = element % layer.inSize;
      return `W^{[${l}]}_{${o},${i}} \\leftarrow ${paren(layer.W[element])} - ${texNumber(pass.learningRate)} \\cdot ${paren(gradients.layers[l - 1].dLdW[element])} = ${texNumber(pass.updated.layers[l - 1].W[element])}`;
    }
  }
}
