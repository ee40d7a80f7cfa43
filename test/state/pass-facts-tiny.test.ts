/**
 * The prose facts (src/state/pass-facts.ts) of the hand-worked pass of tiny-pass.ts, every one
 * worked out by hand, to 4 significant figures as the widgets print them; the runner-up when the
 * true class is 0; the per-pass cache keyed by the sources; fillFacts' templates.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass } from '../../src/nn/index.ts';
import { DEFAULT_CONFIG } from '../../src/state/session.ts';
import { defaultSources, factTexts, fillFacts, sessionFacts, FACT_NAMES, type FactSources } from '../../src/state/pass-facts.ts';
import { ETA, S, tinyPass, tinyState } from './tiny-pass.ts';

/** 4 significant figures, trailing zeros dropped (for the two numbers after the step, not worked out by hand). */
const fig4 = (value: number): string => String(Number(value.toPrecision(4)));
const sources = (over: Partial<FactSources> = {}): FactSources => ({ digit: 3, inputSource: null, weightsSource: null, seed: 9, labelKnown: true, ...over });

describe('the facts of the tiny pass, by hand', () => {
  it('every fact', () => {
    const pass = tinyPass();
    const after = pass.after;
    const facts = factTexts(pass, sources());
    expect(Object.keys(facts)).toEqual([...FACT_NAMES]);
    expect(facts).toEqual({
      digit: 'test digit #3',
      digitAndLabel: 'test digit #3, a 1',
      network: 'the untrained network (random weights, seed 9)',
      Network: 'The untrained network (random weights, seed 9)',
      label: '1',
      predicted: '0', // p = [s, 1 − s], s ≈ 0.881
      loss: '2.127', // log(1 + e²) = 2.12693
      lossAfter: fig4(after.loss),
      pLabel: '0.1192', // 1 − s = 0.119203
      pLabelAfter: fig4(after.probabilities[1]),
      outputErrorLabel: '-0.8808', // p₁ − 1 = −s; a hyphen for TeX templates, factProse makes it a minus
      runnerUp: '0',
      runnerUpP: '0.8808',
      parameters: '22', // 4·2 + 2 + 2·2 + 2 + 2·2 + 2
      hidden: '2',
      unitsWithGradient: '1', // ∂L/∂z¹ = [4s, 0]
      inactiveUnits: '1', // a¹ = [0.5, 0]
      zeroWeightGradients: '5', // ∂L/∂W¹ = [[4s, 2s, 0, 4s], [0, 0, 0, 0]]
      weightGradientCount: '8',
      nonzeroInputs: '3', // x = [1, 0.5, 0, 1]
      eta: String(ETA),
    });
    // After the step: the loss falls below log 2 (so p₁ > ½).
    expect(Number(facts.lossAfter)).toBeLessThan(Math.log(2));
    expect(Number(facts.pLabelAfter)).toBeGreaterThan(0.5);
    expect(S).toBeCloseTo(0.8808, 4);
  });

  it('true class 0: the runner-up is the other digit, 1', () => {
    const net = tinyPass().net;
    const facts = factTexts(createPass(net, [1, 0.5, 0, 1], 0, ETA), sources());
    expect([facts.label, facts.predicted, facts.runnerUp, facts.runnerUpP, facts.pLabel]).toEqual(['0', '0', '1', '0.1192', '0.8808']);
    expect(facts.outputErrorLabel).toBe('-0.1192'); // p₀ − 1 = s − 1
  });

  it('a tie between wrong digits goes to the first of them', () => {
    // All weights and biases 0: p = [⅓, ⅓, ⅓]; with true class 1, digits 0 and 2 tie.
    const flat = createNetwork({ sizes: [4, 2, 3], activation: 'relu', seed: 1 });
    for (const layer of flat.layers) layer.W.fill(0);
    const facts = factTexts(createPass(flat, [1, 0.5, 0, 1], 1, ETA), sources());
    expect([facts.runnerUp, facts.runnerUpP, facts.pLabel]).toEqual(['0', '0.3333', '0.3333']);
  });

  it('the runner-up is the likeliest wrong digit, wherever it is', () => {
    // Weights 0, output biases [0, 0, 1]: p = [1, 1, e] / (2 + e) = [0.211942, 0.211942, 0.576117]; true class 0, so digit 2.
    const net = createNetwork({ sizes: [4, 2, 3], activation: 'relu', seed: 1 });
    for (const layer of net.layers) layer.W.fill(0);
    net.layers[1].b.set([0, 0, 1]);
    const facts = factTexts(createPass(net, [1, 0.5, 0, 1], 0, ETA), sources());
    expect([facts.predicted, facts.runnerUp, facts.runnerUpP, facts.pLabel]).toEqual(['2', '2', '0.5761', '0.2119']);
  });

  it('an 8, a drawing with no label, a run’s weights', () => {
    const net = tinyPass().net;
    const ten = createNetwork({ sizes: [4, 3, 10], activation: 'relu', seed: 1 });
    expect(factTexts(createPass(ten, [1, 0.5, 0, 1], 8, ETA), sources()).digitAndLabel).toBe('test digit #3, an 8');
    expect(factTexts(createPass(ten, [1, 0.5, 0, 1], 9, ETA), sources()).digitAndLabel).toBe('test digit #3, a 9');
    const drawn = factTexts(createPass(net, [1, 0.5, 0, 1], 1, ETA), sources({ inputSource: 'your drawing', labelKnown: false, weightsSource: 'run “b” of the lab' }));
    expect(drawn.digit).toBe('your drawing');
    expect(drawn.digitAndLabel).toBe("your drawing, which has no true label (the loss takes the network's guess, a 1, as if it were the label)");
    expect(drawn.network).toBe('the trained network (run “b” of the lab)');
    expect(drawn.Network).toBe('The trained network (run “b” of the lab)');
  });

  it('thousands are grouped', () => {
    const big = { ...tinyPass() };
    big.net = { ...big.net, layers: big.net.layers.map((l, k) => (k === 0 ? { ...l, W: new Float64Array(12_345) } : l)) };
    expect(factTexts(big, sources()).parameters).toBe('12,359'); // 12,345 + 2 + 4 + 2 + 4 + 2
  });
});

describe('the cache, the session and templates', () => {
  it('one computation per pass and sources; other sources, other text', () => {
    const pass = tinyPass();
    const a = factTexts(pass, sources());
    expect(factTexts(pass, sources())).toBe(a);
    const b = factTexts(pass, sources({ digit: 4 }));
    expect(b.digit).toBe('test digit #4');
    expect(factTexts(tinyPass(), sources())).not.toBe(a);
  });

  it('a session’s facts come from its pass and its sources; none before the pass', () => {
    const state = tinyState(0, { config: { ...DEFAULT_CONFIG, digit: 6, seed: 11 }, inputSource: 'test digit #1234', weightsSource: null, labelKnown: true });
    const facts = sessionFacts(state)!;
    expect(facts.digit).toBe('test digit #1234');
    expect(facts.network).toBe('the untrained network (random weights, seed 11)');
    expect(sessionFacts({ ...state, inputSource: null })!.digit).toBe('test digit #6');
    expect(sessionFacts({ ...state, labelKnown: false })!.digitAndLabel).toMatch(/which has no true label/);
    expect(sessionFacts({ ...state, pass: null })).toBeNull();
  });

  it('default sources: the configured digit and seed, nothing drawn or trained', () => {
    expect(defaultSources()).toEqual({ digit: DEFAULT_CONFIG.digit, inputSource: null, weightsSource: null, seed: DEFAULT_CONFIG.seed, labelKnown: true });
    expect(defaultSources({ digit: 42, seed: 8 })).toEqual({ digit: 42, inputSource: null, weightsSource: null, seed: 8, labelKnown: true });
  });

  it('fillFacts fills known names in braces and leaves the rest', () => {
    const facts = factTexts(tinyPass(), sources());
    expect(fillFacts('L = {loss}; {label} vs {runnerUp}; {unknown}, {loss2}, {}, loss', facts)).toBe('L = 2.127; 1 vs 0; {unknown}, {loss2}, {}, loss');
  });
});
