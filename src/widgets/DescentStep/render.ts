/**
 * "One step of gradient descent": the η controls (log slider and exact field, side by side) next
 * to the loss after one step against η — this digit and the mean over the 100 sample digits, the
 * current η marked — the verdict in a colour that follows the outcome, and more steps on this
 * digit with their loss curve. Pure: the element wires the events and owns the computation order.
 */
import { line, scaleLinear, scaleLog, select } from 'd3';
import type { DescentCurve, EtaPoint, Iteration, Verdict } from '../../state/descent.ts';
import { flatNote, restartNote, MAX_ETA, MIN_ETA, SLIDER_ETA } from '../../state/descent.ts';
import { formatNumber } from '../lib/format.ts';

export interface DescentView {
  eta: number;
  /** Losses before the step and after the step with the current η (the session's pass). */
  before: { digit: number; mean: number | null };
  after: { digit: number; mean: number | null };
  /** The curve over η; points may still be arriving (`done` false). */
  curve: { points: EtaPoint[]; total: number };
  verdict: Verdict;
  iteration: Iteration | null;
  /** A message for an η the learner typed that is not valid. */
  error: string | null;
}

const H = 250;

function plotBox(width: number) {
  const w = Math.round(Math.max(300, Math.min(600, width)));
  return { width: w, left: 50, right: w - 12, top: 18, bottom: H - 40 };
}

export function renderDescentStep(root: HTMLElement, view: DescentView, id: string, width = 560): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-descent').data([null]).join('div').attr('class', 'sw-descent')
    .attr('data-eta', view.eta).attr('data-digit-before', view.before.digit).attr('data-digit-after', view.after.digit)
    .attr('data-mean-before', view.before.mean).attr('data-mean-after', view.after.mean).attr('data-good', String(view.verdict.good))
    .attr('data-curve-points', view.curve.points.length);

  // Controls: the slider and the exact number, side by side, above the plot they change.
  const controls = box.selectAll<HTMLDivElement, null>('div.sw-descent-controls').data([null]).join('div').attr('class', 'sw-descent-controls');
  controls.selectAll('label.sw-eta-slider-label').data([null]).join('label').attr('class', 'sw-eta-slider-label').attr('for', `${id}-slider`)
    .text(`Learning rate η (drag: ${SLIDER_ETA.min} to ${SLIDER_ETA.max}, logarithmic; type up to ${MAX_ETA})`);
  controls.selectAll<HTMLInputElement, null>('input.sw-eta-slider').data([null]).join('input').attr('class', 'sw-eta-slider')
    .attr('id', `${id}-slider`).attr('type', 'range').attr('name', 'log-eta')
    .attr('min', Math.log10(SLIDER_ETA.min)).attr('max', Math.log10(SLIDER_ETA.max)).attr('step', 0.01)
    .attr('aria-valuetext', `η = ${view.eta}`).property('value', String(Math.log10(view.eta)));
  const exact = controls.selectAll<HTMLLabelElement, null>('label.sw-eta-exact').data([null]).join('label').attr('class', 'sw-eta-exact');
  exact.selectAll('span').data([null]).join('span').text('exact η');
  exact.selectAll<HTMLInputElement, null>('input').data([null]).join('input').attr('type', 'text').attr('name', 'eta').attr('inputmode', 'decimal')
    .attr('aria-invalid', String(!!view.error)).attr('aria-describedby', `${id}-error`)
    .each(function () { if (document.activeElement !== this && !view.error) this.value = String(view.eta); });
  controls.selectAll('p.sw-field-error').data([null]).join('p').attr('class', 'sw-field-error').attr('id', `${id}-error`).attr('role', 'alert').text(view.error ?? '');

  // Loss after one step against η.
  const g = plotBox(width);
  const x = scaleLog().domain([MIN_ETA, MAX_ETA]).range([g.left, g.right]);
  const values = [view.before.digit, view.before.mean ?? 0, ...view.curve.points.flatMap((p) => [p.digit, p.mean])];
  // Losses after a step span from near 0 (this digit, large η) to thousands (the others): a log axis.
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const y = scaleLog().domain([Math.max(1e-8, Math.min(...positive) * 0.7), Math.max(...positive) * 1.4]).range([g.bottom, g.top]).clamp(true).nice();
  const svg = box.selectAll<SVGSVGElement, null>('svg.sw-eta-plot').data([null]).join('svg').attr('class', 'sw-eta-plot')
    .attr('viewBox', `0 0 ${g.width} ${H}`).attr('width', g.width).attr('height', H).attr('role', 'img')
    .attr('aria-label', `Loss after one step against η from ${MIN_ETA} to ${MAX_ETA}. At η = ${view.eta}: this digit ${formatNumber(view.after.digit)} (before ${formatNumber(view.before.digit)})` +
      (view.after.mean !== null && view.before.mean !== null ? `, mean over the 100 digits ${formatNumber(view.after.mean)} (before ${formatNumber(view.before.mean)})` : ''));
  const xTicks = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];
  svg.selectAll<SVGTextElement, number>('text.sw-tick-x').data(xTicks).join('text').attr('class', 'sw-tick sw-tick-x')
    .attr('x', (t) => x(t)).attr('y', g.bottom + 16).attr('text-anchor', 'middle').text((t) => String(t));
  svg.selectAll('text.sw-axis-x').data([null]).join('text').attr('class', 'sw-tick sw-axis-x').attr('x', g.right).attr('y', H - 4).attr('text-anchor', 'end').text('learning rate η');
  const decades = y.ticks().filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  // At most about six labelled decades, so the axis stays readable.
  const stride = Math.ceil(decades.length / 6);
  const yTicks = decades.filter((t) => Math.round(Math.log10(t)) % stride === 0);
  svg.selectAll<SVGLineElement, number>('line.sw-grid').data(yTicks).join('line').attr('class', 'sw-grid')
    .attr('x1', g.left).attr('x2', g.right).attr('y1', (t) => y(t)).attr('y2', (t) => y(t));
  svg.selectAll<SVGTextElement, number>('text.sw-tick-y').data(yTicks).join('text').attr('class', 'sw-tick sw-tick-y')
    .attr('x', g.left - 6).attr('y', (t) => y(t) + 4).attr('text-anchor', 'end').text((t) => (t >= 0.001 && t <= 1e4 ? String(t) : t.toExponential(0)));
  svg.selectAll('text.sw-axis-y').data([null]).join('text').attr('class', 'sw-tick sw-axis-y').attr('x', 2).attr('y', g.top - 2).text('loss after the step (log scale)');
  const befores = [{ key: 'digit', v: view.before.digit }, ...(view.before.mean !== null ? [{ key: 'mean', v: view.before.mean }] : [])];
  svg.selectAll<SVGLineElement, (typeof befores)[number]>('line.sw-before-line').data(befores, (d) => d.key).join('line')
    .attr('class', (d) => `sw-before-line sw-series-${d.key}`).attr('x1', g.left).attr('x2', g.right).attr('y1', (d) => y(d.v)).attr('y2', (d) => y(d.v));
  const path = (key: 'digit' | 'mean') => line<EtaPoint>().x((p) => x(p.eta)).y((p) => y(p[key]))(view.curve.points) ?? '';
  svg.selectAll<SVGPathElement, string>('path.sw-eta-curve').data(['digit', 'mean'] as const).join('path')
    .attr('class', (d) => `sw-eta-curve sw-series-${d}`).attr('d', (d) => path(d));
  svg.selectAll('line.sw-eta-now').data([null]).join('line').attr('class', 'sw-eta-now').attr('x1', x(view.eta)).attr('x2', x(view.eta)).attr('y1', g.top).attr('y2', g.bottom);
  const marks = [{ key: 'digit', v: view.after.digit }, ...(view.after.mean !== null ? [{ key: 'mean', v: view.after.mean }] : [])];
  svg.selectAll<SVGCircleElement, (typeof marks)[number]>('circle.sw-eta-mark').data(marks, (d) => d.key).join('circle')
    .attr('class', (d) => `sw-eta-mark sw-series-${d.key}`).attr('cx', x(view.eta)).attr('cy', (d) => y(d.v)).attr('r', 5);
  // A loss below the axis's floor (this digit's, at large η, can reach 1e-30 or round to 0) is drawn on
  // the bottom edge: say so, or the flat stretch reads as "the loss stops changing".
  const floor = y.domain()[0];
  const below = view.curve.points.find((p) => p.digit < floor);
  box.selectAll('p.sw-floor-note').data(below ? [below] : []).join((enter) => enter.insert('p', 'svg.sw-eta-plot + *')).attr('class', 'sw-floor-note')
    .text((p) => `From η ≈ ${formatNumber(p.eta, 2)} this digit's loss is below ${floor.toExponential(0)}, the bottom of the axis: it is drawn on the bottom edge.`);
  svg.selectAll('text.sw-computing').data(view.curve.points.length < view.curve.total ? [null] : []).join('text').attr('class', 'sw-tick sw-computing')
    .attr('x', g.right).attr('y', g.top + 12).attr('text-anchor', 'end').text(`computing… ${view.curve.points.length} of ${view.curve.total} steps`);
  const keys = [
    { key: 'digit', text: 'this digit' },
    { key: 'mean', text: 'mean over the 100 sample digits' },
    { key: 'before', text: 'dashed: before the step' },
  ];
  box.selectAll<HTMLParagraphElement, null>('p.sw-descent-keys').data([null]).join('p').attr('class', 'sw-descent-keys')
    .selectAll<HTMLSpanElement, (typeof keys)[number]>('span').data(keys).join('span').attr('class', (d) => `sw-key sw-series-${d.key}`).text((d) => d.text);

  box.selectAll('p.sw-verdict').data([view.verdict]).join('p').attr('class', (d) => `sw-verdict ${d.good ? 'sw-good' : 'sw-bad'}`)
    .attr('role', 'status').text((d) => d.text);

  // More steps on this digit.
  const more = box.selectAll<HTMLDivElement, null>('div.sw-iterate').data([null]).join('div').attr('class', 'sw-iterate');
  const buttons = [
    { action: 'step', text: 'Take another step' },
    { action: 'ten', text: '10 more steps on this digit' },
    { action: 'restart', text: 'Start over' },
  ];
  more.selectAll<HTMLDivElement, null>('div.sw-iterate-buttons').data([null]).join('div').attr('class', 'sw-iterate-buttons')
    .selectAll<HTMLButtonElement, (typeof buttons)[number]>('button').data(buttons, (d) => d.action).join('button')
    .attr('type', 'button').attr('data-action', (d) => d.action).text((d) => d.text)
    .property('disabled', (d) => !view.iteration || (d.action === 'restart' && view.iteration.points.length <= 1));
  const points = view.iteration?.points ?? [];
  const last = points.at(-1);
  more.selectAll('p.sw-iterate-note').data([null]).join('p').attr('class', 'sw-iterate-note')
    .attr('data-steps', Math.max(0, points.length - 1)).attr('data-digit', last?.digit ?? null).attr('data-mean', last?.mean ?? null)
    .text(!last ? 'Loading the digits…' : points.length === 1
      ? `Each press runs the whole pass again (forward, backward, update) on this same digit with η = ${view.eta}. These steps stay in this panel.`
      : `After ${points.length - 1} step${points.length > 2 ? 's' : ''} on this digit with η = ${view.eta}: its loss is ${formatNumber(last.digit)}, the mean loss over the 100 sample digits ${formatNumber(last.mean)} (they started at ${formatNumber(points[0].digit)} and ${formatNumber(points[0].mean)}).`);
  const sg = { width: Math.min(g.width, 420), left: 40, right: Math.min(g.width, 420) - 10, top: 16, bottom: 120 };
  const sx = scaleLinear().domain([0, Math.max(10, points.length - 1)]).range([sg.left, sg.right]);
  const sy = scaleLinear().domain([0, Math.max(...points.flatMap((p) => [p.digit, p.mean]), 1) * 1.05]).range([sg.bottom, sg.top]).nice();
  const small = more.selectAll<SVGSVGElement, null>('svg.sw-iterate-plot').data(points.length ? [null] : []).join('svg').attr('class', 'sw-iterate-plot')
    .attr('viewBox', `0 0 ${sg.width} 150`).attr('width', sg.width).attr('height', 150).attr('role', 'img')
    .attr('aria-label', `Loss after each step on this digit: ${points.map((p) => formatNumber(p.digit, 3)).join(', ')}`);
  small.selectAll<SVGTextElement, number>('text.sw-tick-x').data(sx.ticks(5).filter(Number.isInteger)).join('text').attr('class', 'sw-tick sw-tick-x')
    .attr('x', (t) => sx(t)).attr('y', sg.bottom + 14).attr('text-anchor', 'middle').text((t) => String(t));
  small.selectAll('text.sw-axis-x').data([null]).join('text').attr('class', 'sw-tick sw-axis-x').attr('x', sg.right).attr('y', 148).attr('text-anchor', 'end').text('steps taken');
  small.selectAll<SVGTextElement, number>('text.sw-tick-y').data(sy.ticks(3)).join('text').attr('class', 'sw-tick sw-tick-y')
    .attr('x', sg.left - 6).attr('y', (t) => sy(t) + 4).attr('text-anchor', 'end').text((t) => formatNumber(t, 3));
  small.selectAll<SVGPathElement, string>('path.sw-iterate-curve').data(['digit', 'mean'] as const).join('path')
    .attr('class', (d) => `sw-iterate-curve sw-series-${d}`)
    .attr('d', (d) => line<(typeof points)[number]>().x((p) => sx(p.step)).y((p) => sy(p[d]))(points) ?? '');
  small.selectAll<SVGCircleElement, (typeof points)[number]>('circle.sw-iterate-dot').data(points).join('circle').attr('class', 'sw-iterate-dot sw-series-digit')
    .attr('cx', (p) => sx(p.step)).attr('cy', (p) => sy(p.digit)).attr('r', 3);
  small.selectAll('text.sw-axis-y').data([null]).join('text').attr('class', 'sw-tick sw-axis-y').attr('x', sg.left).attr('y', 8).text('loss');
  // The same key as the plot above: which line is which.
  more.selectAll<HTMLParagraphElement, null>('p.sw-iterate-keys').data(points.length > 1 ? [null] : []).join('p').attr('class', 'sw-descent-keys sw-iterate-keys')
    .selectAll<HTMLSpanElement, (typeof keys)[number]>('span').data(keys.slice(0, 2)).join('span').attr('class', (d) => `sw-key sw-series-${d.key}`).text((d) => d.text);
  // A flat curve after more steps is not a bug: say why, from the last step's numbers.
  const flat = view.iteration ? flatNote(points, view.eta, view.iteration.label) : null;
  more.selectAll('p.sw-flat-note').data(flat ? [flat] : []).join('p').attr('class', 'sw-flat-note').text((d) => d);
  const restarted = view.iteration ? restartNote(view.iteration) : null;
  more.selectAll('p.sw-restart-note').data(restarted ? [restarted] : []).join((enter) => enter.insert('p', 'svg.sw-iterate-plot')).attr('class', 'sw-restart-note').attr('role', 'status').text((d) => d);
}
