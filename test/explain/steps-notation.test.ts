/**
 * The step list and the notation table, entry by entry: what each step reads and produces, its
 * summary and its general equation for a three-layer network (so layer numbers can't be
 * confused), how steps are addressed, the number formats of equations and prose, and which
 * array and which entry a step shows first.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createNetwork, createPass, type Pass } from '../../src/nn/index.ts';
import {
  NOTATION, buildSteps, defaultElement, findStep, inputRef, inputSymbol, inputTex, notation, prose, quantityLabel,
  quantitySymbol, quantityTex, quantityValues, stepAddress, stepMatches, sub, sup, texNumber, texSup, type Step,
} from '../../src/explain/index.ts';

const dL = (of: string, l: number) => `\\frac{\\partial L}{\\partial ${of}^{(${l})}}`;

// Steps and passes are built inside each test: code run outside a test counts for no test in a
// mutation run, so a test that only reads a list built at collection time kills no mutant.
describe('the steps of a [784, 8, 6, 10] tanh network', () => {
  const build = () => buildSteps({ sizes: [784, 8, 6, 10], activation: 'tanh' });
  // phase, kind, layer, title, summary, inputs (name/layer), output, equation
  const expected: [string, string, number | null, string, string, string[], string, string][] = [
    ['forward', 'linear', 1, 'forward: z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾', 'the weighted sums of layer 1', ['W1', 'x', 'b1'], 'z1', 'z^{(1)} = W^{(1)} x + b^{(1)}'],
    ['forward', 'activation', 1, 'forward: a⁽¹⁾ = tanh(z⁽¹⁾)', 'the activations of layer 1', ['z1'], 'a1', 'a^{(1)} = \\tanh\\left(z^{(1)}\\right)'],
    ['forward', 'linear', 2, 'forward: z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾', 'the weighted sums of layer 2', ['W2', 'a1', 'b2'], 'z2', 'z^{(2)} = W^{(2)} a^{(1)} + b^{(2)}'],
    ['forward', 'activation', 2, 'forward: a⁽²⁾ = tanh(z⁽²⁾)', 'the activations of layer 2', ['z2'], 'a2', 'a^{(2)} = \\tanh\\left(z^{(2)}\\right)'],
    ['forward', 'linear', 3, 'forward: z⁽³⁾ = W⁽³⁾a⁽²⁾ + b⁽³⁾', 'the logits: one score per digit', ['W3', 'a2', 'b3'], 'z3', 'z^{(3)} = W^{(3)} a^{(2)} + b^{(3)}'],
    ['forward', 'softmax', 3, 'forward: p = softmax(z⁽³⁾)', 'the probabilities of the ten digits', ['z3'], 'p', 'p_j = \\frac{e^{z^{(3)}_j - m}}{\\sum_k e^{z^{(3)}_k - m}}, \\quad m = \\max_k z^{(3)}_k'],
    ['forward', 'loss', null, 'forward: L = −log pᵧ', 'the loss: how wrong the network is on this digit', ['p', 'y'], 'L', 'L = -\\log p_y'],
    ['backward', 'output-error', 3, 'backward: ∂L/∂z⁽³⁾ = p − onehot(y)', 'the output error: where backpropagation starts', ['p', 'y'], 'dLdz3', `${dL('z', 3)} = p - \\operatorname{onehot}(y)`],
    ['backward', 'weight-gradient', 3, 'backward: ∂L/∂W⁽³⁾ = ∂L/∂z⁽³⁾ · a⁽²⁾ᵀ', 'the weight gradient of layer 3', ['dLdz3', 'a2'], 'dLdW3', `${dL('W', 3)} = ${dL('z', 3)} \\, \\left(a^{(2)}\\right)^{\\top}`],
    ['backward', 'bias-gradient', 3, 'backward: ∂L/∂b⁽³⁾ = ∂L/∂z⁽³⁾', 'the bias gradient of layer 3', ['dLdz3'], 'dLdb3', `${dL('b', 3)} = ${dL('z', 3)}`],
    ['backward', 'input-gradient', 2, 'backward: ∂L/∂a⁽²⁾ = W⁽³⁾ᵀ · ∂L/∂z⁽³⁾', 'the gradient passed down to layer 2', ['W3', 'dLdz3'], 'dLda2', `${dL('a', 2)} = \\left(W^{(3)}\\right)^{\\top} ${dL('z', 3)}`],
    ['backward', 'activation-gradient', 2, 'backward: ∂L/∂z⁽²⁾ = ∂L/∂a⁽²⁾ ⊙ tanh′(z⁽²⁾)', 'back through the activation of layer 2', ['dLda2', 'z2'], 'dLdz2', `${dL('z', 2)} = ${dL('a', 2)} \\odot \\tanh'\\left(z^{(2)}\\right)`],
    ['backward', 'weight-gradient', 2, 'backward: ∂L/∂W⁽²⁾ = ∂L/∂z⁽²⁾ · a⁽¹⁾ᵀ', 'the weight gradient of layer 2', ['dLdz2', 'a1'], 'dLdW2', `${dL('W', 2)} = ${dL('z', 2)} \\, \\left(a^{(1)}\\right)^{\\top}`],
    ['backward', 'bias-gradient', 2, 'backward: ∂L/∂b⁽²⁾ = ∂L/∂z⁽²⁾', 'the bias gradient of layer 2', ['dLdz2'], 'dLdb2', `${dL('b', 2)} = ${dL('z', 2)}`],
    ['backward', 'input-gradient', 1, 'backward: ∂L/∂a⁽¹⁾ = W⁽²⁾ᵀ · ∂L/∂z⁽²⁾', 'the gradient passed down to layer 1', ['W2', 'dLdz2'], 'dLda1', `${dL('a', 1)} = \\left(W^{(2)}\\right)^{\\top} ${dL('z', 2)}`],
    ['backward', 'activation-gradient', 1, 'backward: ∂L/∂z⁽¹⁾ = ∂L/∂a⁽¹⁾ ⊙ tanh′(z⁽¹⁾)', 'back through the activation of layer 1', ['dLda1', 'z1'], 'dLdz1', `${dL('z', 1)} = ${dL('a', 1)} \\odot \\tanh'\\left(z^{(1)}\\right)`],
    ['backward', 'weight-gradient', 1, 'backward: ∂L/∂W⁽¹⁾ = ∂L/∂z⁽¹⁾ · xᵀ', 'the weight gradient of layer 1', ['dLdz1', 'x'], 'dLdW1', `${dL('W', 1)} = ${dL('z', 1)} \\, x^{\\top}`],
    ['backward', 'bias-gradient', 1, 'backward: ∂L/∂b⁽¹⁾ = ∂L/∂z⁽¹⁾', 'the bias gradient of layer 1', ['dLdz1'], 'dLdb1', `${dL('b', 1)} = ${dL('z', 1)}`],
    ['update', 'update', 1, 'update: W⁽ˡ⁾ ← W⁽ˡ⁾ − η · ∂L/∂W⁽ˡ⁾, b⁽ˡ⁾ ← b⁽ˡ⁾ − η · ∂L/∂b⁽ˡ⁾', 'one step of gradient descent on every weight and bias', ['W1', 'dLdW1', 'eta'], 'Wnew1',
      '\\begin{aligned} W^{(l)} &\\leftarrow W^{(l)} - \\eta \\frac{\\partial L}{\\partial W^{(l)}}, \\\\ b^{(l)} &\\leftarrow b^{(l)} - \\eta \\frac{\\partial L}{\\partial b^{(l)}} \\quad (l = 1, \\ldots, 3) \\end{aligned}'],
  ];
  const ref = (r: { name: string; layer?: number }) => `${r.name}${r.layer ?? ''}`;

  it('has the 19 steps in pass order', () => {
    const steps = build();
    expect(steps.map((s) => s.index)).toEqual(expected.map((_, k) => k));
    expect(steps.map((s) => `${s.kind}:${s.layer}`)).toEqual(expected.map(([, kind, layer]) => `${kind}:${layer}`));
  });

  it.each(expected.map((row, k) => [k, ...row] as const))('step %i: %s %s (layer %s)', (k, phase, kind, layer, title, summary, inputs, output, equation) => {
    const step = build()[k];
    expect({ phase: step.phase, kind: step.kind, layer: step.layer, title: step.title, summary: step.summary }).toEqual({ phase, kind, layer, title, summary });
    expect(step.inputs.map(ref)).toEqual(inputs);
    expect(ref(step.output)).toBe(output);
    expect(step.equation).toBe(equation);
  });

  it('the σ and ReLU networks name their activation in titles and equations', () => {
    const sigmoid = buildSteps({ sizes: [784, 4, 10], activation: 'sigmoid' });
    expect(sigmoid[1].title).toBe('forward: a⁽¹⁾ = σ(z⁽¹⁾)');
    expect(sigmoid[1].equation).toBe('a^{(1)} = \\sigma\\left(z^{(1)}\\right)');
    expect(sigmoid.find((s) => s.kind === 'activation-gradient')!.title).toBe('backward: ∂L/∂z⁽¹⁾ = ∂L/∂a⁽¹⁾ ⊙ σ′(z⁽¹⁾)');
    const relu = buildSteps({ sizes: [784, 4, 10], activation: 'relu' });
    expect(relu.find((s) => s.kind === 'activation-gradient')!.equation).toBe(`${dL('z', 1)} = ${dL('a', 1)} \\odot \\operatorname{ReLU}'\\left(z^{(1)}\\right)`);
    expect(relu.at(-1)!.equation).toContain('(l = 1, \\ldots, 2)');
  });

  it('a network without hidden layers goes straight from z⁽¹⁾ to softmax and back to the update', () => {
    const flat = buildSteps({ sizes: [784, 10], activation: 'relu' });
    expect(flat.map(stepAddress)).toEqual(['linear:1', 'softmax:1', 'loss', 'output-error:1', 'weight-gradient:1', 'bias-gradient:1', 'update']);
    expect(flat[0].summary).toBe('the logits: one score per digit');
  });
});

describe('step addresses', () => {
  const build = () => buildSteps({ sizes: [784, 8, 6, 10], activation: 'relu' });
  it('a step is addressed by kind and layer; the loss and the update by kind alone', () => {
    expect(build().map(stepAddress)).toEqual([
      'linear:1', 'activation:1', 'linear:2', 'activation:2', 'linear:3', 'softmax:3', 'loss', 'output-error:3',
      'weight-gradient:3', 'bias-gradient:3', 'input-gradient:2', 'activation-gradient:2',
      'weight-gradient:2', 'bias-gradient:2', 'input-gradient:1', 'activation-gradient:1', 'weight-gradient:1', 'bias-gradient:1', 'update',
    ]);
  });

  it.each([
    ['linear', 'first', 0],
    ['linear', 'last', 4],
    ['linear:2', 'first', 2],
    ['linear:2', 'last', 2],
    ['activation:2', 'first', 3],
    ['weight-gradient', 'first', 8],
    ['weight-gradient', 'last', 16],
    ['weight-gradient:1', 'first', 16],
    ['forward', 'first', 0],
    ['forward', 'last', 6],
    ['backward', 'first', 7],
    ['backward', 'last', 17],
    ['update', 'first', 18],
    ['update:2', 'first', 18], // the update changes every layer
    ['loss', 'last', 6],
    ['forward:1', 'first', -1], // a phase takes no layer
    ['linear:4', 'first', -1],
    ['linear:4', 'last', -1],
    ['softmax:1', 'first', -1],
    ['momentum', 'last', -1],
  ] as const)('%s (%s) is step %i', (address, which, index) => {
    expect(findStep(build(), address, which)).toBe(index);
  });

  it('findStep looks for the first match unless told otherwise', () => {
    expect(findStep(build(), 'bias-gradient')).toBe(9);
  });

  it.each([
    [{ kind: 'linear', layer: 2, phase: 'forward' }, 'linear', true],
    [{ kind: 'linear', layer: 2, phase: 'forward' }, 'linear:2', true],
    [{ kind: 'linear', layer: 2, phase: 'forward' }, 'linear:1', false],
    [{ kind: 'linear', layer: 2, phase: 'forward' }, 'forward', true],
    [{ kind: 'linear', layer: 2, phase: 'forward' }, 'forward:2', false],
    [{ kind: 'linear', layer: 2, phase: 'forward' }, 'backward', false],
    [{ kind: 'loss', layer: null, phase: 'forward' }, 'loss', true],
    [{ kind: 'loss', layer: null, phase: 'forward' }, 'loss:1', false],
    [{ kind: 'update', layer: 1, phase: 'update' }, 'update:3', true],
    [{ kind: 'update', layer: 1, phase: 'update' }, 'linear:1', false],
  ] as const)('%o matches "%s": %s', (step, address, matches) => {
    expect(stepMatches(step as Pick<Step, 'kind' | 'layer' | 'phase'>, address)).toBe(matches);
  });
});

describe('the notation table', () => {
  it.each([
    // name, plain, code, TeX for layer 2, symbol for layer 2, shape, layered
    ['x', 'input pixels', 'x', 'x', 'x', '[784]', false],
    ['W', 'weights', 'W', 'W^{(2)}', 'W⁽²⁾', '[n⁽ˡ⁾, n⁽ˡ⁻¹⁾]', true],
    ['b', 'biases', 'b', 'b^{(2)}', 'b⁽²⁾', '[n⁽ˡ⁾]', true],
    ['z', 'weighted sums (pre-activations)', 'z', 'z^{(2)}', 'z⁽²⁾', '[n⁽ˡ⁾]', true],
    ['a', 'activations', 'a', 'a^{(2)}', 'a⁽²⁾', '[n⁽ˡ⁾]', true],
    ['p', 'probabilities', 'p', 'p', 'p', '[10]', false],
    ['y', 'true class (label)', 'y', 'y', 'y', 'one class 0–9', false],
    ['L', 'loss', 'L', 'L', 'L', 'one number', false],
    ['dLdz', 'gradient of the loss w.r.t. the weighted sums', 'dLdz', dL('z', 2), '∂L/∂z⁽²⁾', '[n⁽ˡ⁾]', true],
    ['dLda', 'gradient of the loss w.r.t. the activations', 'dLda', dL('a', 2), '∂L/∂a⁽²⁾', '[n⁽ˡ⁾]', true],
    ['dLdW', 'weight gradient', 'dLdW', dL('W', 2), '∂L/∂W⁽²⁾', '[n⁽ˡ⁾, n⁽ˡ⁻¹⁾]', true],
    ['dLdb', 'bias gradient', 'dLdb', dL('b', 2), '∂L/∂b⁽²⁾', '[n⁽ˡ⁾]', true],
    ['eta', 'learning rate', 'eta', '\\eta', 'η', 'one number', false],
    ['Wnew', 'weights after the step', 'W (updated)', 'W^{(2)}_{\\text{new}}', 'W⁽²⁾ (new)', '[n⁽ˡ⁾, n⁽ˡ⁻¹⁾]', true],
    ['bnew', 'biases after the step', 'b (updated)', 'b^{(2)}_{\\text{new}}', 'b⁽²⁾ (new)', '[n⁽ˡ⁾]', true],
  ] as const)('%s: %s', (name, plain, code, tex, symbol, shape, layered) => {
    const row = notation(name);
    expect(row.name).toBe(name);
    expect({ plain: row.plain, code: row.code, tex: row.tex('2'), symbol: row.symbol('2'), shape: row.shape, layered: row.layered }).toEqual({ plain, code, tex, symbol, shape, layered });
  });

  it('lists the quantities in the order a learner meets them', () => {
    expect(NOTATION.map((n) => n.name)).toEqual(['x', 'W', 'b', 'z', 'a', 'p', 'y', 'L', 'dLdz', 'dLda', 'dLdW', 'dLdb', 'eta', 'Wnew', 'bnew']);
  });

  it.each([
    [{ name: 'W', layer: 2 }, 'W^{(2)}', 'W⁽²⁾', 'W⁽²⁾, weights of layer 2'],
    [{ name: 'W' }, 'W^{(l)}', 'W⁽ˡ⁾', 'W⁽ˡ⁾, weights'],
    [{ name: 'dLdW', layer: 3 }, dL('W', 3), '∂L/∂W⁽³⁾', '∂L/∂W⁽³⁾, weight gradient of layer 3'],
    [{ name: 'p' }, 'p', 'p', 'p, probabilities'],
    [{ name: 'p', layer: 2 }, 'p', 'p', 'p, probabilities'], // not a layer's quantity: no "of layer"
    [{ name: 'eta' }, '\\eta', 'η', 'η, learning rate'],
  ] as const)('%o is %s / %s / "%s"', (ref, tex, symbol, label) => {
    expect(quantityTex(ref)).toBe(tex);
    expect(quantitySymbol(ref)).toBe(symbol);
    expect(quantityLabel(ref)).toBe(label);
  });

  it('superscripts and subscripts in plain text and TeX', () => {
    expect(sup(2)).toBe('⁽²⁾');
    expect(sup('l-1')).toBe('⁽ˡ⁻¹⁾');
    expect(sup('l−1')).toBe('⁽ˡ⁻¹⁾');
    expect(sup('L+1')).toBe('⁽ᴸ⁺¹⁾');
    expect(sup(1234567890)).toBe('⁽¹²³⁴⁵⁶⁷⁸⁹⁰⁾');
    expect(sup('q')).toBe('⁽q⁾');
    expect(sub('4,7')).toBe('₄,₇');
    expect(sub(1234567890)).toBe('₁₂₃₄₅₆₇₈₉₀');
    expect(sub('yijko')).toBe('ᵧᵢⱼₖₒ');
    expect(sub('q')).toBe('q');
    expect(texSup(3)).toBe('^{(3)}');
  });

  it('the input of layer 1 is x, of layer l > 1 the activations a⁽ˡ⁻¹⁾', () => {
    expect([inputTex(1), inputTex(3)]).toEqual(['x', 'a^{(2)}']);
    expect([inputSymbol(1), inputSymbol(3)]).toEqual(['x', 'a⁽²⁾']);
    expect([inputRef(1), inputRef(3)]).toEqual([{ name: 'x' }, { name: 'a', layer: 2 }]);
  });
});

describe('numbers as the learner reads them', () => {
  it.each([
    [0, '0'],
    [1.23456, '1.235'],
    [-0.5, '-0.5'],
    [0.001, '0.001'], // the smallest plain number
    [9.99e-4, '9.990 \\times 10^{-4}'],
    [-2e-5, '-2.000 \\times 10^{-5}'],
    [99_990, '99990'],
    [1e5, '1.000 \\times 10^{5}'], // the smallest in powers of ten
    [12345.678, '12350'],
    [Number.NaN, '\\text{NaN}'],
    [Number.POSITIVE_INFINITY, '\\infty'],
    [Number.NEGATIVE_INFINITY, '-\\infty'],
  ])('texNumber(%s) = %s', (value, tex) => {
    expect(texNumber(value)).toBe(tex);
  });

  it.each([
    [0, '0'],
    [-0.5, '−0.5'],
    [0.0012345, '0.001234'],
    [0.001, '0.001'],
    [1e-4, '1e−4'],
    [1.66e-4, '1.66e−4'],
    [99_990, '99990'],
    [1e5, '1e+5'],
    [-123456, '−1.235e+5'],
    [Number.POSITIVE_INFINITY, '∞'],
    [Number.NaN, 'NaN'],
  ])('prose(%s) = %s', (value, text) => {
    expect(prose(value)).toBe(text);
  });
});

/** A [4, 3, 2] pass with chosen numbers (float64): x = (1, 0, 0.5, 0), label 1. */
function smallPass(): Pass {
  const net = createNetwork({ sizes: [4, 3, 2], activation: 'relu', seed: 2 }, { precision: 'float64' });
  // z⁽¹⁾ = (1 − 0.5, −1 + 1, 2 + 0.25) + b = (0.5, 0, 2.25) + (0, 0, −2) = (0.5, 0, 0.25): unit 0 is the most active.
  net.layers[0].W.set([1, 5, -1, 5, -1, 5, 2, 5, 2, 5, 0.5, 5]);
  net.layers[0].b.set([0, 0, -2]);
  net.layers[1].W.set([1, 0, -4, -1, 2, 4]);
  net.layers[1].b.set([0, 0]);
  return createPass(net, [1, 0, 0.5, 0], 1, 0.1);
}

describe('what a step shows first and which arrays it reads', () => {
  let pass = smallPass();
  let steps = buildSteps(pass.net);
  beforeEach(() => {
    pass = smallPass();
    steps = buildSteps(pass.net);
  });
  const step = (address: string) => steps[findStep(steps, address)];
  const argmaxAbs = (values: ArrayLike<number>) => Array.from(values).reduce((b, v, k, all) => (Math.abs(v) > Math.abs(all[b]) ? k : b), 0);

  it('the first explained entry: the true class at the output, the most active unit of a hidden layer forward and backward, its row’s largest gradient in a matrix', () => {
    const g = pass.gradients.layers;
    expect(Array.from(pass.trace.layers[0].z)).toEqual([0.5, 0, 0.25]);
    expect(defaultElement(pass, step('linear:1'))).toBe(0);
    expect(defaultElement(pass, step('activation:1'))).toBe(0);
    expect(defaultElement(pass, step('linear:2'))).toBe(1);
    expect(defaultElement(pass, step('softmax'))).toBe(1);
    expect(defaultElement(pass, step('loss'))).toBe(0);
    expect(defaultElement(pass, step('output-error'))).toBe(1);
    // ∂L/∂W⁽²⁾ row 1 (the true class) = (p₁ − 1)·a⁽¹⁾ = (p₁ − 1)·(0.5, 0, 0.25): column 0, flat index 1·3 + 0.
    expect(defaultElement(pass, step('weight-gradient:2'))).toBe(3);
    // Backward, layer 1 keeps unit 0, the unit the forward steps explained (z = 0.5, the largest),
    // although ∂L/∂a⁽¹⁾ = (2p₀, −2p₀, −8p₀) is largest at unit 2 (review B3: the unit switched silently).
    expect(argmaxAbs(g[0].dLda!)).toBe(2);
    expect(defaultElement(pass, step('input-gradient:1'))).toBe(0);
    expect(defaultElement(pass, step('activation-gradient:1'))).toBe(0);
    expect(defaultElement(pass, step('bias-gradient:1'))).toBe(0);
    // ∂L/∂W⁽¹⁾ row 0 = ∂L/∂z⁽¹⁾₀ · x = 2p₀ · (1, 0, 0.5, 0): column 0; the update opens on the same weight.
    expect(g[0].dLdz[0]).not.toBe(0);
    expect(defaultElement(pass, step('weight-gradient:1'))).toBe(0);
    expect(defaultElement(pass, step('update'))).toBe(0);
  });

  it('the most active unit is found past the first entries (ties keep the first)', () => {
    const net = createNetwork({ sizes: [2, 4, 2], activation: 'relu', seed: 2 }, { precision: 'float64' });
    net.layers[0].W.set([0, 0, 1, 0, 3, 0, 3, 0]);
    net.layers[0].b.set([0, 0, 0, 0]);
    const p = createPass(net, [1, 1], 0, 0.1);
    const s = buildSteps(net);
    expect(defaultElement(p, s[0])).toBe(2);
    expect(defaultElement(p, s[1])).toBe(2);
  });

  it('quantityValues hands out the pass’s own arrays, with their shapes', () => {
    const { trace, gradients, updated, net } = pass;
    const same: [Parameters<typeof quantityValues>[1], ArrayLike<number>, number[]][] = [
      [{ name: 'x' }, trace.input, [4]],
      [{ name: 'p' }, trace.probabilities, [2]],
      [{ name: 'z', layer: 1 }, trace.layers[0].z, [3]],
      [{ name: 'a', layer: 1 }, trace.layers[0].a, [3]],
      [{ name: 'z', layer: 2 }, trace.layers[1].z, [2]],
      [{ name: 'b', layer: 2 }, net.layers[1].b, [2]],
      [{ name: 'dLdz', layer: 1 }, gradients.layers[0].dLdz, [3]],
      [{ name: 'dLda', layer: 1 }, gradients.layers[0].dLda!, [3]],
      [{ name: 'dLdb', layer: 2 }, gradients.layers[1].dLdb, [2]],
      [{ name: 'bnew', layer: 1 }, updated.layers[0].b, [3]],
      [{ name: 'W', layer: 2 }, net.layers[1].W, [2, 3]],
      [{ name: 'dLdW', layer: 1 }, gradients.layers[0].dLdW, [3, 4]],
      [{ name: 'Wnew', layer: 2 }, updated.layers[1].W, [2, 3]],
    ];
    for (const [ref, values, shape] of same) {
      const q = quantityValues(pass, ref)!;
      expect(q.values, JSON.stringify(ref)).toBe(values);
      expect(q.shape, JSON.stringify(ref)).toEqual(shape);
    }
    expect(quantityValues(pass, { name: 'y' })).toEqual({ values: [0, 1], shape: [2] });
    expect(quantityValues(pass, { name: 'L' })).toEqual({ values: [trace.loss], shape: [1] });
    expect(quantityValues(pass, { name: 'eta' })).toEqual({ values: [0.1], shape: [1] });
  });

  it('quantityValues has nothing for a layer the network lacks, nor for dL/da of the output layer', () => {
    for (const name of ['z', 'a', 'b', 'dLdz', 'dLda', 'dLdb', 'bnew', 'W', 'dLdW', 'Wnew'] as const) {
      expect(quantityValues(pass, { name, layer: 3 }), name).toBeUndefined();
    }
    expect(quantityValues(pass, { name: 'dLda', layer: 2 })).toBeUndefined();
  });
});
