/**
 * The output side of the drawing widget: which network is reading, what it sees (the 28 × 28
 * digit after MNIST's preprocessing), its probabilities, one training step on the drawing and
 * which weights that step moved, and the link into the step-through. Pure: same view, same DOM.
 */
import { interpolateBlues, select, type Selection } from 'd3';
import { aDigit } from '../../state/bridge.ts';
import type { DrawingState } from '../../state/drawing.ts';
import { formatNumber } from '../lib/format.ts';
import { canvasSize } from '../lib/legend.ts';
import { inkGrey } from '../lib/theme.ts';

export interface DrawDigitView {
  state: DrawingState;
  /** The lab's address, for "train one first". */
  labHref: string;
  /** The step-through address for the current digit (null without one). */
  stepThroughHref: string | null;
  /** The form's current values and an error for an invalid learning rate. */
  form: { label: number | null; learningRate: string; error: string | null };
  /** Whether the weights-file chooser is shown (when the page has no trained network). */
  canLoadFile: boolean;
  fileError: string | null;
}

const BAR_W = 360;
const BAR_H = 150;

function paintGrey(canvas: HTMLCanvasElement | null, pixels: Uint8Array): void {
  const context = canvas?.getContext?.('2d');
  if (!canvas || !context) return;
  const image = context.createImageData(28, 28);
  for (let k = 0; k < 784; k++) {
    const g = inkGrey(pixels[k] / 255);
    image.data.set([g, g, g, 255], 4 * k);
  }
  context.putImageData(image, 0, 0);
}

function paintBlues(canvas: HTMLCanvasElement | null, values: ArrayLike<number>, max: number): void {
  const context = canvas?.getContext?.('2d');
  if (!canvas || !context) return;
  const image = context.createImageData(28, 28);
  for (let k = 0; k < 784; k++) {
    const rgb = /rgb\((\d+), (\d+), (\d+)\)/.exec(interpolateBlues(max > 0 ? values[k] / max : 0));
    image.data.set(rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), 255] : [255, 255, 255, 255], 4 * k);
  }
  context.putImageData(image, 0, 0);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Selection<any, any, any, any>;
/** The one `tag.cls` child of `parent`, created if missing. */
const one = (parent: Any, tag: string, cls: string): Any => parent.selectAll(`${tag}.${cls.split(' ')[0]}`).data([null]).join(tag).attr('class', cls);

export function renderDrawDigit(root: HTMLElement, view: DrawDigitView): void {
  const { state } = view;
  const out = select(root);
  out.selectAll('div.sw-status').remove();

  // Which network is reading.
  const net = one(out, 'p', 'sw-draw-network').attr('data-trained', String(state.trained));
  net.selectAll('*').remove();
  net.text('');
  const hidden = state.net.sizes.slice(1, -1).join('-');
  if (state.trained) {
    net.append('span').text(`Reading with your trained network (784-${hidden}-10), from ${state.source}`
      + (state.steps ? `, plus ${state.steps} step${state.steps === 1 ? '' : 's'} on your drawings in this page.` : '.'));
  } else {
    net.append('strong').text('This network is untrained. ');
    net.append('span').text(`Its weights are random (784-${hidden}-10, seed 1), so its guesses are no better than chance. `);
    net.append('a').attr('href', view.labHref).text('Train a network in the lab');
    net.append('span').text(', then come back' + (view.canLoadFile ? ', or load a weights file below.' : '.'));
    if (state.steps) net.append('span').text(` It has taken ${state.steps} step${state.steps === 1 ? '' : 's'} on your drawings.`);
  }
  const fileBox = out.selectAll<HTMLDivElement, null>('div.sw-draw-file').data(view.canLoadFile ? [null] : []).join((enter) => {
    const box = enter.append('div').attr('class', 'sw-draw-file');
    const label = box.append('label').text('Weights file (saved by the lab, or by npm run train with --save): ');
    label.append('input').attr('type', 'file').attr('accept', 'application/json,.json').attr('data-action', 'weights-file');
    box.append('span').attr('class', 'sw-draw-error').attr('role', 'alert');
    return box;
  });
  fileBox.select('.sw-draw-error').text(view.fileError ?? '');

  one(out, 'p', 'sw-draw-message').style('display', state.message ? '' : 'none').text(state.message ?? '');

  // What the network sees, and what it says.
  const seen = one(out, 'div', 'sw-draw-seen').style('display', state.digit ? '' : 'none');
  const figure = one(seen, 'figure', 'sw-draw-mnist');
  const canvas = one(figure, 'canvas', 'sw-draw-mnist-canvas').call(canvasSize, 28, 28)
    .attr('role', 'img').attr('aria-label', state.digit ? 'Your drawing as the network sees it: 28 by 28 pixels' : null);
  const caption = one(figure, 'figcaption', 'sw-draw-caption');
  const chart = one(seen, 'div', 'sw-draw-chart');
  if (!state.digit || !state.prediction) {
    out.selectAll('div.sw-draw-train, div.sw-draw-links').remove();
    chart.selectAll('*').remove();
    return;
  }
  const d = state.digit;
  paintGrey(canvas.node(), d.pixels);
  caption.text(`What the network reads: your ink cropped to ${d.box.width} × ${d.box.height} pixels, scaled by ${formatNumber(d.scale, 3)} to ${d.scaled.width} × ${d.scaled.height}, `
    + `centred by its centre of mass (row ${formatNumber(d.centre.row, 3)}, column ${formatNumber(d.centre.col, 3)})${d.clamped ? ' as far as the 28 × 28 field allows' : ''}.`);

  const p = state.prediction;
  const best = p.predicted;
  const svg = chart.selectAll<SVGSVGElement, null>('svg').data([null]).join('svg').attr('class', 'sw-draw-bars').attr('viewBox', `0 0 ${BAR_W} ${BAR_H}`)
    .attr('role', 'img').attr('aria-label', `Probabilities: ${p.probabilities.map((v, c) => `${c}: ${(100 * v).toFixed(1)} %`).join(', ')}`);
  const bw = (BAR_W - 20) / 10;
  const y = (v: number) => BAR_H - 20 - v * (BAR_H - 34);
  svg.selectAll<SVGRectElement, number>('rect.sw-bar-p').data(p.probabilities).join('rect')
    .attr('class', (_, c) => `sw-bar-p${c === best ? ' sw-top' : ''}`)
    .attr('x', (_, c) => 10 + c * bw + 3).attr('width', bw - 6).attr('y', (v) => y(v)).attr('height', (v) => Math.max(0.5, y(0) - y(v)));
  svg.selectAll<SVGTextElement, number>('text.sw-bar-class').data(p.probabilities).join('text').attr('class', 'sw-bar-class')
    .attr('x', (_, c) => 10 + c * bw + bw / 2).attr('y', BAR_H - 5).attr('text-anchor', 'middle')
    .attr('font-weight', (_, c) => (c === best ? 700 : 400)).text((_, c) => String(c));
  svg.selectAll<SVGTextElement, number>('text.sw-bar-value').data(p.probabilities).join('text').attr('class', 'sw-bar-value')
    .attr('x', (_, c) => 10 + c * bw + bw / 2).attr('y', (v) => y(v) - 3).attr('text-anchor', 'middle')
    .text((v) => (v >= 0.005 ? `${Math.round(100 * v)}%` : ''));
  one(chart, 'p', 'sw-draw-answer').attr('data-predicted', best)
    .text(`The network reads ${aDigit(best)} (p = ${formatNumber(p.probabilities[best], 3)}).`);

  renderTraining(out, view);

  const links = one(out, 'div', 'sw-draw-links');
  links.selectAll<HTMLAnchorElement, string>('a.sw-draw-open').data(view.stepThroughHref ? [view.stepThroughHref] : []).join('a')
    .attr('class', 'sw-draw-open').attr('href', (h) => h)
    .text(state.lastStep ? `Step through this digit (as ${aDigit(state.lastStep.label)}) →` : 'Step through this digit →');
  // Which weights the step-through will use: steps taken on this page stay on this page.
  links.selectAll<HTMLParagraphElement, string>('p.sw-draw-open-note').data(view.stepThroughHref ? [openNote(state)] : []).join('p')
    .attr('class', 'sw-draw-open-note').text((t) => t);
  links.selectAll<HTMLButtonElement, null>('button.sw-draw-reset').data(state.steps ? [null] : []).join('button')
    .attr('class', 'sw-draw-reset').attr('type', 'button').attr('data-action', 'reset-network').text('Back to the original weights');
}

function renderTraining(out: Any, view: DrawDigitView): void {
  const { state, form } = view;
  const train = one(out, 'div', 'sw-draw-train');
  one(train, 'p', 'sw-draw-train-title').html('')
    .text('Train on my drawing: tell the network which digit you meant, and it takes one gradient-descent step on it.');
  const formBox = train.selectAll<HTMLDivElement, null>('div.sw-draw-train-form').data([null]).join((enter) => {
    const box = enter.append('div').attr('class', 'sw-draw-train-form');
    const label = box.append('label').text('I meant the digit');
    const select_ = label.append('select').attr('data-field', 'label');
    select_.append('option').attr('value', '').text('choose…');
    for (let c = 0; c < 10; c++) select_.append('option').attr('value', c).text(String(c));
    box.append('label').text('Learning rate η').append('input').attr('type', 'text').attr('inputmode', 'decimal').attr('data-field', 'lr');
    box.append('button').attr('type', 'button').attr('data-action', 'train').text('Train one step');
    box.append('span').attr('class', 'sw-draw-error').attr('role', 'alert');
    return box;
  });
  formBox.select<HTMLSelectElement>('select').each(function () {
    if (document.activeElement !== this) this.value = form.label === null ? '' : String(form.label);
  });
  formBox.select<HTMLInputElement>('input').attr('aria-invalid', String(!!form.error)).each(function () {
    if (document.activeElement !== this && !form.error) this.value = form.learningRate;
  });
  formBox.select('.sw-draw-error').text(form.error ?? '');

  const r = state.lastStep;
  const result = train.selectAll<HTMLDivElement, NonNullable<typeof r>>('div.sw-draw-moved').data(r ? [r] : []).join('div').attr('class', 'sw-draw-moved');
  if (!r) return;
  const figure = one(result, 'figure', 'sw-draw-moved-fig').style('margin', '0');
  const max = r.movedByPixel.reduce((m, v) => Math.max(m, v), 0);
  paintBlues(one(figure, 'canvas', 'sw-draw-moved-canvas').call(canvasSize, 28, 28)
    .attr('role', 'img').attr('aria-label', `Where layer 1's weights moved, per input pixel: white is no change, darkest blue is ${formatNumber(max, 3)}`).node(), r.movedByPixel, max);
  one(figure, 'figcaption', 'sw-draw-moved-caption').style('font-size', '0.8rem')
    .text(`Per pixel, the total change |ΔW| of its layer-1 weights (white 0, dark blue ${formatNumber(max, 3)}).`);
  const first = r.moved[0];
  const items = [
    `p(${r.label}): ${formatNumber(r.before.probabilities[r.label], 3)} → ${formatNumber(r.after.probabilities[r.label], 3)}; loss ${formatNumber(r.before.loss, 3)} → ${formatNumber(r.after.loss, 3)} (η = ${r.learningRate}).`,
    `Layer 1: ${first.changed.toLocaleString('en')} of ${first.total.toLocaleString('en')} weights moved — only those from the ${r.inkedPixels} inked pixels into the ${r.activeUnits} units with dL/dz ≠ 0, since dL/dW = dL/dz · x and x = 0 on blank paper.`,
    ...r.moved.slice(1).map((m) => `Layer ${m.layer}: ${m.changed.toLocaleString('en')} of ${m.total.toLocaleString('en')} weights moved.`),
  ];
  one(result, 'ul', 'sw-draw-moved-list').selectAll('li').data(items).join('li').text((t) => t);
}

/** Which weights the step-through opens with: the page's own training steps are not carried over. */
export function openNote(state: { trained: boolean; source: string; steps: number }): string {
  const steps = `your ${state.steps} training step${state.steps === 1 ? '' : 's'} here`;
  if (state.trained) {
    return state.steps
      ? `The step-through opens with your trained network (${state.source}) as it was before ${steps}: steps taken on this page are not carried over, so its numbers differ from the probabilities above.`
      : `The step-through opens with your trained network (${state.source}).`;
  }
  return state.steps
    ? `The step-through opens with its own seeded, untrained weights; ${steps} ${state.steps === 1 ? 'is' : 'are'} not carried over, so its numbers differ from the probabilities above.`
    : 'The step-through opens with its own seeded, untrained weights.';
}
