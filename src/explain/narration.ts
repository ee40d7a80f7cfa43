/**
 * The narration of each step: two or three sentences of *why*, with the real numbers of the
 * entry being explained, naming the chain-rule factor on the way back. Plain text (Unicode
 * symbols from the notation table), shown beside the stepper. Every number comes from the pass
 * through `numberedEquation`, so the narration and the equation panel can't disagree.
 */
import { predicted, type Pass } from '../nn/index.ts';
import { numberedEquation, type Entry } from './equations.ts';
import { formatNumber, formatPair } from './format.ts';
import { sub, sup } from './notation.ts';
import { ACTIVATION_NAME, type Step } from './steps.ts';

/** A number for prose: the site's one number format, 4 significant digits, a real minus sign. */
export const prose = (value: number): string => formatNumber(value);

/** `prose` in parentheses when negative, for factors: "2 · (−3)". */
const factor = (value: number): string => (value < 0 ? `(${prose(value)})` : prose(value));

const count = (values: ArrayLike<number>, test: (v: number) => boolean) => {
  let n = 0;
  for (let k = 0; k < values.length; k++) if (test(values[k])) n++;
  return n;
};

/** Two or three sentences on why `step` computes what it does, for `entry`, with the pass's numbers. */
export function narrate(pass: Pass, step: Step, entry: Entry): string {
  const eq = numberedEquation(pass, step, entry);
  const { net, trace } = pass;
  const L = net.layers.length;
  const l = entry.layer ?? step.layer ?? L;
  const j = entry.row;
  const f = ACTIVATION_NAME[net.activation];
  const input = l === 1 ? 'x' : `a${sup(l - 1)}`;
  const n = eq.numbers;
  switch (step.kind) {
    case 'linear': {
      const x = l === 1 ? trace.input : trace.layers[l - 2].a;
      const best = eq.terms.reduce((b, t, i) => (Math.abs(t[0] * t[1]) > Math.abs(eq.terms[b][0] * eq.terms[b][1]) ? i : b), 0);
      const zeros = count(x, (v) => v === 0);
      const what = l === L ? `These are the logits: one score per digit, not yet probabilities; digit ${j} scores z${sup(l)}${sub(j)} = ${prose(eq.total)}.` : `Unit ${j} of layer ${l} weighs each of its ${x.length} inputs and adds its bias: z${sup(l)}${sub(j)} = ${prose(eq.total)}.`;
      return `${what} ${zeros} of the ${x.length} inputs are 0 (${l === 1 ? 'blank pixels' : 'inactive units'}) and add nothing, whatever their weight; the largest term is W${sup(l)}${sub(`${j},${best}`)} · ${input}${sub(best)} = ${factor(eq.terms[best][0])} · ${factor(eq.terms[best][1])}.`;
    }
    case 'activation': {
      const a = trace.layers[l - 1].a;
      if (net.activation === 'relu') {
        const off = count(a, (v) => v === 0);
        return `ReLU keeps a positive sum and turns a negative one into 0: z${sup(l)}${sub(j)} = ${prose(n.z)} gives a${sup(l)}${sub(j)} = ${prose(eq.total)}. On this digit ${off} of the ${a.length} units are 0 (inactive): they pass nothing forward, and on the way back no gradient either. Without a nonlinearity like this, two layers would collapse into one matrix.`;
      }
      return `${f} squashes the sum into ${net.activation === 'sigmoid' ? '(0, 1)' : '(−1, 1)'}: z${sup(l)}${sub(j)} = ${prose(n.z)} gives a${sup(l)}${sub(j)} = ${prose(eq.total)}. Without a nonlinearity like this, two layers would collapse into one matrix.`;
    }
    case 'softmax': {
      const guess = predicted(trace);
      return `Softmax makes the ten logits positive (e to the power) and makes them sum to 1 (dividing by their sum, ${prose(n.sum)}). Subtracting the largest logit m = ${prose(n.max)} first cancels out of the fraction, so p is unchanged, but e^z can no longer overflow. Digit ${j} gets p${sub(j)} = ${prose(eq.total)}; the network's guess is ${guess}, with p${sub(guess)} = ${prose(trace.probabilities[guess])}.`;
    }
    case 'loss':
      return `The loss looks only at the probability of the true digit y = ${trace.label}: p${sub(trace.label)} = ${prose(n.py)}, so L = −log ${prose(n.py)} = ${prose(eq.total)}. A network certain of the right digit would score 0; one that spread its bets evenly, log 10 = ${prose(Math.log(10))}.`;
    case 'output-error':
      return `Backpropagation starts here. Writing L = −z${sub('y')} + log Σₖ e^zₖ and differentiating by z${sub(j)} gives −1 at the true digit plus e^z${sub(j)} / Σₖ e^zₖ = p${sub(j)}: so ∂L/∂z${sup(L)}${sub(j)} = p${sub(j)} − onehot(y)${sub(j)} = ${prose(n.p)} − ${n.onehot} = ${prose(eq.total)}. It is negative only at the true digit ${trace.label} (raising that score lowers the loss) and positive for every other digit.`;
    case 'weight-gradient': {
      const i = entry.col ?? 0;
      const x = l === 1 ? trace.input : trace.layers[l - 2].a;
      return `By the chain rule, ∂L/∂W${sup(l)}${sub(`${j},${i}`)} = ∂L/∂z${sup(l)}${sub(j)} · ∂z${sup(l)}${sub(j)}/∂W${sup(l)}${sub(`${j},${i}`)}, and since z${sup(l)}${sub(j)} = Σᵢ W${sup(l)}${sub(`${j},i`)} ${input}ᵢ + b${sup(l)}${sub(j)}, the second factor is just the input ${input}${sub(i)}. So the gradient is ${factor(n.dLdz)} · ${factor(n.input)} = ${prose(eq.total)}: the whole matrix is the outer product ∂L/∂z${sup(l)} · ${input}ᵀ. Every weight from a zero input gets gradient 0 (${count(x, (v) => v === 0)} of the ${x.length} columns here).${inactiveUnit(pass, l, j) ? ` Here ∂L/∂z${sup(l)}${sub(j)} is 0 because unit ${j} of layer ${l} was inactive (z${sup(l)}${sub(j)} = ${prose(trace.layers[l - 1].z[j])}, so ReLU′ = 0 stopped the gradient), and so is its whole row of ∂L/∂W${sup(l)}, whatever the inputs.` : ''}`;
    }
    case 'bias-gradient':
      return `A bias is added straight into the sum, so ∂z${sup(l)}${sub(j)}/∂b${sup(l)}${sub(j)} = 1 and the chain rule gives ∂L/∂b${sup(l)}${sub(j)} = ∂L/∂z${sup(l)}${sub(j)} · 1 = ${prose(eq.total)}. It is a weight whose input is always 1.`;
    case 'input-gradient': {
      const best = eq.terms.reduce((b, t, o) => (Math.abs(t[0] * t[1]) > Math.abs(eq.terms[b][0] * eq.terms[b][1]) ? o : b), 0);
      return `Unit ${j} of layer ${l} feeds every unit o of layer ${l + 1} through the weight W${sup(l + 1)}${sub(`o,${j}`)}, and that weight is the chain-rule factor ∂z${sup(l + 1)}ₒ/∂a${sup(l)}${sub(j)}. So its gradient collects one term from each: ∂L/∂a${sup(l)}${sub(j)} = Σₒ W${sup(l + 1)}${sub(`o,${j}`)} · ∂L/∂z${sup(l + 1)}ₒ = ${prose(eq.total)}; the largest term, from unit ${best}, is ${factor(eq.terms[best][0])} · ${factor(eq.terms[best][1])}.`;
    }
    case 'activation-gradient': {
      const why = net.activation === 'relu'
        ? `ReLU′ is 1 for an active unit and 0 for an inactive one, so ${count(trace.layers[l - 1].a, (v) => v === 0)} of the ${trace.layers[l - 1].a.length} units stop the gradient here.`
        : net.activation === 'sigmoid' ? 'σ′ = a(1 − a) is at most 0.25, so the gradient shrinks on its way down.' : 'tanh′ = 1 − a² is at most 1 and near 0 when the unit saturates.';
      return `Since a${sup(l)}${sub(j)} = ${f}(z${sup(l)}${sub(j)}), the chain-rule factor is the slope ${f}′(z${sup(l)}${sub(j)}) = ${prose(n.fPrime)}: ∂L/∂z${sup(l)}${sub(j)} = ∂L/∂a${sup(l)}${sub(j)} · ${f}′ = ${factor(n.dLda)} · ${factor(n.fPrime)} = ${prose(eq.total)}. ${why}`;
    }
    case 'update': {
      const i = entry.col ?? 0;
      // As the verdict beside it prints the two losses (formatPair), so the two never disagree.
      const [lossBefore, lossAfter] = formatPair(trace.loss, pass.after.loss);
      return `Every weight moves a step of size η = ${prose(n.eta)} against its gradient: W${sup(l)}${sub(`${j},${i}`)} changes by −η · ${factor(n.dLdW)} = ${prose(n.delta)}, from ${prose(n.W)} to ${prose(eq.total)}. ${zeroGradientWhy(pass, l, j, i) ?? updateDirection(n.dLdW)} With every weight and bias moved, this digit's loss goes from ${lossBefore} to ${pass.after.loss === 0 ? 'a value too small to store: it rounds to 0, because the probability of the true digit rounds to exactly 1 (a cross-entropy loss is never truly 0)' : lossAfter}.`;
    }
  }
}

/** Whether hidden unit j of layer l was an inactive ReLU on this digit (z ≤ 0), so that no gradient passed it (∂L/∂z = 0). */
function inactiveUnit(pass: Pass, l: number, j: number): boolean {
  return l < pass.net.layers.length && pass.net.activation === 'relu' && pass.trace.layers[l - 1].z[j] <= 0 && pass.gradients.layers[l - 1].dLdz[j] === 0;
}

/**
 * Why weight W⁽ˡ⁾[j, i] has gradient 0, with the pass's numbers, or null when it has not (review: an
 * inactive unit opened on "ΔW = −η · 0 = 0", true but unexplained). Its unit j was inactive (ReLU′ = 0,
 * so nothing reaches any of its weights), or its own input was 0 (a blank pixel, an inactive unit).
 */
export function zeroGradientWhy(pass: Pass, l: number, j: number, i: number): string | null {
  const { net, trace, gradients } = pass;
  const layer = net.layers[l - 1];
  if (gradients.layers[l - 1].dLdW[j * layer.inSize + i] !== 0) return null;
  const dLdz = gradients.layers[l - 1].dLdz[j];
  const input = l === 1 ? 'x' : `a${sup(l - 1)}`;
  const z = trace.layers[l - 1].z[j];
  if (inactiveUnit(pass, l, j)) {
    const dLda = gradients.layers[l - 1].dLda?.[j] ?? Number.NaN;
    const zj = `z${sup(l)}${sub(j)}`;
    // One sentence: the update's narration stays at four (explain.test.ts).
    return `Unit ${j} of layer ${l} was inactive on this digit (${zj} = ${prose(z)} is ${z === 0 ? 'not above' : 'below'} 0, so ReLU′(${zj}) = 0): ` +
      `the gradient that reached it, ∂L/∂a${sup(l)}${sub(j)} = ${prose(dLda)}, stops there, since ∂L/∂${zj} = ${factor(dLda)} · 0 = 0, ` +
      `so all ${layer.inSize} of its weights get ∂L/∂W${sup(l)}${sub(`${j},i`)} = ∂L/∂${zj} · ${input}ᵢ = 0 and none of them moves.`;
  }
  const x = (l === 1 ? trace.input : trace.layers[l - 2].a)[i];
  if (x === 0) {
    const what = l === 1 ? 'a blank pixel' : `unit ${i} of layer ${l - 1} was inactive on this digit`;
    return `Its input ${input}${sub(i)} is 0 (${what}), so its gradient ∂L/∂z${sup(l)}${sub(j)} · ${input}${sub(i)} = ${factor(dLdz)} · 0 = 0 and this weight stays where it is.`;
  }
  return null;
}

/**
 * Why the weight on screen moved the way it did, for the sign of its own gradient (review: the
 * narration said "a positive gradient … so the step lowers it" beside a weight whose gradient was
 * negative and which rose, or was 0 and did not move).
 */
export function updateDirection(dLdW: number): string {
  if (dLdW > 0) return 'Its gradient is positive: raising this weight would raise the loss, so the step lowers it.';
  if (dLdW < 0) return 'Its gradient is negative: raising this weight would lower the loss, so the step raises it.';
  return 'Its gradient is 0 (on this digit, nudging it does not change the loss), so this weight stays where it is.';
}
