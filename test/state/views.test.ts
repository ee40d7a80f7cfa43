/**
 * The step-through's smaller views (src/state/views.ts) on the hand-worked pass of tiny-pass.ts:
 * the stepper's position within a range, the equation panel's entry pickers and labels, the code
 * panel's step, and the probabilities panel's stage, positions of softmax and loss in the walk, and
 * the update's before/after with its verdict.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass } from '../../src/nn/index.ts';
import { substitutedEquation } from '../../src/explain/index.ts';
import { descentVerdict } from '../../src/state/descent.ts';
import { selectionElsewhere } from '../../src/state/session.ts';
import { codeView, equationView, probabilitiesView, stepperView } from '../../src/state/views.ts';
import { ETA, S, tinyState } from './tiny-pass.ts';

describe('stepperView', () => {
  it('counts steps within the range, 1-based, and knows its ends', () => {
    const range = { from: 2, to: 6 };
    expect(stepperView(tinyState(4, { range, playing: true }))).toEqual({
      position: 3, total: 5, title: 'forward: z⁽³⁾ = W⁽³⁾a⁽²⁾ + b⁽³⁾', phase: 'forward', playing: true, atStart: false, atEnd: false, ready: true,
    });
    expect(stepperView(tinyState(2, { range }))).toMatchObject({ position: 1, atStart: true, atEnd: false, playing: false });
    expect(stepperView(tinyState(6, { range }))).toMatchObject({ position: 5, atStart: false, atEnd: true });
    expect(stepperView(tinyState(18))).toMatchObject({ position: 19, total: 19, phase: 'update', atEnd: true });
    expect(stepperView(tinyState(0, { pass: null })).ready).toBe(false);
  });
});

describe('equationView', () => {
  const substituted = (index: number, entry: { row: number; col: number | null; layer: number | undefined }, narrow = false) => {
    const state = tinyState(index);
    return substitutedEquation(state.pass!, state.steps[index], entry, narrow);
  };

  it('a hidden unit: one picker, "unit r"; the equation with that unit’s numbers', () => {
    const view = equationView(tinyState(0))!;
    expect(view).toEqual({
      title: 'forward: z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾', equation: 'z^{(1)} = W^{(1)} x + b^{(1)}', substituted: substituted(0, { row: 0, col: null, layer: 1 }),
      layer: 1, controls: [{ axis: 'row', label: 'Unit', value: 0, max: 1 }], elementLabel: 'unit 0', aside: null,
    });
    const unit1 = equationView(tinyState(0, { selection: { layer: 1, row: 1, col: null } }))!;
    expect([unit1.elementLabel, unit1.controls[0].value, unit1.substituted, unit1.aside]).toEqual(['unit 1', 1, substituted(0, { row: 1, col: null, layer: 1 }), null]);
  });

  it("a selection the step says nothing about: the step's own entry, and an aside naming the selection (review: it switched quietly)", () => {
    // Step linear:1 (z¹) with digit 1 of the output, a unit of layer 2, a pixel or a W³ entry selected: unit 0, the step's own.
    const cases: [Parameters<typeof tinyState>[1], string][] = [
      [{ selection: { layer: 3, row: 1, col: null } }, 'the selected digit 1 is not part of this step'],
      [{ selection: { layer: 2, row: 1, col: null } }, 'the selected unit 1 of layer 2 is not part of this step'],
      [{ selection: { layer: 0, row: 3, col: null } }, 'the selected pixel 3 is not part of this step'],
      [{ selection: { layer: 3, row: 1, col: 0 } }, 'the selected entry (1, 0) of layer 3 is not part of this step'],
    ];
    for (const [extra, aside] of cases) {
      const view = equationView(tinyState(0, extra))!;
      expect([view.elementLabel, view.aside]).toEqual(['unit 0', aside]);
    }
    // On ∂L/∂W² (step weight-gradient:2) a unit of layer 1 is a column: it applies, no aside.
    const steps = tinyState(0).steps;
    const wg2 = steps.findIndex((s) => s.kind === 'weight-gradient' && s.layer === 2);
    expect(equationView(tinyState(wg2, { selection: { layer: 1, row: 1, col: null } }))!.aside).toBeNull();
    // The question itself: the selection when the step says nothing about it; null with no selection, or no pass yet (a page still loading).
    const digit = { layer: 3, row: 1, col: null };
    expect(selectionElsewhere(tinyState(0, { selection: digit }))).toEqual(digit);
    expect(selectionElsewhere(tinyState(0))).toBeNull();
    expect(selectionElsewhere({ ...tinyState(0, { selection: digit }), pass: null })).toBeNull();
  });

  it('narrow: the equation with numbers broken for a phone', () => {
    const wide = equationView(tinyState(5))!.substituted;
    const narrow = equationView(tinyState(5), true)!.substituted;
    expect(wide).toBe(substituted(5, { row: 1, col: null, layer: 3 }, false));
    expect(narrow).toBe(substituted(5, { row: 1, col: null, layer: 3 }, true));
    expect(narrow).not.toBe(wide);
  });

  it('the output: "Digit"; the loss: no picker, "the loss"', () => {
    expect(equationView(tinyState(5))).toMatchObject({ layer: 3, controls: [{ axis: 'row', label: 'Digit', value: 1, max: 1 }], elementLabel: 'digit 1' });
    expect(equationView(tinyState(6))).toMatchObject({ layer: null, controls: [], elementLabel: 'the loss', title: 'forward: L = −log pᵧ' });
  });

  it('a matrix: a row and a column picker named for their layers, "row r, column c"', () => {
    const out = equationView(tinyState(8))!;
    const f = tinyState(8).focus!;
    expect(out.controls).toEqual([
      { axis: 'row', label: 'Row (digit)', value: f.row, max: 1 },
      { axis: 'col', label: 'Column (unit)', value: f.col, max: 1 },
    ]);
    expect(out.elementLabel).toBe(`row ${f.row}, column ${f.col}`);
    const first = equationView(tinyState(16, { selection: { layer: 1, row: 0, col: 3 } }))!;
    expect(first.controls).toEqual([
      { axis: 'row', label: 'Row (unit)', value: 0, max: 1 },
      { axis: 'col', label: 'Column (pixel)', value: 3, max: 3 },
    ]);
    expect(first.elementLabel).toBe('row 0, column 3');
    expect(first.substituted).toBe(substituted(16, { row: 0, col: 3, layer: 1 }));
  });

  it('the update explains the selected layer’s weight (not layer 1’s)', () => {
    const state = tinyState(18, { selection: { layer: 2, row: 0, col: 0 } });
    const view = equationView(state)!;
    expect(view.layer).toBe(2);
    expect(view.controls.map((c) => c.label)).toEqual(['Row (unit)', 'Column (unit)']);
    expect(view.substituted).toBe(substituted(18, { row: 0, col: 0, layer: 2 }));
    expect(view.substituted).not.toBe(substituted(18, { row: 0, col: 0, layer: 1 }));
  });

  it('a layer of one unit has nothing to pick', () => {
    const net = createNetwork({ sizes: [4, 1, 2], activation: 'relu', seed: 1 });
    const view = equationView(tinyState(0, {}, createPass(net, [1, 0, 0, 1], 0, 0.1)))!;
    expect(view.controls).toEqual([]);
    expect(view.elementLabel).toBe('unit 0');
  });

  it('nothing before the pass or without a focus', () => {
    expect(equationView(tinyState(0, { pass: null }))).toBeNull();
    expect(equationView({ ...tinyState(0), focus: null })).toBeNull();
  });
});

describe('codeView', () => {
  it('the step’s kind', () => {
    expect(codeView(tinyState(9))).toEqual({ kind: 'bias-gradient' });
  });
});

describe('probabilitiesView', () => {
  it('pending before softmax, probabilities from softmax, loss from the loss step on', () => {
    const stages = Array.from({ length: 19 }, (_, k) => probabilitiesView(tinyState(k))!.stage);
    expect(stages).toEqual([...Array(5).fill('pending'), 'probabilities', ...Array(13).fill('loss')]);
    const view = probabilitiesView(tinyState(5))!;
    expect(view.probabilities[0]).toBeCloseTo(S, 12);
    expect(view.probabilities[1]).toBeCloseTo(1 - S, 12);
    expect([view.label, view.predicted, view.learningRate]).toEqual([1, 0, ETA]);
    expect(view.loss).toBeCloseTo(Math.log(1 + Math.exp(2)), 12);
    expect(probabilitiesView(tinyState(0, { pass: null }))).toBeNull();
  });

  it.each([
    [{ from: 0, to: 18 }, 6, 7],
    [{ from: 5, to: 6 }, 1, 2],
    [{ from: 2, to: 5 }, 4, null],
    [{ from: 0, to: 4 }, null, null],
    [{ from: 6, to: 18 }, null, 1],
  ])('range %j: softmax at %s, loss at %s (positions in the walk)', (range, softmaxAt, lossAt) => {
    const view = probabilitiesView(tinyState(range.from, { range }))!;
    expect([view.softmaxAt, view.lossAt]).toEqual([softmaxAt, lossAt]);
  });

  it('the update shows this digit after the step and the verdict; the steps before show none', () => {
    const sampleLoss = { before: 2.3, after: 2.4 };
    const before = probabilitiesView(tinyState(17, { sampleLoss }))!;
    expect([before.after, before.sampleLoss, before.verdict, before.good]).toEqual([null, null, null, null]);
    const state = tinyState(18, { sampleLoss });
    const view = probabilitiesView(state)!;
    const after = state.pass!.after;
    // After the step this digit's loss is below log 2, so p₁ > ½: the guess turns to the true class 1.
    expect(view.after).toEqual({ loss: after.loss, probabilities: Array.from(after.probabilities), predicted: 1 });
    expect(view.after!.loss).toBeLessThan(Math.log(2));
    expect(view.predicted).toBe(0);
    expect(view.sampleLoss).toEqual(sampleLoss);
    // The mean over the sample rose: not good, whatever this digit did.
    const verdict = descentVerdict(ETA, { before: view.loss, after: after.loss }, sampleLoss);
    expect(verdict.good).toBe(false);
    expect([view.verdict, view.good]).toEqual([verdict.text, false]);
    const helped = probabilitiesView(tinyState(18, { sampleLoss: { before: 2.3, after: 2.2 } }))!;
    expect(helped.good).toBe(true);
    expect(helped.verdict).toContain('helped this digit');
    expect(probabilitiesView(tinyState(18))!.sampleLoss).toBeNull();
  });
});
