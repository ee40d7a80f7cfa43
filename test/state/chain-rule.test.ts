/** The chain-rule widget's numbers: backprop's slope against a finite difference, and the chain's two factors. */
import { describe, expect, it } from 'vitest';
import { cloneNetwork, createNetwork, createPass, forward } from '../../src/nn/index.ts';
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
    expect(() => checkChoice(pass, { layer: 2, row: 10, col: 0 })).toThrow('output 10 does not exist: choose a digit from 0 to 9');
    expect(() => checkChoice(pass, { layer: 1, row: 0, col: 784 })).toThrow(/choose 0 to 783/);
    const model = chainRuleModel(pass, defaultWeight(pass, 2));
    expect(() => chainRulePoint(model, Number.NaN)).toThrow(/finite/);
  });
});

/** A [3, 2, 2] ReLU network with hand-set weights; input [1, 0.5, 0], true class 1. */
function smallPass() {
  const net = createNetwork({ sizes: [3, 2, 2], activation: 'relu', seed: 1 });
  // z⁽¹⁾ = [0.1 − 0.45 + 0, 0.5 + 0.1 + 0] = [−0.35, 0.6]; a⁽¹⁾ = [0, 0.6].
  net.layers[0].W.set([0.1, -0.9, 0.3, 0.5, 0.2, -0.5]);
  net.layers[1].W.set([0.4, -0.1, 0.2, 3]);
  return createPass(net, [1, 0.5, 0], 1, 0.1);
}

describe('chain rule on a network small enough to check by hand', () => {
  it('the default weight: into the true class (or the unit with the largest |∂L/∂z|) from the most active input; the layer is clamped', () => {
    const small = smallPass();
    // a⁽¹⁾ = [0, 0.6]: input 1 is the most active.
    expect(defaultWeight(small)).toEqual({ layer: 2, row: 1, col: 1 });
    expect(defaultWeight(small, 9)).toEqual({ layer: 2, row: 1, col: 1 });
    // Layer 1: unit 0 is off (ReLU′ = 0), so unit 1 has the largest |∂L/∂z|; pixel 0 (= 1) is the brightest.
    expect(Math.abs(small.gradients.layers[0].dLdz[1])).toBeGreaterThan(0);
    expect(defaultWeight(small, 1)).toEqual({ layer: 1, row: 1, col: 0 });
    expect(defaultWeight(small, 0)).toEqual({ layer: 1, row: 1, col: 0 });
    expect(defaultWeight(small, 1.9)).toEqual({ layer: 1, row: 1, col: 0 });
    // The true class matters only at the output layer: with class 0, layer 1 still picks unit 1.
    const class0 = createPass(small.net, [1, 0.5, 0], 0, 0.1);
    expect(defaultWeight(class0, 1)).toEqual({ layer: 1, row: 1, col: 0 });
    expect(defaultWeight(class0, 2)).toEqual({ layer: 2, row: 0, col: 1 });
    // Two equally bright pixels: the first wins.
    expect(defaultWeight(createPass(small.net, [0.5, 1, 1], 1, 0.1), 1).col).toBe(1);
  });

  it('the range is w₀ ± min(20, max(1, 6 / |input|, 2|w₀|))', () => {
    const small = smallPass();
    // Input 1 (pixel 0), w₀ = 0.5: span max(1, 6, 1) = 6.
    const a = chainRuleModel(small, { layer: 1, row: 1, col: 0 });
    expect(a.w0).toBeCloseTo(0.5, 7);
    expect([a.min, a.max]).toEqual([a.w0 - 6, a.w0 + 6]);
    // Input 0.5 (pixel 1): 6 / 0.5 = 12.
    const b = chainRuleModel(small, { layer: 1, row: 0, col: 1 });
    expect(b.max - b.w0).toBeCloseTo(12, 12);
    expect(b.w0 - b.min).toBeCloseTo(12, 12);
    // Input 0 (pixel 2): capped at 20.
    const c = chainRuleModel(small, { layer: 1, row: 0, col: 2 });
    expect(c.max - c.w0).toBeCloseTo(20, 12);
    // Layer 2, from a⁽¹⁾₁ = 0.6 with w₀ = 3: max(1, 10, 6) = 10.
    const d = chainRuleModel(small, { layer: 2, row: 1, col: 1 });
    expect(d.w0).toBeCloseTo(3, 7);
    expect(d.max - d.w0).toBeCloseTo(10, 5);
    expect(d).toMatchObject({ layers: 2, rows: 2, cols: 2, label: 1 });
    // A large weight on a bright pixel: 2|w₀| wins (w₀ = 5 on input 1: max(1, 6, 10) = 10).
    const big = cloneNetwork(small.net);
    big.layers[0].W[3] = 5;
    const e = chainRuleModel(createPass(big, [1, 0.5, 0], 1, 0.1), { layer: 1, row: 1, col: 0 });
    expect(e.max - e.w0).toBeCloseTo(10, 12);
    expect(() => chainRuleModel(small, { layer: 3, row: 0, col: 0 })).toThrow('layer 3 does not exist');
    expect(a).toMatchObject({ rows: 2, cols: 3 });
    // The curve runs evenly from min to max, and its losses are the core's.
    expect(d.curve[0].w).toBe(d.min);
    expect(d.curve[120].w).toBeCloseTo(d.max, 12);
    expect(d.curve[30].w).toBeCloseTo(d.min + (d.max - d.min) / 4, 12);
    const moved = cloneNetwork(small.net);
    moved.layers[1].W[3] = d.curve[30].w;
    expect(d.curve[30].loss).toBeCloseTo(forward(moved, [1, 0.5, 0], 1).loss, 6);
  });

  it('the numbers are computed in float64 on a copy; the session’s network is untouched', () => {
    const small = smallPass();
    const before = Float32Array.from(small.net.layers[1].W);
    const model = chainRuleModel(small, { layer: 2, row: 1, col: 1 });
    expect(model.net.precision).toBe('float64');
    expect(model.net.layers[1].W).toBeInstanceOf(Float64Array);
    expect(model.net.layers[0].b).toBeInstanceOf(Float64Array);
    expect(model.net.sizes).toEqual([3, 2, 2]);
    expect(model.net.sizes).not.toBe(small.net.sizes);
    chainRulePoint(model, 7);
    expect(small.net.layers[1].W).toEqual(before);
    expect(model.net.layers[1].W[3]).toBeCloseTo(3, 7);
  });

  it('a point: loss and the losses at w ± ε, their central difference, and the two factors of the chain', () => {
    const small = smallPass();
    const model = chainRuleModel(small, { layer: 2, row: 1, col: 1 });
    const lossWith = (w: number) => {
      const moved = cloneNetwork(small.net);
      moved.layers[1].W[3] = w;
      return forward({ ...moved, precision: 'float64', layers: moved.layers.map((l) => ({ ...l, W: Float64Array.from(l.W), b: Float64Array.from(l.b) })) }, [1, 0.5, 0], 1).loss;
    };
    const p = chainRulePoint(model, 2, 0.01);
    expect(p.epsilon).toBe(0.01);
    expect(p.w).toBe(2);
    expect(p.loss).toBeCloseTo(lossWith(2), 6);
    expect(p.lossPlus).toBeCloseTo(lossWith(2.01), 6);
    expect(p.lossMinus).toBeCloseTo(lossWith(1.99), 6);
    expect(p.finiteDifference).toBeCloseTo((p.lossPlus - p.lossMinus) / 0.02, 10);
    // ∂z/∂w is a⁽¹⁾₁ = 0.6; ∂L/∂z at the true class is p₁ − 1.
    expect(p.dzdw).toBeCloseTo(0.6, 6);
    const z = [0.4 * 0 - 0.1 * 0.6, 0.2 * 0 + 2 * 0.6];
    const p1 = Math.exp(z[1]) / (Math.exp(z[0]) + Math.exp(z[1]));
    expect(p.dLdz).toBeCloseTo(p1 - 1, 6);
    expect(p.slope).toBeCloseTo((p1 - 1) * 0.6, 6);
    expect(p.relativeDifference).toBeCloseTo(Math.abs(p.slope - p.finiteDifference) / Math.max(Math.abs(p.slope), Math.abs(p.finiteDifference)), 12);
    expect(p.relativeDifference).toBeGreaterThan(0);
    expect(chainRulePoint(model, 2).epsilon).toBe(1e-3);
  });

  it('a weight from a blank pixel has slope 0 both ways, and a relative difference of 0, not NaN', () => {
    const small = smallPass();
    const model = chainRuleModel(small, { layer: 1, row: 1, col: 2 });
    const p = chainRulePoint(model, 0.3);
    expect(p.dzdw).toBe(0);
    expect(Math.abs(p.slope)).toBe(0);
    expect(Math.abs(p.finiteDifference)).toBe(0);
    expect(p.relativeDifference).toBe(0);
  });

  it('a weight of layer 1 reads ∂z/∂w from the pixels, its gradient from layer 1', () => {
    const small = smallPass();
    const model = chainRuleModel(small, { layer: 1, row: 1, col: 1 });
    const p = chainRulePoint(model, model.w0);
    expect(p.dzdw).toBeCloseTo(0.5, 7);
    expect(p.dLdz).toBeCloseTo(small.gradients.layers[0].dLdz[1], 6);
    expect(p.slope).toBeCloseTo(small.gradients.layers[0].dLdW[1 * 3 + 1], 6);
  });

  it('refuses every impossible layer, unit and input', () => {
    const small = smallPass();
    for (const choice of [
      { layer: 0, row: 0, col: 0 }, { layer: 1.5, row: 0, col: 0 }, { layer: 3, row: 0, col: 0 },
      { layer: 1, row: -1, col: 0 }, { layer: 1, row: 2, col: 0 }, { layer: 1, row: 0.5, col: 0 },
      { layer: 1, row: 0, col: -1 }, { layer: 1, row: 0, col: 3 }, { layer: 2, row: 0, col: 2 }, { layer: 1, row: 0, col: 0.5 },
    ]) expect(() => checkChoice(small, choice)).toThrow(RangeError);
    expect(() => checkChoice(small, { layer: 0, row: 0, col: 0 })).toThrow('layer 0 does not exist: choose a layer from 1 to 2');
    expect(() => checkChoice(small, { layer: 1, row: 2, col: 0 })).toThrow('unit 2 does not exist in layer 1: choose 0 to 1');
    expect(() => checkChoice(small, { layer: 2, row: 5, col: 0 })).toThrow('output 5 does not exist: choose a digit from 0 to 1');
    expect(() => checkChoice(small, { layer: 1, row: 0, col: 99 })).toThrow(/^pixel 99 does not exist: choose 0 to \d+$/);
    expect(() => checkChoice(small, { layer: 2, row: 0, col: 2 })).toThrow('hidden unit 2 does not exist in layer 1: choose 0 to 1');
    expect(() => checkChoice(small, { layer: 2, row: 1, col: 1 })).not.toThrow();
    expect(() => checkChoice(small, { layer: 1, row: 0, col: 2 })).not.toThrow();
    expect(() => chainRulePoint(chainRuleModel(small, { layer: 2, row: 1, col: 1 }), Infinity)).toThrow('w must be a finite number (got Infinity)');
  });
});
