/**
 * Cases a first mutation run of src/explain showed untested: long lists split over two lines, a
 * sum whose products are all zero, the cache telling layers apart, the entry each step opens on
 * when "most active" and "largest" differ, and zero counts that are not 1. Expectations by hand.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass, type Activation } from '../../src/nn/index.ts';
import { buildSteps, defaultElement, findStep, narrate, numberedEquation, prose, substitutedEquation } from '../../src/explain/index.ts';

/** A float64 network with the given weights and biases per layer. */
function net(sizes: number[], activation: Activation, params: [number[], number[]][]) {
  const n = createNetwork({ sizes, activation, seed: 1 }, { precision: 'float64' });
  params.forEach(([W, b], l) => {
    n.layers[l].W.set(W);
    n.layers[l].b.set(b);
  });
  return n;
}

describe('softmax lists', () => {
  it('seven logits are shown on two lines, four then three', () => {
    // No hidden layer, W = 0, so z = b = (0, 1, …, 6); e^{z − 6} = e⁻⁶ … e⁰.
    const n = net([1, 7], 'relu', [[[0, 0, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6]]]);
    const pass = createPass(n, [1], 6, 0.1);
    const tex = substitutedEquation(pass, buildSteps(n)[1], { row: 6, col: null });
    expect(tex).toContain('z^{(1)} &= \\left(\\begin{array}{l}0,\\ 1,\\ 2,\\ 3,\\\\ 4,\\ 5,\\ 6\\end{array}\\right) \\\\ m &= \\max_k z^{(1)}_k = 6');
    expect(tex).toContain('e^{z^{(1)}_k - m} &= \\left(\\begin{array}{l}0.002479,\\ 0.006738,\\ 0.01832,\\ 0.04979,\\\\ 0.1353,\\ 0.3679,\\ 1\\end{array}\\right)');
  });

  it('five logits fit on one line', () => {
    const n = net([1, 5], 'relu', [[[0, 0, 0, 0, 0], [0, 1, 2, 3, 4]]]);
    const pass = createPass(n, [1], 0, 0.1);
    expect(substitutedEquation(pass, buildSteps(n)[1], { row: 0, col: null })).toContain('z^{(1)} &= (0,\\ 1,\\ 2,\\ 3,\\ 4) \\\\');
  });
});

describe('equations: edge cases', () => {
  it('a sum whose products are all zero shows 0, then the bias', () => {
    const n = net([2, 2], 'relu', [[[1, 2, 3, 4], [0.5, -1]]]);
    const pass = createPass(n, [0, 0], 0, 0.1);
    expect(substitutedEquation(pass, buildSteps(n)[0], { row: 1, col: null })).toBe(
      '\\begin{aligned} z^{(1)}_{1} &= \\sum_i W^{(1)}_{1,i}\\, x_i + b^{(1)}_{1} \\\\ &= 0 \\\\ &\\quad  + \\underbrace{(-1)}_{b^{(1)}_{1}} \\\\ &= -1 \\end{aligned}',
    );
  });

  it('the same entry of the update in two layers gives two equations, whichever is asked first', () => {
    const n = net([2, 2, 2], 'relu', [[[1, 0, 0, 1], [0, 0]], [[1, 2, 3, 4], [0, 0]]]);
    const pass = createPass(n, [1, 1], 0, 0.1);
    const update = buildSteps(n).at(-1)!;
    const first = numberedEquation(pass, update, { row: 1, col: 0 });
    const second = numberedEquation(pass, update, { row: 1, col: 0, layer: 2 });
    expect(first.numbers.W).toBe(0);
    expect(second.numbers.W).toBe(3);
    // Both layers named explicitly, in the other order.
    expect(numberedEquation(pass, update, { row: 1, col: 1, layer: 2 }).numbers.W).toBe(4);
    expect(numberedEquation(pass, update, { row: 1, col: 1, layer: 1 }).numbers.W).toBe(1);
  });

  it('every equation carries its lists and numbers, empty when it has none', () => {
    const n = net([2, 2, 2], 'relu', [[[1, 0, 0, 1], [0, 0]], [[1, 2, 3, 4], [0, 0]]]);
    const pass = createPass(n, [1, 0.5], 1, 0.1);
    const steps = buildSteps(n);
    for (const step of steps) {
      const eq = numberedEquation(pass, step, { row: 1, col: 1 });
      expect(eq.lists, step.kind).toEqual(step.kind === 'softmax' ? { logits: expect.any(Array), exps: expect.any(Array) } : {});
      expect(typeof eq.numbers, step.kind).toBe('object');
    }
    // a⁽¹⁾ = (1, 0.5); ∂L/∂z⁽²⁾ = (p₀, p₁ − 1); ∂L/∂a⁽¹⁾₁ = 2 p₀ + 4 (p₁ − 1) = −2 p₀; ReLU′ = 1.
    const slope = numberedEquation(pass, steps[findStep(steps, 'activation-gradient')], { row: 1, col: null });
    expect(slope.terms).toEqual([[pass.gradients.layers[0].dLda![1], 1]]);
    expect(slope.terms[0][0]).toBeCloseTo(-2 * pass.trace.probabilities[0], 12);
    const update = numberedEquation(pass, steps.at(-1)!, { row: 1, col: 1 });
    expect(update.terms).toEqual([[1], [-0.1, pass.gradients.layers[0].dLdW[3]]]);
  });
});

describe('narration: edge cases', () => {
  it('prose writes an infinite value as the widgets do, with a real minus', () => {
    expect(prose(Number.NEGATIVE_INFINITY)).toBe('−∞');
  });

  it('names the largest product, not the first large weight', () => {
    // x = (0.5, 1), W⁽¹⁾ = (4, 3): products 2 and 3, so the largest term is W₀,₁ · x₁.
    const n = net([2, 1, 2], 'relu', [[[4, 3], [0]], [[1, -1], [0, 0]]]);
    const pass = createPass(n, [0.5, 1], 0, 0.1);
    expect(narrate(pass, buildSteps(n)[0], { row: 0, col: null })).toMatch(/the largest term is W⁽¹⁾₀,₁ · x₁ = 3 · 1\.$/);
  });

  it('counts the inactive units: 1 of 3, on the way forward and back', () => {
    // z⁽¹⁾ = (0.5, −1, 0.25): a⁽¹⁾ = (0.5, 0, 0.25).
    const n = net([1, 3, 2], 'relu', [[[0.5, -1, 0.25], [0, 0, 0]], [[1, 1, 1, -1, -1, -1], [0, 0]]]);
    const pass = createPass(n, [1], 0, 0.1);
    const steps = buildSteps(n);
    expect(narrate(pass, steps[1], { row: 0, col: null })).toContain('On this digit 1 of the 3 units are 0 (inactive)');
    expect(narrate(pass, steps[findStep(steps, 'activation-gradient')], { row: 0, col: null })).toContain('so 1 of the 3 units stop the gradient here.');
  });

  it('a zero slope is written 0, not (0)', () => {
    // z⁽¹⁾₁ = −1, so ReLU′ = 0. z⁽²⁾ = (0.75, −0.75), y = 0: ∂L/∂z⁽²⁾ = (−p₁, p₁), so
    // ∂L/∂a⁽¹⁾₁ = 1 · (−p₁) + (−1) · p₁ = −2 p₁ < 0, written in parentheses; the zero slope is not.
    const n = net([1, 3, 2], 'relu', [[[0.5, -1, 0.25], [0, 0, 0]], [[1, 1, 1, -1, -1, -1], [0, 0]]]);
    const pass = createPass(n, [1], 0, 0.1);
    const steps = buildSteps(n);
    const dLda = pass.gradients.layers[0].dLda![1];
    expect(dLda).toBeLessThan(0);
    expect(narrate(pass, steps[findStep(steps, 'activation-gradient')], { row: 1, col: null })).toContain(`· ReLU′ = (${prose(dLda)}) · 0 = 0.`);
  });

  it('the update explains the column asked for', () => {
    // The hand pass of hand-pass.test.ts: ∂L/∂W⁽¹⁾₀,₂ = −1.0758 · 0.5 = −0.5379; ΔW = 0.2689; W = −2 → −1.731.
    const n = net([5, 2, 2], 'relu', [[[1.5, 2, -2, 3, 0.5, 0.5, -1, 4, 0, -2], [-1.25, -1]], [[2, 1, -2, 3], [0, 1]]]);
    const pass = createPass(n, [1, 0, 0.5, 0.25, 1], 0, 0.5);
    expect(narrate(pass, buildSteps(n).at(-1)!, { row: 0, col: 2 })).toContain('W⁽¹⁾₀,₂ changes by −η · (−0.5379) = 0.2689, from −2 to −1.731.');
  });
});

describe('the entry a step opens on', () => {
  it('when every unit is off, the most active sum is still the largest z', () => {
    // z⁽¹⁾ = (−1, −0.5, −3): the linear step opens on unit 1; a⁽¹⁾ = (0, 0, 0), the activation on unit 0.
    const n = net([1, 3, 2], 'relu', [[[-1, -0.5, -3], [0, 0, 0]], [[1, 1, 1, 1, 1, 1], [0, 0]]]);
    const pass = createPass(n, [1], 0, 0.1);
    const steps = buildSteps(n);
    expect(defaultElement(pass, steps[0])).toBe(1);
    expect(defaultElement(pass, steps[1])).toBe(0);
  });

  it('tanh: the most active unit, not the one of largest size', () => {
    // z⁽¹⁾ = (0.5, −2, 0.1): a⁽¹⁾ = (0.46, −0.96, 0.10); the most active is unit 0.
    const n = net([1, 3, 2], 'tanh', [[[0.5, -2, 0.1], [0, 0, 0]], [[1, 1, 1, 1, 1, 1], [0, 0]]]);
    const pass = createPass(n, [1], 0, 0.1);
    expect(defaultElement(pass, buildSteps(n)[1])).toBe(0);
  });

  it('a hidden layer’s ∂L/∂z opens on the unit the forward steps followed, not its largest entry nor the true class', () => {
    // z⁽¹⁾ = (0.5, −1, 0.25), y = 1, W⁽²⁾ rows (1, 1, 1) and (−1, −1, 4): ∂L/∂z⁽²⁾ = (p₀, −p₀),
    // ∂L/∂a⁽¹⁾ = (2p₀, 2p₀, −3p₀), ReLU′ = (1, 0, 1): ∂L/∂z⁽¹⁾ = (2p₀, 0, −3p₀), largest at unit 2 (label 1 would be wrong).
    const n = net([1, 3, 2], 'relu', [[[0.5, -1, 0.25], [0, 0, 0]], [[1, 1, 1, -1, -1, 4], [0, 0]]]);
    const pass = createPass(n, [1], 1, 0.1);
    const steps = buildSteps(n);
    const dLdz = Array.from(pass.gradients.layers[0].dLdz);
    expect(dLdz[1]).toBe(0);
    expect(Math.abs(dLdz[2])).toBeGreaterThan(Math.abs(dLdz[0]));
    // z⁽¹⁾ = (0.5, −1, 0.25): the most active unit is 0, which the forward steps explained.
    expect(defaultElement(pass, steps[findStep(steps, 'linear:1')])).toBe(0);
    expect(defaultElement(pass, steps[findStep(steps, 'activation-gradient')])).toBe(0);
  });

  it('at the output it opens on the true class even when the network guesses another', () => {
    // z⁽²⁾ = (0.75, −0.75): the guess is 0, the true class 1.
    const n = net([1, 3, 2], 'relu', [[[0.5, -1, 0.25], [0, 0, 0]], [[1, 1, 1, -1, -1, -1], [0, 0]]]);
    const pass = createPass(n, [1], 1, 0.1);
    const steps = buildSteps(n);
    expect(defaultElement(pass, steps[findStep(steps, 'linear:2')])).toBe(1);
    expect(defaultElement(pass, steps[findStep(steps, 'softmax')])).toBe(1);
  });

  it('a second hidden layer opens on its own most active unit', () => {
    // a⁽¹⁾ = (1, 1); z⁽²⁾ = (1, 3, 2): unit 1 of layer 2, though layer 1's first unit ties for its largest.
    const n = net([1, 2, 3, 2], 'relu', [[[1, 1], [0, 0]], [[1, 0, 0, 3, 1, 1], [0, 0, 0]], [[1, 1, 1, 1, 1, 1], [0, 0]]]);
    const pass = createPass(n, [1], 0, 0.1);
    const steps = buildSteps(n);
    expect(defaultElement(pass, steps[findStep(steps, 'linear:2')])).toBe(1);
    expect(defaultElement(pass, steps[findStep(steps, 'activation:2')])).toBe(1);
  });

  it('the last step matching an address that only the first step matches', () => {
    expect(findStep(buildSteps({ sizes: [784, 8, 10], activation: 'relu' }), 'linear:1', 'last')).toBe(0);
  });
});
