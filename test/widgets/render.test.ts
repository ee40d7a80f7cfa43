// @vitest-environment jsdom
/**
 * Snapshot tests of every widget's pure `render`, in jsdom, from a real session's state (numbers
 * rounded to 3 significant digits before comparing, as Observable Plot does).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSample } from '../../src/data/load-node.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { createSession, type Session } from '../../src/state/session.ts';
import { codeView, diagramView, equationView, probabilitiesView, quantityView, stepperView } from '../../src/state/views.ts';
import { renderStepper, stepperLabel } from '../../src/widgets/Stepper/render.ts';
import { renderNetworkDiagram } from '../../src/widgets/NetworkDiagram/render.ts';
import { renderChainRule, weightName } from '../../src/widgets/ChainRule/render.ts';
import { renderDescentStep } from '../../src/widgets/DescentStep/render.ts';
import { formatNumber } from '../../src/widgets/lib/format.ts';
import { narrate } from '../../src/explain/index.ts';
import { descentCurve, descentVerdict, iterate, startIteration } from '../../src/state/descent.ts';
import { chainRuleModel, chainRulePoint, defaultWeight } from '../../src/state/chain-rule.ts';
import { renderQuantity, valueReadout } from '../../src/widgets/QuantityView/render.ts';
import { renderEquation } from '../../src/widgets/EquationPanel/render.ts';
import { renderCode } from '../../src/widgets/CodePanel/render.ts';
import { stepFunctions } from '../../src/widgets/CodePanel/source.ts';
import { renderProbabilities } from '../../src/widgets/Probabilities/render.ts';
import { renderPicker } from '../../src/widgets/DigitPicker/render.ts';
import { moveCursor, pixelReadout, renderDigitGrid } from '../../src/widgets/DigitGrid/render.ts';

/** Rounds every decimal number in the markup so snapshots don't churn on float noise. */
const rounded = (html: string) => html.replace(/-?\d+\.\d{4,}(e-?\d+)?/g, (m) => String(Number(Number(m).toPrecision(3))));
const fresh = () => {
  const root = document.createElement('div');
  document.body.append(root);
  return root;
};
const reference = readFileSync(join(import.meta.dirname, '../../src/nn/reference.ts'), 'utf8');

let session: Session;
beforeAll(() => {
  // jsdom has no canvas; the renders skip drawing when there is no 2D context.
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
  session = createSession('snap');
  session.setSample(loadSample());
});

describe('widget renders (jsdom snapshots)', () => {
  it('stepper: counter text, accessible names, disabled states', () => {
    const root = fresh();
    session.goTo(6);
    const panel = (v: ReturnType<typeof stepperView>) => ({ ...v, summary: 'the weight gradient of layer 2', narration: 'why', whyOpen: false });
    const view = stepperView(session.store.get());
    renderStepper(root, panel(view));
    expect(stepperLabel(view)).toBe('Step 7 of 13 — backward: ∂L/∂W⁽²⁾ = ∂L/∂z⁽²⁾ · a⁽¹⁾ᵀ');
    const names = [...root.querySelectorAll('.sw-stepper-buttons button')].map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual(['Reset', 'Previous step', 'Play', 'Next step']);
    expect(rounded(root.innerHTML)).toMatchSnapshot();
    session.first();
    renderStepper(root, panel(stepperView(session.store.get())));
    expect(root.querySelector<HTMLButtonElement>('[data-action="previous"]')!.disabled).toBe(true);
    session.play();
    renderStepper(root, panel(stepperView(session.store.get())));
    expect(root.querySelector('[data-action="play"]')!.getAttribute('aria-label')).toBe('Pause');
    session.pause();
  });

  it('network diagram: only what is computed up to the step is coloured; inputs and output lit; edges by dL/dW and ΔW', () => {
    const root = fresh();
    const at = (step: number) => {
      session.goTo(step);
      const view = diagramView(session.store.get())!;
      renderNetworkDiagram(root, view, null, 560);
      const column = (l: number) => root.querySelector(`g.sw-layer[data-layer="${l}"]`)!;
      return { view, column, edges: (l: number) => root.querySelector(`g.sw-edges[data-layer="${l}"]`)! };
    };
    // Step 1, z for layer 1: layer 1 shows z (written), the output column and the loss are not computed yet.
    let d = at(0);
    expect(d.column(1).getAttribute('data-quantity')).toBe('z');
    expect(d.column(1).getAttribute('data-role')).toBe('output');
    expect(d.column(2).getAttribute('data-role')).toBe('pending');
    expect([...d.column(2).querySelectorAll('circle.sw-unit')].every((c) => !c.hasAttribute('fill') && c.getAttribute('data-computed') === 'false')).toBe(true);
    expect(root.querySelector('g.sw-loss')!.getAttribute('data-computed')).toBe('false');
    expect(d.edges(1).getAttribute('data-role')).toBe('input');
    expect(d.view.columns[0].readouts.every((r) => r.numbers.map((n) => n.label).join() === 'z⁽¹⁾')).toBe(true);
    // Step 3, z for layer 2: it reads a⁽¹⁾ (lit as input) and W⁽²⁾ (160 edges lit).
    d = at(2);
    expect(d.column(1).getAttribute('data-quantity')).toBe('a');
    expect(d.column(1).getAttribute('data-role')).toBe('input');
    expect(d.edges(2).querySelectorAll('line')).toHaveLength(160);
    expect(d.edges(2).getAttribute('data-role')).toBe('input');
    // Step 6, the output error: backward has computed nothing for layer 1 yet, and no forward number leaks into its colours.
    d = at(5);
    expect(d.column(2).getAttribute('data-quantity')).toBe('dLdz');
    expect(d.column(1).getAttribute('data-role')).toBe('pending');
    // Step 7, dL/dW for layer 2: edges coloured by dL/dW, both factors lit.
    d = at(6);
    expect(d.edges(2).getAttribute('data-quantity')).toBe('dLdW');
    expect(d.column(2).getAttribute('data-role')).toBe('input');
    expect(d.column(1).getAttribute('data-quantity')).toBe('a');
    const dLdW = session.store.get().pass!.gradients.layers[1].dLdW;
    const values = [...d.edges(2).querySelectorAll('line')].map((line) => Number(line.getAttribute('data-value')));
    expect(values).toEqual(Array.from(dLdW, (v) => v + 0));
    // The update: units by Δb, edges by ΔW.
    d = at(12);
    expect([d.column(1), d.column(2)].map((c) => c.getAttribute('data-quantity'))).toEqual(['db', 'db']);
    expect(d.edges(2).getAttribute('data-quantity')).toBe('dW');
    session.goTo(6);
    session.selectUnit({ layer: 1, unit: 8 });
    renderNetworkDiagram(root, diagramView(session.store.get())!, null, 560);
    expect(root.querySelector('circle.sw-unit[data-layer="1"][data-unit="8"]')!.getAttribute('aria-pressed')).toBe('true');
    // One tab stop for the diagram: the selected unit; the arrow keys reach the others.
    expect([...root.querySelectorAll('circle.sw-unit[tabindex="0"]')].map((c) => `${c.getAttribute('data-layer')}:${c.getAttribute('data-unit')}`)).toEqual(['1:8']);
    expect(root.querySelector('canvas.sw-unit-weights')).not.toBeNull();
    // The output column, the loss and the legends (the 160 edges are pinned by value above).
    const pinned = ['g.sw-layer[data-layer="2"]', 'g.sw-loss', 'div.sw-legends', 'p.sw-diagram-active'].map((q) => root.querySelector(q)!.outerHTML).join('\n');
    expect(rounded(pinned)).toMatchSnapshot();
    session.selectUnit(null);
  });

  it('network diagram: "Greyed" is said only while something is greyed; another colour scheme recolours the edges it kept', () => {
    const root = fresh();
    const text = (step: number) => {
      session.goTo(step);
      renderNetworkDiagram(root, diagramView(session.store.get())!, null, 560);
      return root.querySelector('p.sw-diagram-active')!.textContent!;
    };
    expect(text(0)).toContain('Greyed: not yet computed.');
    // Faint edges are coloured by W too: their legend is there, and says so (review).
    const legendLabels = () => [...root.querySelectorAll('.sw-legends .sw-legend-label')].map((l) => l.textContent);
    text(1);
    expect(legendLabels()).toContain('edges into output: W⁽²⁾, drawn faint (0 = background)');
    text(2);
    expect(legendLabels()).toContain('edges into output: W⁽²⁾ (0 = background)');
    expect(text(5)).toContain('Greyed: no gradient computed there yet');
    expect(text(6)).not.toContain('Greyed'); // ∂L/∂W⁽²⁾ reads a⁽¹⁾: every column shows something
    // The update: every column and the loss are computed (review: the caption still said "Greyed").
    expect(text(12)).not.toContain('Greyed');
    // The same step in the dark scheme: the edges kept from the light drawing are drawn again.
    const strokes = () => [...root.querySelectorAll('g.sw-edges[data-layer="2"] line')].map((l) => l.getAttribute('stroke'));
    const light = strokes();
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query.includes('dark'), addEventListener() {}, removeEventListener() {} }));
    try {
      text(12);
      const dark = strokes();
      expect(dark).toHaveLength(light.length);
      expect(dark.filter((c, k) => c !== light[k]).length).toBeGreaterThan(light.length / 2);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('chain rule: the weight, its slider, the curve with point and tangent, both slopes and the chain with its numbers', () => {
    const root = fresh();
    const pass = session.store.get().pass!;
    const model = chainRuleModel(pass, defaultWeight(pass, 2));
    const point = chainRulePoint(model, model.w0 + 0.5);
    renderChainRule(root, { model, point, error: null }, 'c', 520);
    expect(weightName(model.choice)).toBe(`W⁽²⁾₇,${[...String(model.choice.col)].map((d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]).join('')}`);
    expect(root.querySelector('input[type="range"]')!.getAttribute('aria-valuetext')).toMatch(/^w = .*, loss /);
    expect(root.querySelectorAll('path.sw-curve, path.sw-tangent, circle.sw-point')).toHaveLength(3);
    expect(Number(root.querySelector('.sw-chain')!.getAttribute('data-slope'))).toBe(point.slope);
    expect(root.querySelector('.sw-chain-eq annotation')!.textContent).toContain('\\frac{\\partial L}{\\partial z^{(2)}_{7}}');
    expect(rounded(root.querySelector('dl.sw-chain-numbers')!.outerHTML + root.querySelector('.sw-chain-what')!.outerHTML)).toMatchSnapshot();
    expect([...root.querySelectorAll('fieldset input')].map((i) => i.getAttribute('aria-invalid'))).toEqual(['false', 'false', 'false']);
    renderChainRule(root, { model, point, error: 'unit 12 does not exist in layer 2: choose 0 to 9; still showing layer 2, unit 7, input 8.', errorField: 'row' }, 'c', 520);
    expect(root.querySelector('[role="alert"]')!.textContent).toMatch(/choose 0 to 9/);
    // Only the refused field is marked invalid (a screen reader said all three were).
    expect([...root.querySelectorAll('fieldset input')].map((i) => `${i.getAttribute('name')}:${i.getAttribute('aria-invalid')}`)).toEqual(['layer:false', 'row:true', 'col:false']);
  });

  it('descent step: η controls beside the loss-against-η plot, a red verdict when the mean loss rose, the loss curve of more steps', () => {
    const root = fresh();
    const sample = loadSample();
    const pass = session.store.get().pass!;
    const curve = descentCurve(pass, sample);
    const after = curve.points.find((p) => p.eta === 100)!;
    const verdict = descentVerdict(100, { before: curve.before.digit, after: after.digit }, { before: curve.before.mean, after: after.mean });
    const iteration = iterate(startIteration(pass, sample), pass.trace.input, pass.trace.label, sample, 3);
    renderDescentStep(root, { eta: 100, before: curve.before, after, curve: { points: curve.points, total: 25 }, verdict, iteration, error: null }, 'd', 520);
    expect(root.querySelector('.sw-verdict')!.className).toBe('sw-verdict sw-bad');
    expect(root.querySelector('.sw-verdict')!.textContent).toMatch(/at the expense of the others/);
    expect(root.querySelectorAll('path.sw-eta-curve')).toHaveLength(2);
    expect(root.querySelectorAll('circle.sw-iterate-dot')).toHaveLength(4);
    expect(root.querySelector('input[name="log-eta"]')!.getAttribute('min')).toBe('-4');
    expect(root.querySelector('input[name="log-eta"]')!.getAttribute('max')).toBe('1');
    expect(rounded(root.querySelector('.sw-descent-controls')!.outerHTML + root.querySelector('.sw-iterate-note')!.outerHTML)).toMatchSnapshot();
    // This digit's loss after a large step falls under the log axis's floor of 1e-8 (down to 0): the plot says where it is drawn on the edge.
    const under = curve.points.find((p) => p.digit < 1e-8)!;
    expect(under.eta).toBeGreaterThan(0.1);
    expect(root.querySelector('p.sw-floor-note')!.textContent).toBe(`From η ≈ ${formatNumber(under.eta, 2)} this digit's loss is below 1e-8, the bottom of the axis: it is drawn on the bottom edge.`);
    // Changing η redraws in place: the same nodes, one title per axis (review G1: titles were appended on every change, 39 → 109 texts).
    const count = () => ({ texts: root.querySelectorAll('svg text').length, all: root.querySelectorAll('*').length });
    const first = count();
    for (const eta of [0.001, 0.1, 1, 10, 0.01, 100]) {
      const point = curve.points.reduce((best, p) => (Math.abs(Math.log(p.eta / eta)) < Math.abs(Math.log(best.eta / eta)) ? p : best));
      const v = descentVerdict(point.eta, { before: curve.before.digit, after: point.digit }, { before: curve.before.mean, after: point.mean });
      renderDescentStep(root, { eta: point.eta, before: curve.before, after: point, curve: { points: curve.points, total: 25 }, verdict: v, iteration, error: null }, 'd', 520);
      expect(count()).toEqual(first);
    }
    const titles = [...root.querySelectorAll('svg text')].map((t) => t.textContent);
    for (const title of ['learning rate η', 'loss after the step (log scale)', 'steps taken', 'loss']) expect(titles.filter((t) => t === title)).toHaveLength(1);
  });

  it('quantity view: bars on an axis, the loss as a number, labelled grids, one image per hidden unit, W before/ΔW/after', () => {
    const root = fresh();
    const view = (step: number) => {
      session.goTo(step);
      return quantityView(session.store.get())!;
    };
    renderQuantity(root, view(0));
    expect(root.querySelectorAll('rect.sw-bar')).toHaveLength(16);
    expect(root.querySelector('.sw-bar.sw-highlight')!.getAttribute('data-index')).toBe(String(session.store.get().focus!.row));
    expect(rounded(root.innerHTML)).toMatchSnapshot();
    // Probabilities: a sequential 0–1 scale, the true digit marked once, as everywhere.
    const p = fresh();
    renderQuantity(p, view(3));
    expect(p.querySelector('.sw-legend')!.getAttribute('data-kind')).toBe('sequential');
    expect([...p.querySelectorAll('text.sw-tick')].map((t) => t.textContent)).toEqual(['0', '0.5', '1']);
    expect([...p.querySelectorAll('text.sw-bar-label')].map((t) => t.textContent)).toContain('7 ✓');
    // The loss is one number, not a bar with a legend.
    const loss = fresh();
    renderQuantity(loss, view(4));
    expect(loss.querySelector('.sw-number')!.textContent).toMatch(/^L = 2\.09/);
    expect(loss.querySelector('.sw-legend, svg')).toBeNull();
    // ∂L/∂W⁽²⁾ (10 × 16): cells with row labels (digits, the true one marked) and column labels.
    const grid = fresh();
    renderQuantity(grid, view(6));
    expect(grid.querySelectorAll('rect.sw-cell')).toHaveLength(160);
    expect([...grid.querySelectorAll('text.sw-row-label')].map((t) => t.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7 ✓', '8', '9']);
    expect(grid.querySelectorAll('text.sw-col-label')).toHaveLength(16);
    // ∂L/∂W⁽¹⁾ (16 × 784): one 28 × 28 image per hidden unit, the selected unit's large; it follows the selection.
    const images = fresh();
    renderQuantity(images, view(10));
    expect(images.querySelectorAll('.sw-multiple canvas')).toHaveLength(16);
    session.select({ layer: 1, row: 5, col: null });
    renderQuantity(images, quantityView(session.store.get())!);
    expect(images.querySelector('.sw-multiple.sw-highlight')!.getAttribute('data-row')).toBe('5');
    expect(images.querySelector('canvas.sw-row-canvas')!.getAttribute('data-row')).toBe('5');
    // The update: W before, ΔW = −η·∂L/∂W and W after for the selected layer.
    session.select({ layer: 2, row: 7, col: null });
    const update = fresh();
    const u = view(12);
    renderQuantity(update, u);
    expect([...update.querySelectorAll('figcaption')].map((f) => f.textContent)).toEqual(['W⁽²⁾ before', 'ΔW⁽²⁾ = −η·∂L/∂W⁽²⁾', 'W⁽²⁾ after']);
    const pass = session.store.get().pass!;
    const k = 7 * 16 + 3;
    expect(u.update!.delta[k]).toBeCloseTo(-pass.learningRate * pass.gradients.layers[1].dLdW[k], 7);
    session.select(null);
  });

  it('quantity readout of a first-layer weight: matrix row and column, then unit and pixel, without two meanings of "row" (review B6)', () => {
    session.goTo(session.store.get().steps.findIndex((s) => s.kind === 'weight-gradient' && s.layer === 1));
    session.select({ layer: 1, row: 8, col: 355 });
    const view = quantityView(session.store.get())!;
    expect(valueReadout(view, 8 * 784 + 355)).toMatch(/^∂L\/∂W⁽¹⁾ for row 8, column 355 \(unit 8 of layer 1 ← pixel 355 at \(12, 19\) of the 28 × 28 image\) = /);
    session.select(null);
  });

  it('equation panel: KaTeX for the general and the substituted equation', () => {
    const root = fresh();
    session.goTo(4);
    const view = equationView(session.store.get())!;
    renderEquation(root, view);
    expect(view.substituted).toMatch(/^L = -\\log p_\{7\}/);
    expect(root.querySelectorAll('.katex')).toHaveLength(2);
    expect(root.querySelector('.sw-eq-numbers annotation')!.textContent).toBe(view.substituted);
    expect(rounded(root.querySelector('.sw-equation-title')!.outerHTML)).toMatchSnapshot();
  });

  it('code panel: the reference kernel marked with the step, its lines highlighted', () => {
    const root = fresh();
    session.goTo(7); // dL/db for layer 2
    const view = codeView(session.store.get());
    renderCode(root, { file: 'src/nn/reference.ts', kind: view.kind, functions: stepFunctions(reference, view.kind) });
    const highlighted = [...root.querySelectorAll('.sw-hl .sw-src')].map((n) => n.textContent!.trim());
    expect(highlighted).toEqual(['for (let j = 0; j < dLdz.length; j++) dLdb[j] = dLdz[j];']);
    expect(root.querySelector('figcaption')!.textContent).toBe('src/nn/reference.ts — biasGradient()');
  });

  it('probabilities follow the step: nothing before softmax, p without the loss until the loss step', () => {
    const root = fresh();
    const steps = session.store.get().steps;
    const softmax = steps.findIndex((s) => s.kind === 'softmax');
    const loss = steps.findIndex((s) => s.kind === 'loss');
    expect([softmax, loss]).toEqual([3, 4]);
    for (let k = 0; k < softmax; k++) {
      session.goTo(k);
      renderProbabilities(root, probabilitiesView(session.store.get())!);
      expect(root.querySelector('.sw-probs')!.getAttribute('data-stage')).toBe('pending');
      expect(root.querySelectorAll('svg rect, .sw-prob-fact')).toHaveLength(0);
      expect(root.querySelector('.sw-prob-pending')!.textContent).toBe('Probabilities p: not yet computed. The softmax step (step 4) turns the output\'s z into p, and the loss (step 5) is computed from p of the true digit 7.');
      expect(root.textContent).not.toMatch(/0\.123|2\.09/);
    }
    session.goTo(softmax);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    expect(root.querySelector('.sw-prob-pending')).toBeNull();
    expect(root.querySelectorAll('g.sw-before rect')).toHaveLength(10);
    expect([...root.querySelectorAll('.sw-prob-fact')].map((p) => p.textContent)).toEqual(['True digit 7: p = 0.1231. The network guesses 7.', 'Loss L: not yet computed (step 5).']);
    session.goTo(loss);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    expect(root.querySelector('.sw-probs')!.getAttribute('data-stage')).toBe('loss');
    expect(root.querySelectorAll('.sw-prob-fact')[1].textContent).toBe('Loss L = −log p₇ = 2.095');
    // Back to step 1: the bars go again.
    session.goTo(0);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    expect(root.querySelectorAll('svg')).toHaveLength(0);
  });

  it('probabilities: the update phase shows the loss after the step and a verdict', () => {
    const root = fresh();
    session.goTo(12);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    // η = 0.1: this digit's loss falls, but the mean over the 100 digits rises (2.375 → 2.384): red, and said so.
    expect(root.querySelector('.sw-verdict')!.textContent).toMatch(/took this digit's loss from 2\.095 to 0\.3988, but .* 2\.375 to 2\.384: it rose/);
    // One number, one form on this widget and the narration beside it (review: the verdict said 0.399,
    // the readout above it and the narration 0.3988): the loss after the step, 0.39876…, to 4 figures.
    const state = session.store.get();
    expect(state.pass!.after.loss).toBeCloseTo(0.39876, 4);
    expect(root.querySelectorAll('.sw-prob-fact')[2].textContent).toContain('loss = 0.3988,');
    expect(narrate(state.pass!, state.steps[state.stepIndex], { row: 0, col: 0 })).toContain("this digit's loss goes from 2.095 to 0.3988.");
    expect(root.querySelector('.sw-verdict.sw-bad')).not.toBeNull();
    expect(rounded(root.innerHTML)).toMatchSnapshot();
    session.setLearningRate(0.0001);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    expect(root.querySelector('.sw-verdict.sw-good')!.textContent).toMatch(/without hurting the others/);
    session.setLearningRate(50);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    expect(root.querySelector('.sw-verdict')!.textContent).toMatch(/at the expense of the others/);
    expect(root.querySelector('.sw-verdict.sw-bad')).not.toBeNull();
    // tanh on test digit #2: here even the digit's own loss goes up with a large step.
    const tanh = createSession('tanh', { activation: 'tanh', digit: 2, learningRate: 10 });
    tanh.setSample(loadSample());
    tanh.goTo(12);
    renderProbabilities(root, probabilitiesView(tanh.store.get())!);
    expect(root.querySelector('.sw-verdict')!.textContent).toMatch(/up, not down/);
    session.setLearningRate(0.1);
  });

  it('digit picker: 100 labelled thumbnail buttons, the chosen one pressed, errors shown', () => {
    const root = fresh();
    root.id = 'p';
    const sample = loadSample();
    renderPicker(root, {
      digits: Array.from({ length: 100 }, (_, index) => ({ index, label: sample.labels[index], pixels: sample.pixels.subarray(index * 784, index * 784 + 784) })),
      selected: 3, tabStop: 3, inputSource: null, seed: 1, learningRate: 0.1, errors: { lr: 'bad' },
    });
    expect(root.querySelectorAll('.sw-thumbs button')).toHaveLength(100);
    expect(root.querySelector('[aria-pressed="true"]')!.getAttribute('aria-label')).toBe('Test digit #3, labelled 0');
    // One tab stop for the thumbnails (roving tabindex), on the chosen digit.
    expect([...root.querySelectorAll('.sw-thumbs button[tabindex="0"]')].map((b) => b.getAttribute('data-digit'))).toEqual(['3']);
    expect(root.querySelectorAll('.sw-thumbs button[tabindex="-1"]')).toHaveLength(99);
    expect(root.querySelector('#p-lr')!.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('.sw-picker-settings')!.outerHTML).toMatchSnapshot();
    expect(root.querySelector('.sw-picker-source')).toBeNull();
    // The session runs a digit from elsewhere (a mistake opened from the lab): no thumbnail is outlined, and it is said.
    renderPicker(root, {
      digits: Array.from({ length: 100 }, (_, index) => ({ index, label: sample.labels[index], pixels: sample.pixels.subarray(index * 784, index * 784 + 784) })),
      selected: null, tabStop: 0, inputSource: 'test digit #5600', seed: 1, learningRate: 0.1, errors: {},
    });
    expect(root.querySelectorAll('[aria-pressed="true"]')).toHaveLength(0);
    expect(root.querySelector('.sw-picker-source')!.textContent).toBe('Showing test digit #5600, opened from a link. Pick one of these digits to walk it instead.');
    expect([...root.querySelectorAll('.sw-thumbs button[tabindex="0"]')].map((b) => b.getAttribute('data-digit'))).toEqual(['0']);
  });

  it('digit grid: readout, keyboard cursor, legend', () => {
    const root = fresh();
    const view = { values: imageAsFloats(loadSample(), 0), rows: 28, cols: 28, label: 7, caption: 'Test digit #0, labelled 7', cursor: { row: 10, col: 14 }, cell: 10 };
    renderDigitGrid(root, view);
    expect(pixelReadout(view)).toMatch(/^Row 10, column 14 \(input x294\)/);
    expect(moveCursor({ row: 0, col: 0 }, 'ArrowUp', 28, 28)).toEqual({ row: 0, col: 0 });
    expect(moveCursor(null, 'ArrowRight', 28, 28)).toEqual({ row: 14, col: 15 });
    expect(rounded(root.innerHTML)).toMatchSnapshot();
  });
});
