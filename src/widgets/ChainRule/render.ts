/**
 * The chain rule, explorable: the loss L(w) as one weight w of the real network moves, the
 * current point and its tangent (slope dL/dw from backpropagation), the finite-difference slope
 * beside it, and the chain ∂L/∂w = ∂L/∂z · ∂z/∂w with its three numbers. Pure: the element owns
 * which weight and which w; every number comes from `src/state/chain-rule.ts`.
 */
import katex from 'katex';
import { extent, line, scaleLinear, select } from 'd3';
import type { ChainRuleModel, ChainRulePoint, WeightChoice } from '../../state/chain-rule.ts';
import { formatNumber, trueDigitMark } from '../lib/format.ts';
import { sub, sup } from '../../explain/notation.ts';


/**
 * The note under the weight fields when a typed choice does not exist, as a sentence: the reason
 * (from `checkChoice`, which words it in lower case to be composed) and the weight still shown.
 */
export function choiceError(reason: string, shown: WeightChoice, layers: number): string {
  // The weight still shown in the fields' own words ("into output 7, from hidden unit 8"), not bare numbers.
  const into = shown.layer === layers ? `output ${shown.row}` : `unit ${shown.row}`;
  const from = shown.layer === 1 ? `pixel ${shown.col}` : `hidden unit ${shown.col}`;
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}; still showing ${weightName(shown)}, into ${into} from ${from}.`;
}

/** How many steps the w slider has from its min to its max; a drag on the plot lands on one of them too. */
export const SLIDER_STEPS = 400;

export interface ChainRuleView {
  model: Pick<ChainRuleModel, 'choice' | 'w0' | 'min' | 'max' | 'curve' | 'layers' | 'rows' | 'cols' | 'label'>;
  point: ChainRulePoint;
  /** A message for a weight the learner typed that does not exist (the last valid one stays). */
  error: string | null;
  /** The field that was refused ('layer', 'row' or 'col'): only it is marked invalid. */
  errorField?: string | null;
}

const HEIGHT = 250;
/** The plot area inside the SVG (CSS pixels for a given width); the element turns a pointer into w with it. */
export function plotArea(width: number) {
  const w = Math.round(Math.max(280, Math.min(600, width)));
  return { width: w, left: 52, right: w - 14, top: 16, bottom: HEIGHT - 34 };
}

/** "W⁽²⁾₇,₁₂" */
export function weightName(choice: WeightChoice): string {
  return `W${sup(choice.layer)}${sub(`${choice.row},${choice.col}`)}`;
}

/** In words: where the weight goes from and to. */
export function weightDescription(view: ChainRuleView): string {
  const { choice, layers, label } = view.model;
  const from = choice.layer === 1 ? `pixel ${choice.col} (row ${Math.floor(choice.col / 28)}, column ${choice.col % 28})` : `unit ${choice.col} of hidden layer ${choice.layer - 1}`;
  const to = choice.layer === layers ? `output ${choice.row} (the score of digit ${choice.row}${choice.row === label ? ` ${trueDigitMark}, the true digit` : ''})` : `unit ${choice.row} of hidden layer ${choice.layer}`;
  return `w = ${weightName(choice)}, the weight from ${from} to ${to}.`;
}

/** A number for TeX: TeX minus, scientific notation as × 10^n. */
function tex(value: number, digits = 4, bracket = true): string {
  const text = formatNumber(value, digits).replace('−', '-');
  const match = /^(-?[\d.]+)e([+-]?\d+)$/.exec(text);
  const body = match ? `${match[1]} \\times 10^{${Number(match[2])}}` : text;
  return value < 0 && bracket ? `(${body})` : body;
}

export function renderChainRule(root: HTMLElement, view: ChainRuleView, id: string, width = 560): void {
  const { model, point } = view;
  const PLOT = plotArea(width);
  const WIDTH = PLOT.width;
  const { choice } = model;
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-chain').data([null]).join('div').attr('class', 'sw-chain')
    .attr('data-w', point.w).attr('data-loss', point.loss).attr('data-slope', point.slope).attr('data-fd', point.finiteDifference)
    .attr('data-epsilon', point.epsilon).attr('data-dldz', point.dLdz).attr('data-dzdw', point.dzdw);

  // Which weight: layer, the unit it feeds, the input it multiplies.
  const pick = box.selectAll<HTMLFieldSetElement, null>('fieldset.sw-chain-pick').data([null]).join('fieldset').attr('class', 'sw-chain-pick');
  pick.selectAll('legend').data([null]).join('legend').text('Pick a weight');
  const fields = [
    { name: 'layer', label: 'Layer', value: choice.layer, max: model.layers, min: 1 },
    { name: 'row', label: choice.layer === model.layers ? 'Into output (digit)' : 'Into unit', value: choice.row, max: model.rows - 1, min: 0 },
    { name: 'col', label: choice.layer === 1 ? 'From pixel' : 'From hidden unit', value: choice.col, max: model.cols - 1, min: 0 },
  ];
  const field = pick.selectAll<HTMLLabelElement, (typeof fields)[number]>('label.sw-field').data(fields, (d) => d.name).join('label').attr('class', 'sw-field');
  field.selectAll<HTMLSpanElement, (typeof fields)[number]>('span').data((d) => [d]).join('span').text((d) => `${d.label} (${d.min}–${d.max})`);
  field.selectAll<HTMLInputElement, (typeof fields)[number]>('input').data((d) => [d]).join('input')
    .attr('type', 'number').attr('name', (d) => d.name).attr('min', (d) => d.min).attr('max', (d) => d.max).attr('step', 1)
    .attr('inputmode', 'numeric').attr('aria-describedby', `${id}-error`).attr('aria-invalid', (d) => String(!!view.error && d.name === view.errorField))
    .each(function (d) { if (document.activeElement !== this || view.error === null) this.value = String(d.value); });
  pick.selectAll('p.sw-field-error').data([null]).join('p').attr('class', 'sw-field-error').attr('id', `${id}-error`).attr('role', 'alert')
    .text(view.error ?? '');
  box.selectAll('p.sw-chain-what').data([null]).join('p').attr('class', 'sw-chain-what').text(weightDescription(view));

  // The slider: drag it, or focus it and use the arrow keys.
  const slider = box.selectAll<HTMLDivElement, null>('div.sw-chain-slider').data([null]).join('div').attr('class', 'sw-chain-slider');
  slider.selectAll('label').data([null]).join('label').attr('for', `${id}-w`).text(`Move w (${formatNumber(model.min)} to ${formatNumber(model.max)})`);
  slider.selectAll<HTMLInputElement, null>('input').data([null]).join('input').attr('id', `${id}-w`).attr('type', 'range').attr('name', 'w')
    .attr('min', model.min).attr('max', model.max).attr('step', (model.max - model.min) / SLIDER_STEPS)
    .attr('aria-valuetext', `w = ${formatNumber(point.w)}, loss ${formatNumber(point.loss)}`)
    .property('value', String(point.w));
  slider.selectAll('output').data([null]).join('output').attr('for', `${id}-w`).text(`w = ${formatNumber(point.w)}`);
  slider.selectAll('button').data([null]).join('button').attr('type', 'button').attr('data-action', 'reset-w')
    .text(`Back to the network’s w₀ = ${formatNumber(model.w0)}`).property('disabled', point.w === model.w0);

  // The curve L(w), the current point and its tangent.
  const x = scaleLinear().domain([model.min, model.max]).range([PLOT.left, PLOT.right]);
  const [lo, hi] = extent(model.curve, (d) => d.loss) as [number, number];
  const pad = Math.max(1e-3, (hi - lo) * 0.12);
  const y = scaleLinear().domain([lo - pad, hi + pad]).range([PLOT.bottom, PLOT.top]).nice();
  const svg = box.selectAll<SVGSVGElement, null>('svg.sw-chain-plot').data([null]).join('svg').attr('class', 'sw-chain-plot')
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`).attr('width', WIDTH).attr('height', HEIGHT).attr('role', 'img')
    .attr('aria-label', `The loss L as w moves from ${formatNumber(model.min)} to ${formatNumber(model.max)}; at w = ${formatNumber(point.w)} the loss is ${formatNumber(point.loss)} and its slope is ${formatNumber(point.slope)}`);
  const xTicks = x.ticks(6);
  const yTicks = y.ticks(4);
  svg.selectAll<SVGLineElement, number>('line.sw-grid').data(yTicks).join('line').attr('class', 'sw-grid')
    .attr('x1', PLOT.left).attr('x2', PLOT.right).attr('y1', (t) => y(t)).attr('y2', (t) => y(t));
  svg.selectAll<SVGTextElement, number>('text.sw-tick-y').data(yTicks).join('text').attr('class', 'sw-tick sw-tick-y')
    .attr('x', PLOT.left - 6).attr('y', (t) => y(t) + 4).attr('text-anchor', 'end').text((t) => formatNumber(t, 3));
  svg.selectAll<SVGTextElement, number>('text.sw-tick-x').data(xTicks).join('text').attr('class', 'sw-tick sw-tick-x')
    .attr('x', (t) => x(t)).attr('y', PLOT.bottom + 16).attr('text-anchor', 'middle').text((t) => formatNumber(t, 3));
  svg.selectAll('text.sw-axis-x').data([null]).join('text').attr('class', 'sw-tick sw-axis-x').attr('x', PLOT.right).attr('y', HEIGHT - 2)
    .attr('text-anchor', 'end').text(`w = ${weightName(choice)}`);
  svg.selectAll('text.sw-axis-y').data([null]).join('text').attr('class', 'sw-tick sw-axis-y').attr('x', 4).attr('y', PLOT.top - 2).text('loss L');
  svg.selectAll('line.sw-w0').data([null]).join('line').attr('class', 'sw-w0')
    .attr('x1', x(model.w0)).attr('x2', x(model.w0)).attr('y1', PLOT.top).attr('y2', PLOT.bottom);
  svg.selectAll('text.sw-w0-label').data([null]).join('text').attr('class', 'sw-tick sw-w0-label').attr('x', x(model.w0) + 4).attr('y', PLOT.bottom - 4).text('w₀');
  svg.selectAll('path.sw-curve').data([null]).join('path').attr('class', 'sw-curve')
    .attr('d', line<{ w: number; loss: number }>().x((d) => x(d.w)).y((d) => y(d.loss))(model.curve));
  const half = (model.max - model.min) / 5;
  const tangent = [point.w - half, point.w + half].map((w) => ({ w, loss: point.loss + point.slope * (w - point.w) }));
  svg.selectAll('path.sw-tangent').data([null]).join('path').attr('class', 'sw-tangent')
    .attr('d', line<{ w: number; loss: number }>().x((d) => x(d.w)).y((d) => y(d.loss))(tangent));
  svg.selectAll('circle.sw-point').data([null]).join('circle').attr('class', 'sw-point').attr('cx', x(point.w)).attr('cy', y(point.loss)).attr('r', 6);
  svg.selectAll('rect.sw-drag').data([null]).join('rect').attr('class', 'sw-drag')
    .attr('x', PLOT.left).attr('y', PLOT.top).attr('width', PLOT.right - PLOT.left).attr('height', PLOT.bottom - PLOT.top);

  // The two slopes side by side.
  const rows = [
    { key: 'loss', term: 'Loss at this w', value: formatNumber(point.loss, 7) },
    { key: 'slope', term: 'Slope from backpropagation, ∂L/∂w (the tangent)', value: formatNumber(point.slope, 7) },
    { key: 'fd', term: `Finite difference (L(w+ε) − L(w−ε)) / 2ε, ε = ${point.epsilon}`, value: formatNumber(point.finiteDifference, 7) },
    { key: 'diff', term: 'They differ by (relative)', value: formatNumber(point.relativeDifference, 2) },
  ];
  const dl = box.selectAll<HTMLDListElement, null>('dl.sw-chain-numbers').data([null]).join('dl').attr('class', 'sw-chain-numbers');
  const item = dl.selectAll<HTMLDivElement, (typeof rows)[number]>('div').data(rows, (d) => d.key).join('div').attr('data-key', (d) => d.key);
  item.selectAll<HTMLElement, (typeof rows)[number]>('dt').data((d) => [d]).join('dt').text((d) => d.term);
  item.selectAll<HTMLElement, (typeof rows)[number]>('dd').data((d) => [d]).join('dd').text((d) => d.value);

  // The chain: ∂L/∂w = ∂L/∂z · ∂z/∂w, live.
  const l = choice.layer;
  const zTex = `z^{(${l})}_{${choice.row}}`;
  const inputTex = l === 1 ? `x_{${choice.col}}` : `a^{(${l - 1})}_{${choice.col}}`;
  // Two lines, so the numbers stay in view on a phone.
  const chain = `\\begin{aligned} \\frac{\\partial L}{\\partial w} &= \\frac{\\partial L}{\\partial ${zTex}} \\cdot \\frac{\\partial ${zTex}}{\\partial w} \\\\ &= ${tex(point.dLdz)} \\cdot ${tex(point.dzdw)} = ${tex(point.dLdz * point.dzdw, 4, false)} \\end{aligned}`;
  const eq = box.selectAll<HTMLDivElement, null>('div.sw-chain-eq').data([null]).join('div').attr('class', 'sw-chain-eq');
  if (eq.attr('data-tex') !== chain) {
    katex.render(chain, eq.node()!, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
    eq.attr('data-tex', chain);
  }
  const inputPlain = l === 1 ? `the pixel x${sub(String(choice.col))}` : `the activation a${sup(l - 1)}${sub(String(choice.col))}`;
  const zPlain = `z${sup(l)}${sub(String(choice.row))}`;
  const why = [
    `∂${zPlain}/∂w = ${formatNumber(point.dzdw)}: ${zPlain} is a sum that contains w × ${inputPlain}, so nudging w by a small δ moves ${zPlain} by ${formatNumber(point.dzdw)} × δ.${point.dzdw === 0 ? ' This input is 0, so this weight cannot change the loss at all: its slope is 0.' : ''}`,
    `∂L/∂${zPlain} = ${formatNumber(point.dLdz)}: how the loss answers a change of ${zPlain}, which backpropagation brought down from the loss${l === model.layers ? ` (at the output it is p${sub(String(choice.row))} − ${choice.row === model.label ? 1 : 0})` : ''}.`,
    `Their product is the slope of the curve at this w: ${formatNumber(point.dLdz)} × ${formatNumber(point.dzdw)} = ${formatNumber(point.dLdz * point.dzdw)}.`,
  ];
  box.selectAll('p.sw-chain-why').data(why).join('p').attr('class', 'sw-chain-why').text((d) => d);
}
