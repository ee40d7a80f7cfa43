/** The chain-rule widget's numbers: backprop's slope against a finite difference, and the chain's two factors. */
import { describe, expect, it } from 'vitest';
import { lessonPass } from '../../src/state/prerender.ts';
import { chainRuleModel, chainRulePoint, checkChoice, defaultWeight } from '../../src/state/chain-rule.ts';

const pass = lessonPass({ hidden: [16], seed: 1, digit: 0, learningRate: 0.1 });

describe('chain rule view data', () => {
  it.each([
    ['the output layer, into the true digit', defaultWeight(pass, 2)],
    ['the first layer, from an inked pixel', defaultWeight(pass, 1)],
    ['an output weight into a wrong digit', { layer: 2, row: 3, col: 8 }],
  ])('%s: backprop slope equals the finite difference to 1e-4 at w₀ and far from it', (_, choice) => {
    const model = chainRuleModel(pass, choice);
    for (const w of [model.w0, model.min + 0.3 * (model.max - model.min), model.max - 0.1]) {
      const point = chainRulePoint(model, w);
      expect(point.relativeDifference).toBeLessThan(1e-4);
      // The chain: dL/dw = ∂L/∂z · ∂z/∂w.
      expect(point.dLdz * point.dzdw).toBeCloseTo(point.slope, 12);
    }
  });

  it('at w₀ the numbers are the session pass’s own (loss, ∂L/∂z, the input, dL/dW)', () => {
    const choice = defaultWeight(pass, 2);
    expect(choice).toEqual({ layer: 2, row: pass.trace.label, col: expect.any(Number) });
    const model = chainRuleModel(pass, choice);
    const point = chainRulePoint(model, model.w0);
    expect(point.loss).toBeCloseTo(pass.trace.loss, 5);
    expect(point.dLdz).toBeCloseTo(pass.gradients.layers[1].dLdz[choice.row], 5);
    expect(point.dzdw).toBeCloseTo(pass.trace.layers[0].a[choice.col], 6);
    expect(point.slope).toBeCloseTo(pass.gradients.layers[1].dLdW[choice.row * 16 + choice.col], 5);
    expect(point.dzdw).toBeGreaterThan(0);
  });

  it('the curve is L(w) itself: its point at w₀ is the loss, and moving w along the slope lowers it', () => {
    const model = chainRuleModel(pass, defaultWeight(pass, 2));
    expect(model.curve).toHaveLength(121);
    const middle = model.curve[60];
    expect(middle.w).toBeCloseTo(model.w0, 12);
    expect(middle.loss).toBeCloseTo(pass.trace.loss, 5);
    const p = chainRulePoint(model, model.w0);
    expect(chainRulePoint(model, model.w0 - 0.01 * Math.sign(p.slope)).loss).toBeLessThan(p.loss);
    // Moving w does not leak into the model: the weight is put back.
    expect(chainRulePoint(model, model.w0).loss).toBe(p.loss);
  });

  it('refuses weights that do not exist, naming the range', () => {
    expect(() => checkChoice(pass, { layer: 3, row: 0, col: 0 })).toThrow(/choose a layer from 1 to 2/);
    expect(() => checkChoice(pass, { layer: 2, row: 10, col: 0 })).toThrow(/choose 0 to 9/);
    expect(() => checkChoice(pass, { layer: 1, row: 0, col: 784 })).toThrow(/choose 0 to 783/);
    const model = chainRuleModel(pass, defaultWeight(pass, 2));
    expect(() => chainRulePoint(model, Number.NaN)).toThrow(/finite/);
  });
});
