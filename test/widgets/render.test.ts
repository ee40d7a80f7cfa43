// @vitest-environment jsdom
/**
 * Snapshot tests of every widget's pure `render`, in jsdom, from a real session's state (numbers
 * rounded to 3 significant digits before comparing, as Observable Plot does).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSample } from '../../src/data/load-node.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { createSession, type Session } from '../../src/state/session.ts';
import { codeView, diagramView, equationView, probabilitiesView, quantityView, stepperView } from '../../src/state/views.ts';
import { renderStepper, stepperLabel } from '../../src/widgets/Stepper/render.ts';
import { renderNetworkDiagram } from '../../src/widgets/NetworkDiagram/render.ts';
import { renderQuantity } from '../../src/widgets/QuantityView/render.ts';
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

  it('network diagram: columns, active layer, selected unit edges', () => {
    const root = fresh();
    session.goTo(6);
    session.selectUnit({ layer: 2, unit: 7 });
    renderNetworkDiagram(root, diagramView(session.store.get())!);
    expect(root.querySelectorAll('circle.sw-unit')).toHaveLength(26);
    expect(root.querySelectorAll('g.sw-edges line')).toHaveLength(16);
    expect(root.querySelector('g.sw-layer.sw-active circle')!.getAttribute('data-layer')).toBe('2');
    expect(rounded(root.innerHTML)).toMatchSnapshot();
    session.selectUnit(null);
  });

  it('quantity view: bars for a short vector, heatmap and row image for a 784-column matrix', () => {
    const root = fresh();
    session.goTo(0);
    renderQuantity(root, quantityView(session.store.get())!);
    expect(root.querySelectorAll('rect.sw-bar')).toHaveLength(16);
    expect(rounded(root.innerHTML)).toMatchSnapshot();
    const matrix = fresh();
    session.goTo(10);
    renderQuantity(matrix, quantityView(session.store.get())!);
    expect(matrix.querySelector('canvas.sw-heatmap')!.getAttribute('aria-label')).toBe('∂L/∂W⁽¹⁾, weight gradient of layer 1 as a heatmap, 16 by 784; use the arrow keys to move between entries');
    expect(matrix.querySelector('.sw-row-image')).not.toBeNull();
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

  it('probabilities: the update phase shows the loss after the step and a verdict', () => {
    const root = fresh();
    session.goTo(12);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    expect(root.querySelector('.sw-verdict')!.textContent).toMatch(/lowered this digit's loss/);
    expect(rounded(root.innerHTML)).toMatchSnapshot();
    session.setLearningRate(50);
    renderProbabilities(root, probabilitiesView(session.store.get())!);
    expect(root.querySelector('.sw-verdict')!.textContent).toMatch(/overshot for the others.*too large/);
    expect(root.querySelector('.sw-verdict.sw-bad')).not.toBeNull();
    // tanh on test digit #2: here even the digit's own loss goes up with a large step.
    const tanh = createSession('tanh', { activation: 'tanh', digit: 2, learningRate: 10 });
    tanh.setSample(loadSample());
    tanh.goTo(12);
    renderProbabilities(root, probabilitiesView(tanh.store.get())!);
    expect(root.querySelector('.sw-verdict')!.textContent).toMatch(/The loss went UP/);
    session.setLearningRate(0.1);
  });

  it('digit picker: 100 labelled thumbnail buttons, the chosen one pressed, errors shown', () => {
    const root = fresh();
    root.id = 'p';
    const sample = loadSample();
    renderPicker(root, {
      digits: Array.from({ length: 100 }, (_, index) => ({ index, label: sample.labels[index], pixels: sample.pixels.subarray(index * 784, index * 784 + 784) })),
      selected: 3, seed: 1, learningRate: 0.1, errors: { lr: 'bad' },
    });
    expect(root.querySelectorAll('.sw-thumbs button')).toHaveLength(100);
    expect(root.querySelector('[aria-pressed="true"]')!.getAttribute('aria-label')).toBe('Test digit #3, labelled 0');
    expect(root.querySelector('#p-lr')!.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('.sw-picker-settings')!.outerHTML).toMatchSnapshot();
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
