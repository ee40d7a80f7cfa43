/**
 * What the learner reads for one pass small enough to work out by hand: every equation with
 * numbers and every narration, word for word. The network is [5, 2, 2] in double precision with
 * weights chosen so that the forward pass is exact:
 *
 *   x = (1, 0, 0.5, 0.25, 1)
 *   W⁽¹⁾ = [[1.5, 2, −2, 3, 0.5], [0.5, −1, 4, 0, −2]], b⁽¹⁾ = (−1.25, −1)
 *     z⁽¹⁾₀ = 1.5 + 0 − 1 + 0.75 + 0.5 − 1.25 = 0.5;  z⁽¹⁾₁ = 0.5 + 0 + 2 + 0 − 2 − 1 = −0.5
 *   ReLU: a⁽¹⁾ = (0.5, 0)
 *   W⁽²⁾ = [[2, 1], [−2, 3]], b⁽²⁾ = (0, 1): z⁽²⁾ = (1, 0)
 *   softmax: m = 1, e^{z−m} = (1, e⁻¹ = 0.36788), sum 1.36788, p = (0.73106, 0.26894)
 *   y = 0: L = −log 0.73106 = 0.31326
 *   ∂L/∂z⁽²⁾ = (−0.26894, 0.26894); ∂L/∂W⁽²⁾₀,₀ = −0.26894 · 0.5 = −0.13447
 *   ∂L/∂a⁽¹⁾₀ = 2 · (−0.26894) + (−2) · 0.26894 = −1.07577;  ∂L/∂a⁽¹⁾₁ = 1 · (−0.26894) + 3 · 0.26894 = 0.53788
 *   ReLU′(z⁽¹⁾) = (1, 0): ∂L/∂z⁽¹⁾ = (−1.07577, 0)
 *   η = 0.5: ΔW⁽¹⁾₀,₀ = −0.5 · (−1.07577) = 0.53788, W⁽¹⁾₀,₀ ← 1.5 + 0.53788 = 2.03788
 * With σ: a⁽¹⁾ = (σ(0.5), σ(−0.5)) = (0.62246, 0.37754), σ′ = a(1 − a) = 0.23500 for both.
 * With tanh: a⁽¹⁾ = (0.46212, −0.46212), tanh′ = 1 − a² = 0.78645 for both.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass, type Activation, type Pass } from '../../src/nn/index.ts';
import { buildSteps, narrate, numberedEquation, prose, substitutedEquation, type Step } from '../../src/explain/index.ts';

function handPass(activation: Activation): Pass {
  const net = createNetwork({ sizes: [5, 2, 2], activation, seed: 1 }, { precision: 'float64' });
  net.layers[0].W.set([1.5, 2, -2, 3, 0.5, 0.5, -1, 4, 0, -2]);
  net.layers[0].b.set([-1.25, -1]);
  net.layers[1].W.set([2, 1, -2, 3]);
  net.layers[1].b.set([0, 1]);
  return createPass(net, [1, 0, 0.5, 0.25, 1], 0, 0.5);
}

const at = (steps: Step[], kind: string, layer: number | null = null) => steps.find((s) => s.kind === kind && (layer === null || s.layer === layer))!;

// Each test builds its own pass: equations are cached per pass, and code run outside a test counts
// for no test in a mutation run (README, "Mutation testing").
describe('one hand-worked pass (ReLU): the equations with numbers, as typeset', () => {
  const tex = (kind: string, layer: number | null, row: number, col: number | null = null) => {
    const pass = handPass('relu');
    return substitutedEquation(pass, at(buildSteps(pass.net), kind, layer), { row, col });
  };

  it.each([
    // The three largest of the four nonzero products, how many more, the bias on its own line.
    ['linear', 1, 0, null, '\\begin{aligned} z^{(1)}_{0} &= \\sum_i W^{(1)}_{0,i}\\, x_i + b^{(1)}_{0} \\\\ &= 1.5 \\cdot 1 + (-2) \\cdot 0.5 \\\\ &\\quad + 3 \\cdot 0.25 + \\underbrace{\\cdots}_{1\\text{ more}} \\\\ &\\quad  + \\underbrace{(-1.25)}_{b^{(1)}_{0}} \\\\ &= 0.5 \\end{aligned}'],
    // Three nonzero products: nothing left out; the zero products (0 pixel, 0 weight) are not shown.
    ['linear', 1, 1, null, '\\begin{aligned} z^{(1)}_{1} &= \\sum_i W^{(1)}_{1,i}\\, x_i + b^{(1)}_{1} \\\\ &= 4 \\cdot 0.5 + (-2) \\cdot 1 \\\\ &\\quad + 0.5 \\cdot 1 \\\\ &\\quad  + \\underbrace{(-1)}_{b^{(1)}_{1}} \\\\ &= -0.5 \\end{aligned}'],
    ['linear', 2, 0, null, '\\begin{aligned} z^{(2)}_{0} &= \\sum_i W^{(2)}_{0,i}\\, a^{(1)}_i + b^{(2)}_{0} \\\\ &= 2 \\cdot 0.5 \\\\ &\\quad  + \\underbrace{0}_{b^{(2)}_{0}} \\\\ &= 1 \\end{aligned}'],
    ['activation', 1, 0, null, 'a^{(1)}_{0} = \\operatorname{ReLU}\\left(z^{(1)}_{0}\\right) = \\max\\left(0, 0.5\\right) = 0.5'],
    ['activation', 1, 1, null, 'a^{(1)}_{1} = \\operatorname{ReLU}\\left(z^{(1)}_{1}\\right) = \\max\\left(0, -0.5\\right) = 0'],
    ['softmax', 2, 1, null, '\\begin{aligned} z^{(2)} &= (1,\\ 0) \\\\ m &= \\max_k z^{(2)}_k = 1 \\\\ e^{z^{(2)}_k - m} &= (1,\\ 0.3679) \\\\ \\textstyle\\sum_k e^{z^{(2)}_k - m} &= 1.368 \\\\ p_{1} &= \\frac{e^{0 - 1}}{1.368} = \\frac{0.3679}{1.368} = 0.2689 \\end{aligned}'],
    ['loss', null, 0, null, 'L = -\\log p_{0} = -\\log 0.7311 = 0.3133'],
    ['output-error', 2, 0, null, '\\frac{\\partial L}{\\partial z^{(2)}_{0}} = p_{0} - \\operatorname{onehot}(y)_{0} = 0.7311 - 1 = -0.2689'],
    ['output-error', 2, 1, null, '\\frac{\\partial L}{\\partial z^{(2)}_{1}} = p_{1} - \\operatorname{onehot}(y)_{1} = 0.2689 - 0 = 0.2689'],
    ['weight-gradient', 2, 0, 0, '\\frac{\\partial L}{\\partial W^{(2)}_{0,0}} = \\frac{\\partial L}{\\partial z^{(2)}_{0}} \\cdot a^{(1)}_{0} = (-0.2689) \\cdot 0.5 = -0.1345'],
    ['weight-gradient', 1, 0, 2, '\\frac{\\partial L}{\\partial W^{(1)}_{0,2}} = \\frac{\\partial L}{\\partial z^{(1)}_{0}} \\cdot x_{2} = (-1.076) \\cdot 0.5 = -0.5379'],
    ['bias-gradient', 2, 1, null, '\\frac{\\partial L}{\\partial b^{(2)}_{1}} = \\frac{\\partial L}{\\partial z^{(2)}_{1}} \\cdot 1 = 0.2689'],
    ['input-gradient', 1, 0, null, '\\begin{aligned} \\frac{\\partial L}{\\partial a^{(1)}_{0}} &= \\sum_o W^{(2)}_{o,0} \\frac{\\partial L}{\\partial z^{(2)}_o} \\\\ &= 2 \\cdot (-0.2689) + (-2) \\cdot 0.2689 \\\\ &= -1.076 \\end{aligned}'],
    // Largest product first: 3 · 0.2689 before 1 · (−0.2689).
    ['input-gradient', 1, 1, null, '\\begin{aligned} \\frac{\\partial L}{\\partial a^{(1)}_{1}} &= \\sum_o W^{(2)}_{o,1} \\frac{\\partial L}{\\partial z^{(2)}_o} \\\\ &= 3 \\cdot 0.2689 + 1 \\cdot (-0.2689) \\\\ &= 0.5379 \\end{aligned}'],
    ['activation-gradient', 1, 0, null, '\\begin{aligned} \\frac{\\partial L}{\\partial z^{(1)}_{0}} &= \\frac{\\partial L}{\\partial a^{(1)}_{0}} \\cdot \\operatorname{ReLU}\'\\left(z^{(1)}_{0}\\right) \\\\ &\\quad \\operatorname{ReLU}\'\\left(0.5\\right) = [0.5 > 0] = 1 \\\\ &= (-1.076) \\cdot 1 = -1.076 \\end{aligned}'],
    ['activation-gradient', 1, 1, null, '\\begin{aligned} \\frac{\\partial L}{\\partial z^{(1)}_{1}} &= \\frac{\\partial L}{\\partial a^{(1)}_{1}} \\cdot \\operatorname{ReLU}\'\\left(z^{(1)}_{1}\\right) \\\\ &\\quad \\operatorname{ReLU}\'\\left(-0.5\\right) = [-0.5 > 0] = 0 \\\\ &= 0.5379 \\cdot 0 = 0 \\end{aligned}'],
    ['update', 1, 0, 0, '\\begin{aligned} \\Delta W^{(1)}_{0,0} &= -\\eta \\frac{\\partial L}{\\partial W^{(1)}_{0,0}} = -0.5 \\cdot (-1.076) = 0.5379 \\\\ W^{(1)}_{0,0} &\\leftarrow 1.5 + 0.5379 = 2.038 \\end{aligned}'],
  ] as const)('%s (layer %s), entry %i, %s', (kind, layer, row, col, expected) => {
    expect(tex(kind, layer, row, col)).toBe(expected);
  });

  it('the softmax of the true digit shows e^{1 − 1} / 1.368 = 1 / 1.368', () => {
    expect(tex('softmax', 2, 0)).toContain('p_{0} &= \\frac{e^{1 - 1}}{1.368} = \\frac{1}{1.368} = 0.7311');
  });

  it('the update of a weight in another layer names that layer', () => {
    const pass = handPass('relu');
    const steps = buildSteps(pass.net);
    // ∂L/∂W⁽²⁾₁,₀ = 0.26894 · 0.5 = 0.13447; ΔW = −0.5 · 0.13447 = −0.067235; W ← −2 − 0.067235 = −2.067.
    expect(substitutedEquation(pass, at(steps, 'update'), { row: 1, col: 0, layer: 2 })).toBe(
      '\\begin{aligned} \\Delta W^{(2)}_{1,0} &= -\\eta \\frac{\\partial L}{\\partial W^{(2)}_{1,0}} = -0.5 \\cdot 0.1345 = -0.06724 \\\\ W^{(2)}_{1,0} &\\leftarrow (-2) + (-0.06724) = -2.067 \\end{aligned}',
    );
  });

  it('structured numbers: the softmax exponent, the update change, the activation slope', () => {
    const pass = handPass('relu');
    const steps = buildSteps(pass.net);
    const softmax = numberedEquation(pass, at(steps, 'softmax'), { row: 1, col: null });
    expect(softmax.numbers.exponent).toBe(-1);
    expect(softmax.numbers.exp).toBeCloseTo(Math.exp(-1), 14);
    expect(softmax.terms[0][0]).toBeCloseTo(Math.exp(-1), 14);
    expect(softmax.terms[0][1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 14);
    const update = numberedEquation(pass, at(steps, 'update'), { row: 0, col: 0 });
    expect(update.terms[0]).toEqual([1.5]);
    expect(update.terms[1][0]).toBe(-0.5);
    // ΔW⁽¹⁾₀,₀ = −η · ∂L/∂a⁽¹⁾₀ · x₀ = −0.5 · (−4 p₁) · 1 = 2 p₁, with p₁ = 1 / (1 + e).
    expect(update.numbers.delta).toBeCloseTo(2 / (1 + Math.E), 12);
    const relu = numberedEquation(pass, at(steps, 'activation-gradient'), { row: 1, col: null });
    expect(relu.numbers).toMatchObject({ fPrime: 0, z: -0.5, a: 0 });
    const out = numberedEquation(pass, at(steps, 'output-error'), { row: 0, col: null });
    expect(out.terms).toEqual([[pass.trace.probabilities[0]], [-1]]);
    const loss = numberedEquation(pass, at(steps, 'loss'), { row: 0, col: null });
    expect(loss.terms).toEqual([[pass.trace.probabilities[0]]]);
    const bias = numberedEquation(pass, at(steps, 'bias-gradient', 2), { row: 0, col: null });
    expect(bias.terms).toEqual([[pass.gradients.layers[1].dLdz[0], 1]]);
    const activation = numberedEquation(pass, at(steps, 'activation', 1), { row: 0, col: null });
    expect(activation.terms).toEqual([[0.5]]);
  });
});

describe('one hand-worked pass: σ and tanh', () => {
  it.each([
    ['sigmoid', 0, 'a^{(1)}_{0} = \\sigma\\left(z^{(1)}_{0}\\right) = \\sigma\\left(0.5\\right) = 0.6225', '\\sigma\'\\left(0.5\\right) = 0.6225\\,(1 - 0.6225) = 0.235'],
    ['sigmoid', 1, 'a^{(1)}_{1} = \\sigma\\left(z^{(1)}_{1}\\right) = \\sigma\\left(-0.5\\right) = 0.3775', '\\sigma\'\\left(-0.5\\right) = 0.3775\\,(1 - 0.3775) = 0.235'],
    ['tanh', 0, 'a^{(1)}_{0} = \\tanh\\left(z^{(1)}_{0}\\right) = \\tanh\\left(0.5\\right) = 0.4621', '\\tanh\'\\left(0.5\\right) = 1 - 0.4621^2 = 0.7864'],
    ['tanh', 1, 'a^{(1)}_{1} = \\tanh\\left(z^{(1)}_{1}\\right) = \\tanh\\left(-0.5\\right) = -0.4621', '\\tanh\'\\left(-0.5\\right) = 1 - (-0.4621)^2 = 0.7864'],
  ] as const)('%s, unit %i: the activation and its slope', (activation, row, forward, slope) => {
    const pass = handPass(activation);
    const steps = buildSteps(pass.net);
    expect(substitutedEquation(pass, at(steps, 'activation', 1), { row, col: null })).toBe(forward);
    const back = substitutedEquation(pass, at(steps, 'activation-gradient', 1), { row, col: null });
    expect(back).toContain(slope);
    expect(back).toContain(`\\cdot ${activation === 'sigmoid' ? '\\sigma' : '\\tanh'}'\\left(z^{(1)}_{${row}}\\right) \\\\ &\\quad `);
  });

  it.each([
    ['sigmoid', 'σ squashes the sum into (0, 1): z⁽¹⁾₁ = −0.5 gives a⁽¹⁾₁ = 0.3775. Without a nonlinearity like this, two layers would collapse into one matrix.', 'σ′ = a(1 − a) is at most 0.25, so the gradient shrinks on its way down.', 'σ′(z⁽¹⁾₁) = 0.235'],
    ['tanh', 'tanh squashes the sum into (−1, 1): z⁽¹⁾₁ = −0.5 gives a⁽¹⁾₁ = −0.4621. Without a nonlinearity like this, two layers would collapse into one matrix.', 'tanh′ = 1 − a² is at most 1 and near 0 when the unit saturates.', 'tanh′(z⁽¹⁾₁) = 0.7864'],
  ] as const)('%s narration', (activation, forward, why, slope) => {
    const pass = handPass(activation);
    const steps = buildSteps(pass.net);
    expect(narrate(pass, at(steps, 'activation', 1), { row: 1, col: null })).toBe(forward);
    const back = narrate(pass, at(steps, 'activation-gradient', 1), { row: 1, col: null });
    expect(back.endsWith(why), back).toBe(true);
    expect(back).toContain(`the chain-rule factor is the slope ${slope}`);
  });
});

describe('one hand-worked pass (ReLU): the narration, word for word', () => {
  const say = (kind: string, layer: number | null, row: number, col: number | null = null) => {
    const pass = handPass('relu');
    return narrate(pass, at(buildSteps(pass.net), kind, layer), { row, col });
  };

  it.each([
    ['linear', 1, 0, null, 'Unit 0 of layer 1 weighs each of its 5 inputs and adds its bias: z⁽¹⁾₀ = 0.5. 1 of the 5 inputs are 0 (blank pixels) and add nothing, whatever their weight; the largest term is W⁽¹⁾₀,₀ · x₀ = 1.5 · 1.'],
    ['linear', 1, 1, null, 'Unit 1 of layer 1 weighs each of its 5 inputs and adds its bias: z⁽¹⁾₁ = −0.5. 1 of the 5 inputs are 0 (blank pixels) and add nothing, whatever their weight; the largest term is W⁽¹⁾₁,₂ · x₂ = 4 · 0.5.'],
    ['linear', 2, 1, null, 'These are the logits: one score per digit, not yet probabilities; digit 1 scores z⁽²⁾₁ = 0. 1 of the 2 inputs are 0 (inactive units) and add nothing, whatever their weight; the largest term is W⁽²⁾₁,₀ · a⁽¹⁾₀ = (−2) · 0.5.'],
    ['activation', 1, 1, null, 'ReLU keeps a positive sum and turns a negative one into 0: z⁽¹⁾₁ = −0.5 gives a⁽¹⁾₁ = 0. On this digit 1 of the 2 units are 0 (inactive): they pass nothing forward, and on the way back no gradient either. Without a nonlinearity like this, two layers would collapse into one matrix.'],
    ['softmax', 2, 1, null, 'Softmax makes the ten logits positive (e to the power) and makes them sum to 1 (dividing by their sum, 1.368). Subtracting the largest logit m = 1 first cancels out of the fraction, so p is unchanged, but e^z can no longer overflow. Digit 1 gets p₁ = 0.2689; the network\'s guess is 0, with p₀ = 0.7311.'],
    ['loss', null, 0, null, 'The loss looks only at the probability of the true digit y = 0: p₀ = 0.7311, so L = −log 0.7311 = 0.3133. A network certain of the right digit would score 0; one that spread its bets evenly, log 10 = 2.303.'],
    ['output-error', 2, 0, null, 'Backpropagation starts here. Writing L = −zᵧ + log Σₖ e^zₖ and differentiating by z₀ gives −1 at the true digit plus e^z₀ / Σₖ e^zₖ = p₀: so ∂L/∂z⁽²⁾₀ = p₀ − onehot(y)₀ = 0.7311 − 1 = −0.2689. It is negative only at the true digit 0 (raising that score lowers the loss) and positive for every other digit.'],
    ['weight-gradient', 2, 0, 0, 'By the chain rule, ∂L/∂W⁽²⁾₀,₀ = ∂L/∂z⁽²⁾₀ · ∂z⁽²⁾₀/∂W⁽²⁾₀,₀, and since z⁽²⁾₀ = Σᵢ W⁽²⁾₀,ᵢ a⁽¹⁾ᵢ + b⁽²⁾₀, the second factor is just the input a⁽¹⁾₀. So the gradient is (−0.2689) · 0.5 = −0.1345: the whole matrix is the outer product ∂L/∂z⁽²⁾ · a⁽¹⁾ᵀ. Every weight from a zero input gets gradient 0 (1 of the 2 columns here).'],
    ['weight-gradient', 1, 0, 2, 'By the chain rule, ∂L/∂W⁽¹⁾₀,₂ = ∂L/∂z⁽¹⁾₀ · ∂z⁽¹⁾₀/∂W⁽¹⁾₀,₂, and since z⁽¹⁾₀ = Σᵢ W⁽¹⁾₀,ᵢ xᵢ + b⁽¹⁾₀, the second factor is just the input x₂. So the gradient is (−1.076) · 0.5 = −0.5379: the whole matrix is the outer product ∂L/∂z⁽¹⁾ · xᵀ. Every weight from a zero input gets gradient 0 (1 of the 5 columns here).'],
    // Unit 1 of layer 1 is inactive (z⁽¹⁾₁ = −0.5, ReLU′ = 0), so ∂L/∂z⁽¹⁾₁ = 0.5379 · 0 = 0 and its row of ∂L/∂W⁽¹⁾ is 0 even where x is not (x₀ = 1).
    ['weight-gradient', 1, 1, 0, 'By the chain rule, ∂L/∂W⁽¹⁾₁,₀ = ∂L/∂z⁽¹⁾₁ · ∂z⁽¹⁾₁/∂W⁽¹⁾₁,₀, and since z⁽¹⁾₁ = Σᵢ W⁽¹⁾₁,ᵢ xᵢ + b⁽¹⁾₁, the second factor is just the input x₀. So the gradient is 0 · 1 = 0: the whole matrix is the outer product ∂L/∂z⁽¹⁾ · xᵀ. Every weight from a zero input gets gradient 0 (1 of the 5 columns here). Here ∂L/∂z⁽¹⁾₁ is 0 because unit 1 of layer 1 was inactive (z⁽¹⁾₁ = −0.5, so ReLU′ = 0 stopped the gradient), and so is its whole row of ∂L/∂W⁽¹⁾, whatever the inputs.'],
    ['bias-gradient', 2, 0, null, 'A bias is added straight into the sum, so ∂z⁽²⁾₀/∂b⁽²⁾₀ = 1 and the chain rule gives ∂L/∂b⁽²⁾₀ = ∂L/∂z⁽²⁾₀ · 1 = −0.2689. It is a weight whose input is always 1.'],
    ['input-gradient', 1, 1, null, 'Unit 1 of layer 1 feeds every unit o of layer 2 through the weight W⁽²⁾ₒ,₁, and that weight is the chain-rule factor ∂z⁽²⁾ₒ/∂a⁽¹⁾₁. So its gradient collects one term from each: ∂L/∂a⁽¹⁾₁ = Σₒ W⁽²⁾ₒ,₁ · ∂L/∂z⁽²⁾ₒ = 0.5379; the largest term, from unit 1, is 3 · 0.2689.'],
    ['input-gradient', 1, 0, null, 'Unit 0 of layer 1 feeds every unit o of layer 2 through the weight W⁽²⁾ₒ,₀, and that weight is the chain-rule factor ∂z⁽²⁾ₒ/∂a⁽¹⁾₀. So its gradient collects one term from each: ∂L/∂a⁽¹⁾₀ = Σₒ W⁽²⁾ₒ,₀ · ∂L/∂z⁽²⁾ₒ = −1.076; the largest term, from unit 0, is 2 · (−0.2689).'],
    ['activation-gradient', 1, 0, null, 'Since a⁽¹⁾₀ = ReLU(z⁽¹⁾₀), the chain-rule factor is the slope ReLU′(z⁽¹⁾₀) = 1: ∂L/∂z⁽¹⁾₀ = ∂L/∂a⁽¹⁾₀ · ReLU′ = (−1.076) · 1 = −1.076. ReLU′ is 1 for an active unit and 0 for an inactive one, so 1 of the 2 units stop the gradient here.'],
  ] as const)('%s (layer %s), entry %i, %s', (kind, layer, row, col, expected) => {
    expect(say(kind, layer, row, col)).toBe(expected);
  });

  it('the update: the change, the new weight, and the loss before and after the step', () => {
    const pass = handPass('relu');
    expect(say('update', 1, 0, 0)).toBe(
      'Every weight moves a step of size η = 0.5 against its gradient: W⁽¹⁾₀,₀ changes by −η · (−1.076) = 0.5379, from 1.5 to 2.038. Its gradient is negative: raising this weight would lower the loss, so the step raises it. ' +
        `With every weight and bias moved, this digit's loss goes from 0.3133 to ${prose(pass.after.loss)}.`,
    );
    expect(pass.after.loss).toBeLessThan(pass.trace.loss);
    // The reason follows the sign of this weight's own gradient. W⁽²⁾₁,₀: ∂L/∂z⁽²⁾₁ · a⁽¹⁾₀ = 0.26894 · 0.5 = 0.13447,
    // ΔW = −0.5 · 0.13447 = −0.067235, −2 → −2.067. W⁽¹⁾₀,₁ multiplies the blank x₁ = 0 and W⁽¹⁾₁,₀ feeds the
    // inactive unit 1 (ReLU′ = 0): both gradients are 0, and the weights stay at 2 and 0.5.
    expect(narrate(pass, at(buildSteps(pass.net), 'update', 1), { layer: 2, row: 1, col: 0 })).toContain('W⁽²⁾₁,₀ changes by −η · 0.1345 = −0.06724, from −2 to −2.067. Its gradient is positive: raising this weight would raise the loss, so the step lowers it. With');
    // A gradient of 0 says why (review: an inactive unit's weight read "−η · 0 = 0" and nothing more).
    // W⁽¹⁾₀,₁ multiplies the blank x₁: ∂L/∂z⁽¹⁾₀ · x₁ = −1.07577 · 0 = 0.
    expect(say('update', 1, 0, 1)).toContain('W⁽¹⁾₀,₁ changes by −η · 0 = 0, from 2 to 2. Its input x₁ is 0 (a blank pixel), so its gradient ∂L/∂z⁽¹⁾₀ · x₁ = (−1.076) · 0 = 0 and this weight stays where it is. With');
    // W⁽¹⁾₁,₀ feeds unit 1, inactive: z⁽¹⁾₁ = −0.5, ReLU′ = 0, so ∂L/∂a⁽¹⁾₁ = 0.53788 stops there and all 5 of its weights get 0,
    // even W⁽¹⁾₁,₀ whose input x₀ = 1 is not blank.
    const inactive = 'Unit 1 of layer 1 was inactive on this digit (z⁽¹⁾₁ = −0.5 is below 0, so ReLU′(z⁽¹⁾₁) = 0): the gradient that reached it, ∂L/∂a⁽¹⁾₁ = 0.5379, stops there, since ∂L/∂z⁽¹⁾₁ = 0.5379 · 0 = 0, so all 5 of its weights get ∂L/∂W⁽¹⁾₁,ᵢ = ∂L/∂z⁽¹⁾₁ · xᵢ = 0 and none of them moves.';
    expect(say('update', 1, 1, 0)).toContain(`W⁽¹⁾₁,₀ changes by −η · 0 = 0, from 0.5 to 0.5. ${inactive} With`);
    expect(say('update', 1, 1, 3)).toContain(`W⁽¹⁾₁,₃ changes by −η · 0 = 0, from 0 to 0. ${inactive} With`);
    // W⁽²⁾₀,₁ reads the inactive unit's output a⁽¹⁾₁ = 0: ∂L/∂z⁽²⁾₀ · 0 = −0.26894 · 0 = 0.
    expect(narrate(pass, at(buildSteps(pass.net), 'update', 1), { layer: 2, row: 0, col: 1 })).toContain('W⁽²⁾₀,₁ changes by −η · 0 = 0, from 1 to 1. Its input a⁽¹⁾₁ is 0 (unit 1 of layer 1 was inactive on this digit), so its gradient ∂L/∂z⁽²⁾₀ · a⁽¹⁾₁ = (−0.2689) · 0 = 0 and this weight stays where it is. With');
  });

  it('a unit at exactly z = 0 is inactive too (ReLU′(0) = 0 in the reference kernel): "not above 0"', () => {
    const pass = handPass('relu');
    // b⁽¹⁾₁ = −0.5 instead of −1: z⁽¹⁾₁ = −0.5 + 0.5 = 0 exactly (float64), a⁽¹⁾₁ = 0.
    pass.net.layers[0].b.set([-1.25, -0.5]);
    const zero = createPass(pass.net, [1, 0, 0.5, 0.25, 1], 0, 0.5);
    expect(zero.trace.layers[0].z[1]).toBe(0);
    expect(narrate(zero, at(buildSteps(zero.net), 'update', 1), { row: 1, col: 2 })).toContain('Unit 1 of layer 1 was inactive on this digit (z⁽¹⁾₁ = 0 is not above 0, so ReLU′(z⁽¹⁾₁) = 0):');
  });

  it('with σ no unit is inactive: a weight from a blank pixel is explained by its input, the others by their sign', () => {
    const pass = handPass('sigmoid');
    const sayS = (row: number, col: number) => narrate(pass, at(buildSteps(pass.net), 'update', 1), { row, col });
    expect(sayS(1, 1)).toContain('Its input x₁ is 0 (a blank pixel)');
    expect(sayS(1, 0)).not.toContain('inactive');
    expect(sayS(1, 0)).toMatch(/Its gradient is (positive|negative)/);
  });

  it('a loss that rounds to exactly 0 after the step is not called 0 (a cross-entropy loss never is)', () => {
    const pass = handPass('relu');
    const rounded = { ...pass, after: { ...pass.after, loss: 0 } };
    const text = narrate(rounded, at(buildSteps(pass.net), 'update', 1), { row: 0, col: 0 });
    expect(text.endsWith('this digit\'s loss goes from 0.3133 to a value too small to store: it rounds to 0, because the probability of the true digit rounds to exactly 1 (a cross-entropy loss is never truly 0).'), text).toBe(true);
  });
});
