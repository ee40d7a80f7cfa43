/**
 * Each step's equation for one entry with the pass's own numbers plugged in. The result is
 * structured (every factor, every term, the total) as well as typeset, so tests can hold each
 * number to the core's arrays and the narration can quote them. Only three things are computed
 * here rather than read: the softmax's max, exponentials and their sum (shown, not used), f′ (by
 * the reference kernels' own `activationDerivative`), and the change −η·∂L/∂W of the update.
 */
import { activationDerivative } from '../nn/reference.ts';
import type { Pass } from '../nn/index.ts';
import { ACTIVATION_TEX, type Step } from './steps.ts';
import { texSup } from './notation.ts';

/** Where in the step's output: row (unit) and column; col is null for vectors. `layer` overrides the step's layer (the update). */
export interface Entry {
  row: number;
  col: number | null;
  layer?: number;
}

export interface NumberedEquation {
  /** The equation typeset with the numbers (TeX). */
  tex: string;
  /**
   * The same equation broken into more lines for a narrow box (a phone): one `= …` a line,
   * aligned at the equals signs, one product of a sum a line, lists three numbers a line.
   */
  narrowTex: string;
  /** Products summed (all of them, even when the TeX shows only the largest): each term's factors. */
  terms: number[][];
  /** Named single numbers the equation shows (e.g. `max`, `sum`, `fPrime`). */
  numbers: Record<string, number>;
  /** Named lists the equation shows (softmax: `logits`, `exps`). */
  lists: Record<string, number[]>;
  /** The result on the right-hand side: the core's value of the entry. */
  total: number;
}

/** A number for an equation: 4 significant digits, scientific when tiny or huge. */
export function texNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '\\text{NaN}' : value > 0 ? '\\infty' : '-\\infty';
  if (value === 0) return '0';
  // The range is decided on the number as shown (four figures), so 99999 is 1.000 × 10⁵, not 100000.
  const rounded = Number(value.toPrecision(4));
  const magnitude = Math.abs(rounded);
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    const [mantissa, exponent] = value.toExponential(3).split('e');
    return `${mantissa} \\times 10^{${Number(exponent)}}`;
  }
  return String(rounded);
}

/** A factor in parentheses when negative, so "2 · (−3)" never reads as a subtraction. */
export const paren = (value: number): string => (value < 0 ? `(${texNumber(value)})` : texNumber(value));

/** A list in parentheses, `perLine` numbers a line (ten numbers: two lines of five, or four of three on a phone). */
const list = (values: number[], perLine = 5): string => {
  const line = (part: number[]) => part.map(texNumber).join(',\\ ');
  if (values.length <= perLine) return `(${line(values)})`;
  const rows = values.length > 2 * perLine ? Math.ceil(values.length / perLine) : 2;
  const size = Math.ceil(values.length / rows);
  const lines = Array.from({ length: rows }, (_, r) => line(values.slice(r * size, (r + 1) * size))).filter(Boolean);
  return `\\left(\\begin{array}{l}${lines.join(',\\\\ ')}\\end{array}\\right)`;
};

/**
 * `lhs = a = b = c` on one line, and for a narrow box the same as lines aligned at "=": one
 * group of parts a line (`chain(lhs, [a], [b, c])`: `lhs = a`, then `= b = c`).
 */
function chain(lhs: string, ...groups: string[][]): { tex: string; narrowTex: string } {
  return {
    tex: [lhs, ...groups.flat()].join(' = '),
    narrowTex: `\\begin{aligned} ${lhs} &= ${groups.map((group) => group.join(' = ')).join(' \\\\ &= ')} \\end{aligned}`,
  };
}

/** A long sum: its three largest terms, how many were left out, then the total on its own line. */
function sumTex(terms: number[][], total: number, lhs: string, rhs: string, tail = '', perLine = 2): string {
  const nonzero = terms.filter((t) => t[0] * t[1] !== 0);
  const top = [...nonzero].sort((p, q) => Math.abs(q[0] * q[1]) - Math.abs(p[0] * p[1])).slice(0, 3);
  const products = top.map((t) => `${paren(t[0])} \\cdot ${paren(t[1])}`);
  const more = nonzero.length - top.length;
  if (more > 0) products.push(`\\underbrace{\\cdots}_{${more}\\text{ more}}`);
  // At most two terms a line (one on a phone), the bias (if any) on its own: the sum never runs
  // out of its box, and nothing of it is hidden.
  const lines: string[] = [];
  for (let k = 0; k < products.length; k += perLine) lines.push(products.slice(k, k + perLine).join(' + '));
  const first = lines.length ? `&= ${lines[0]}` : '&= 0';
  const rest = lines.slice(1).map((line) => ` \\\\ &\\quad + ${line}`).join('');
  const bias = tail ? ` \\\\ &\\quad ${tail}` : '';
  return `\\begin{aligned} ${lhs} &= ${rhs} \\\\ ${first}${rest}${bias} \\\\ &= ${texNumber(total)} \\end{aligned}`;
}

/** The input vector of layer l (1-based): the pixels for layer 1, else the previous activations. */
const inputOf = (pass: Pass, l: number) => (l === 1 ? pass.trace.input : pass.trace.layers[l - 2].a);

/** One pass's equations by step and entry: the narration and the equation panel ask for the same one. */
const cache = new WeakMap<Pass, Map<string, NumberedEquation>>();

/** The step's equation for `entry`, with every number from `pass` (computed once per pass, step and entry). */
export function numberedEquation(pass: Pass, step: Step, entry: Entry): NumberedEquation {
  let byKey = cache.get(pass);
  if (!byKey) cache.set(pass, (byKey = new Map()));
  const key = `${step.kind}:${step.layer}:${entry.layer ?? ''}:${entry.row}:${entry.col}`;
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = computeEquation(pass, step, entry)));
  return result;
}

function computeEquation(pass: Pass, step: Step, entry: Entry): NumberedEquation {
  const { net, trace, gradients } = pass;
  const l = entry.layer ?? step.layer ?? net.layers.length;
  const layer = net.layers[l - 1];
  const j = entry.row;
  const s = texSup(l);
  const base = { terms: [] as number[][], numbers: {} as Record<string, number>, lists: {} as Record<string, number[]> };
  switch (step.kind) {
    case 'linear': {
      const x = inputOf(pass, l);
      const terms = Array.from({ length: layer.inSize }, (_, i) => [layer.W[j * layer.inSize + i], x[i]]);
      const total = trace.layers[l - 1].z[j];
      const b = layer.b[j];
      const inName = l === 1 ? 'x' : `a${texSup(l - 1)}`;
      const sum = (perLine: number) => sumTex(terms, total, `z${s}_{${j}}`, `\\sum_i W${s}_{${j},i}\\, ${inName}_i + b${s}_{${j}}`, ` + \\underbrace{${paren(b)}}_{b${s}_{${j}}}`, perLine);
      return { ...base, terms, numbers: { b }, total, tex: sum(2), narrowTex: sum(1) };
    }
    case 'activation': {
      const z = trace.layers[l - 1].z[j];
      const total = trace.layers[l - 1].a[j];
      const f = ACTIVATION_TEX[net.activation];
      const middle = net.activation === 'relu' ? `\\max\\left(0, ${texNumber(z)}\\right)` : `${f}\\left(${texNumber(z)}\\right)`;
      return { ...base, terms: [[z]], numbers: { z }, total, ...chain(`a${s}_{${j}}`, [`${f}\\left(z${s}_{${j}}\\right)`], [middle, texNumber(total)]) };
    }
    case 'softmax': {
      const logits = Array.from(trace.layers[l - 1].z);
      const max = Math.max(...logits);
      const exps = logits.map((z) => Math.exp(z - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      const exponent = logits[j] - max;
      const total = trace.probabilities[j];
      // On a phone: three numbers a line, p on two lines, and each line centred on its own (aligned
      // at "=", the widest left side would push every line right).
      const softmaxTex = (narrow: boolean) => {
        const [begin, end, eq] = narrow ? ['gathered', 'gathered', '='] : ['aligned', 'aligned', '&='];
        const pBreak = narrow ? ' \\\\ ' : ' ';
        return `\\begin{${begin}} z${s} ${eq} ${list(logits, narrow ? 3 : 5)} \\\\ m ${eq} \\max_k z${s}_k = ${texNumber(max)} \\\\ e^{z${s}_k - m} ${eq} ${list(exps, narrow ? 3 : 5)} \\\\ \\textstyle\\sum_k e^{z${s}_k - m} ${eq} ${texNumber(sum)} \\\\ p_{${j}} ${eq} \\frac{e^{${texNumber(logits[j])} - ${paren(max)}}}{${texNumber(sum)}}${pBreak}= \\frac{${texNumber(exps[j])}}{${texNumber(sum)}} = ${texNumber(total)} \\end{${end}}`;
      };
      return { ...base, terms: [[exps[j], 1 / sum]], numbers: { max, sum, exponent, exp: exps[j] }, lists: { logits, exps }, total, tex: softmaxTex(false), narrowTex: softmaxTex(true) };
    }
    case 'loss': {
      const py = trace.probabilities[trace.label];
      return { ...base, terms: [[py]], numbers: { py }, total: trace.loss, ...chain('L', [`-\\log p_{${trace.label}}`], [`-\\log ${texNumber(py)}`, texNumber(trace.loss)]) };
    }
    case 'output-error': {
      const p = trace.probabilities[j];
      const onehot = j === trace.label ? 1 : 0;
      const total = gradients.layers[l - 1].dLdz[j];
      return { ...base, terms: [[p], [-onehot]], numbers: { p, onehot }, total, ...chain(`\\frac{\\partial L}{\\partial z${s}_{${j}}}`, [`p_{${j}} - \\operatorname{onehot}(y)_{${j}}`], [`${texNumber(p)} - ${onehot}`, texNumber(total)]) };
    }
    case 'weight-gradient': {
      const i = entry.col ?? 0;
      const dLdz = gradients.layers[l - 1].dLdz[j];
      const x = inputOf(pass, l)[i];
      const total = gradients.layers[l - 1].dLdW[j * layer.inSize + i];
      const inName = l === 1 ? 'x' : `a${texSup(l - 1)}`;
      return { ...base, terms: [[dLdz, x]], numbers: { dLdz, input: x }, total, ...chain(`\\frac{\\partial L}{\\partial W${s}_{${j},${i}}}`, [`\\frac{\\partial L}{\\partial z${s}_{${j}}} \\cdot ${inName}_{${i}}`], [`${paren(dLdz)} \\cdot ${paren(x)}`, texNumber(total)]) };
    }
    case 'bias-gradient': {
      const dLdz = gradients.layers[l - 1].dLdz[j];
      const total = gradients.layers[l - 1].dLdb[j];
      return { ...base, terms: [[dLdz, 1]], numbers: { dLdz }, total, ...chain(`\\frac{\\partial L}{\\partial b${s}_{${j}}}`, [`\\frac{\\partial L}{\\partial z${s}_{${j}}} \\cdot 1`], [texNumber(total)]) };
    }
    case 'input-gradient': {
      // Step layer l is the layer receiving the gradient; the weights are those of layer l + 1.
      const above = net.layers[l];
      const dLdzAbove = gradients.layers[l].dLdz;
      const terms = Array.from({ length: above.outSize }, (_, o) => [above.W[o * above.inSize + j], dLdzAbove[o]]);
      const total = gradients.layers[l - 1].dLda?.[j] ?? Number.NaN;
      const up = texSup(l + 1);
      const sum = (perLine: number) => sumTex(terms, total, `\\frac{\\partial L}{\\partial a${s}_{${j}}}`, `\\sum_o W${up}_{o,${j}} \\frac{\\partial L}{\\partial z${up}_o}`, '', perLine);
      return { ...base, terms, total, tex: sum(2), narrowTex: sum(1) };
    }
    case 'activation-gradient': {
      const { z, a } = trace.layers[l - 1];
      const dLda = gradients.layers[l - 1].dLda?.[j] ?? Number.NaN;
      const fPrime = activationDerivative(net.activation, z[j], a[j]);
      const total = gradients.layers[l - 1].dLdz[j];
      const f = ACTIVATION_TEX[net.activation];
      const slope = net.activation === 'sigmoid' ? `${texNumber(a[j])}\\,(1 - ${texNumber(a[j])})` : net.activation === 'tanh' ? `1 - ${paren(a[j])}^2` : `[${texNumber(z[j])} > 0]`;
      return {
        ...base, terms: [[dLda, fPrime]], numbers: { dLda, fPrime, z: z[j], a: a[j] }, total,
        tex: `\\begin{aligned} \\frac{\\partial L}{\\partial z${s}_{${j}}} &= \\frac{\\partial L}{\\partial a${s}_{${j}}} \\cdot ${f}'\\left(z${s}_{${j}}\\right) \\\\ &\\quad ${f}'\\left(${texNumber(z[j])}\\right) = ${slope} = ${texNumber(fPrime)} \\\\ &= ${paren(dLda)} \\cdot ${texNumber(fPrime)} = ${texNumber(total)} \\end{aligned}`,
        // On a phone, three lines each centred on its own (no indent): the rule, the slope, the numbers.
        narrowTex: `\\begin{gathered} \\frac{\\partial L}{\\partial z${s}_{${j}}} = \\frac{\\partial L}{\\partial a${s}_{${j}}} \\cdot ${f}'\\left(z${s}_{${j}}\\right) \\\\ ${f}'\\left(${texNumber(z[j])}\\right) = ${slope} = ${texNumber(fPrime)} \\\\ \\frac{\\partial L}{\\partial z${s}_{${j}}} = ${paren(dLda)} \\cdot ${texNumber(fPrime)} = ${texNumber(total)} \\end{gathered}`,
      };
    }
    case 'update': {
      const i = entry.col ?? 0;
      const k = j * layer.inSize + i;
      const W = layer.W[k];
      const dLdW = gradients.layers[l - 1].dLdW[k];
      const eta = pass.learningRate;
      const delta = -eta * dLdW;
      const total = pass.updated.layers[l - 1].W[k];
      return {
        ...base, terms: [[W], [-eta, dLdW]], numbers: { W, eta, dLdW, delta }, total,
        tex: `\\begin{aligned} \\Delta W${s}_{${j},${i}} &= -\\eta \\frac{\\partial L}{\\partial W${s}_{${j},${i}}} = -${texNumber(eta)} \\cdot ${paren(dLdW)} = ${texNumber(delta)} \\\\ W${s}_{${j},${i}} &\\leftarrow ${paren(W)} + ${paren(delta)} = ${texNumber(total)} \\end{aligned}`,
        // On a phone, the rule of each line first (ΔW = −η ∂L/∂W, W ← W + ΔW), then its numbers.
        narrowTex: `\\begin{aligned} \\Delta W${s}_{${j},${i}} &= -\\eta \\frac{\\partial L}{\\partial W${s}_{${j},${i}}} \\\\ &= -${texNumber(eta)} \\cdot ${paren(dLdW)} = ${texNumber(delta)} \\\\ W${s}_{${j},${i}} &\\leftarrow W${s}_{${j},${i}} + \\Delta W${s}_{${j},${i}} \\\\ &= ${paren(W)} + ${paren(delta)} \\\\ &= ${texNumber(total)} \\end{aligned}`,
      };
    }
  }
}

/** The TeX of `numberedEquation` alone; `narrow`: the form broken into more lines for a phone. */
export function substitutedEquation(pass: Pass, step: Step, entry: Entry, narrow = false): string {
  const equation = numberedEquation(pass, step, entry);
  return narrow ? equation.narrowTex : equation.tex;
}
