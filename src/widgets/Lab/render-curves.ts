/**
 * The lab's curves: loss per batch (raw, faint; smoothed, solid) on a log scale at the left and
 * accuracy per epoch (test: solid with dots; train: dotted) at the right, over one axis of
 * training digits seen. Learning-rate changes are dashed verticals; a blow-up is a red ✕.
 * Several runs overlay, each in its own colour-blind-safe colour, named in the legend.
 */
import { axisBottom, axisLeft, axisRight, line, max, scaleLinear, scaleLog, select } from 'd3';
import { formatNumber, formatPercent, formatSetting } from '../lib/format.ts';
import { currentScheme } from '../lib/theme.ts';
import type { BatchPoints } from '../../train/protocol.ts';
import { EMPTY_TEXT, type CurveSeries } from './view.ts';

const HEIGHT = 280;
const MARGIN = { top: 16, right: 48, bottom: 40, left: 52 };

export interface CurvesView {
  series: CurveSeries[];
  /** The x extent to show at least (the live run's planned samples). */
  xMax: number;
}

/** What a chart last drew into a root (so an unchanged part is not rebuilt). */
interface Drawn {
  frame?: string;
  overlay?: string;
  legend?: string;
  label?: string;
  colours?: Map<string, string>;
}
const drawnOf = new WeakMap<HTMLElement, Drawn>();

/**
 * Draws the curves into `root`. Called a few times a second while a run trains, so each part is
 * rebuilt only when what it shows changed: the axes when the scales change, the accuracy dots and
 * markers at an epoch's end, the legend when its text changes. The dense per-batch loss lines
 * (thousands of points) go to a canvas under the SVG, redrawn each call: a canvas costs no style,
 * layout or SVG path work, only one bitmap. `width` is the root's width if the caller knows it
 * (a ResizeObserver's), so drawing never forces a layout to measure it.
 */
export function renderCurves(root: HTMLElement, view: CurvesView, knownWidth?: number): void {
  const drawn = drawnOf.get(root) ?? {};
  drawnOf.set(root, drawn);
  const width = Math.max(280, Math.round(knownWidth || root.clientWidth || 640));
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xMax = Math.max(view.xMax, max(view.series, (s) => s.raw.samplesSeen.at(-1) ?? 0) ?? 0, 1);
  const x = scaleLinear().domain([0, xMax]).range([0, innerW]);
  let lossMax = 3;
  for (const s of view.series) {
    const loss = s.raw.loss;
    for (let k = Math.max(0, loss.length - 5000); k < loss.length; k++) if (loss[k] > lossMax && Number.isFinite(loss[k])) lossMax = loss[k];
  }
  lossMax = Math.min(100, lossMax);
  const y = scaleLog().domain([0.01, lossMax]).range([innerH, 0]).clamp(true);
  const yAcc = scaleLinear().domain([0, 1]).range([innerH, 0]);

  // The plot: a box of fixed height whose insides never change the page's layout (CSS contain).
  const plot = select(root).selectAll<HTMLDivElement, null>('div.sw-curves-plot').data([null]).join((enter) => {
    const box = enter.insert('div', ':first-child').attr('class', 'sw-curves-plot');
    box.append('canvas').attr('class', 'sw-curves-loss').attr('aria-hidden', 'true');
    return box;
  });
  // Created once; later calls set only what changed (an attribute set to its own value is still a mutation).
  const svg = plot.selectAll<SVGSVGElement, null>('svg.sw-curves').data([null]).join((enter) => enter.append('svg').attr('class', 'sw-curves').attr('role', 'img'));
  const label = describe(view);
  if (label !== drawn.label) {
    drawn.label = label;
    svg.attr('aria-label', label);
  }
  const g = svg.selectAll<SVGGElement, null>('g.sw-plot').data([null]).join((enter) => enter.append('g').attr('class', 'sw-plot'));

  const frameKey = [width, xMax, lossMax, currentScheme()].join('|');
  if (frameKey !== drawn.frame) {
    drawn.frame = frameKey;
    drawn.overlay = undefined;
    drawn.colours = new Map();
    svg.attr('width', width).attr('height', HEIGHT).attr('viewBox', `0 0 ${width} ${HEIGHT}`);
    g.attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
    g.selectAll<SVGGElement, null>('g.sw-x').data([null]).join('g').attr('class', 'sw-x sw-axis').attr('transform', `translate(0,${innerH})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(innerW / 90))).tickFormat((v) => formatNumber(Number(v), 3)));
    g.selectAll<SVGGElement, null>('g.sw-y').data([null]).join('g').attr('class', 'sw-y sw-axis')
      .call(axisLeft(y).ticks(4, (v: number) => formatNumber(v, 2)));
    g.selectAll<SVGGElement, null>('g.sw-yacc').data([null]).join('g').attr('class', 'sw-yacc sw-axis').attr('transform', `translate(${innerW},0)`)
      .call(axisRight(yAcc).ticks(5).tickFormat((v) => `${Math.round(Number(v) * 100)} %`));
    const labels = [
      { cls: 'sw-xlabel', text: 'training digits seen', x: innerW / 2, y: innerH + 34, anchor: 'middle' },
      { cls: 'sw-ylabel', text: 'loss (log scale)', x: 0, y: -4, anchor: 'start' },
      { cls: 'sw-acclabel', text: 'accuracy', x: innerW, y: -4, anchor: 'end' },
    ];
    g.selectAll<SVGTextElement, (typeof labels)[number]>('text.sw-axis-label').data(labels).join('text')
      .attr('class', (d) => `sw-axis-label ${d.cls}`).attr('x', (d) => d.x).attr('y', (d) => d.y).attr('text-anchor', (d) => d.anchor).text((d) => d.text);
  }

  // The per-batch loss (raw, faint; smoothed, solid) of every run, on the canvas.
  drawLoss(plot.select<HTMLCanvasElement>('canvas').node(), view.series, { x, y, innerW, innerH, left: MARGIN.left, top: MARGIN.top }, root, drawn);

  // What changes only at an epoch's end, a change of η or a blow-up.
  const overlayKey = [frameKey, ...view.series.map((s) => [s.key, s.colour, s.testAccuracy.length, s.trainAccuracy.length, s.changes.map((c) => `${c.x}:${c.learningRate}`).join(','), s.diverged?.x ?? ''].join('/'))].join('|');
  if (overlayKey !== drawn.overlay) {
    drawn.overlay = overlayKey;
    const accLine = line<{ x: number; y: number }>().x((p) => x(p.x)).y((p) => yAcc(p.y));
    const runs = g.selectAll<SVGGElement, CurveSeries>('g.sw-run').data(view.series, (s) => s.key).join('g').attr('class', 'sw-run')
      .attr('data-key', (s) => s.key);
    runs.selectAll<SVGPathElement, CurveSeries>('path.sw-test').data((s) => [s]).join('path').attr('class', 'sw-test')
      .style('stroke', (s) => s.colour).attr('d', (s) => accLine(s.testAccuracy) ?? '');
    runs.selectAll<SVGPathElement, CurveSeries>('path.sw-train').data((s) => [s]).join('path').attr('class', 'sw-train')
      .style('stroke', (s) => s.colour).attr('d', (s) => accLine(s.trainAccuracy) ?? '');
    runs.selectAll<SVGCircleElement, { x: number; y: number; colour: string }>('circle.sw-test-dot')
      .data((s) => s.testAccuracy.map((p) => ({ ...p, colour: s.colour }))).join('circle').attr('class', 'sw-test-dot')
      .attr('r', 3.5).style('fill', (d) => d.colour).attr('cx', (d) => x(d.x)).attr('cy', (d) => yAcc(d.y));
    const changes = runs.selectAll<SVGGElement, { x: number; learningRate: number; colour: string }>('g.sw-lr-change')
      .data((s) => s.changes.map((c) => ({ ...c, colour: s.colour }))).join((enter) => {
        const e = enter.append('g').attr('class', 'sw-lr-change');
        e.append('line');
        e.append('text');
        return e;
      });
    changes.select('line').attr('x1', (d) => x(d.x)).attr('x2', (d) => x(d.x)).attr('y1', 0).attr('y2', innerH).style('stroke', (d) => d.colour);
    changes.select('text').attr('x', (d) => x(d.x) + 3).attr('y', 12).text((d) => `η → ${formatSetting(d.learningRate)}`);
    const blowups = runs.selectAll<SVGGElement, { x: number; loss: number }>('g.sw-blowup').data((s) => (s.diverged ? [s.diverged] : [])).join((enter) => {
      const e = enter.append('g').attr('class', 'sw-blowup');
      e.append('text').attr('class', 'sw-blowup-mark').attr('text-anchor', 'middle').text('✕');
      e.append('text').attr('class', 'sw-blowup-label');
      return e;
    });
    blowups.select('.sw-blowup-mark').attr('x', (d) => x(d.x)).attr('y', 18);
    blowups.select('.sw-blowup-label').attr('x', (d) => Math.min(x(d.x) + 8, innerW - 70)).attr('y', 34).text('blew up here');
    g.selectAll<SVGTextElement, null>('text.sw-curves-empty').data(view.series.length ? [] : [null]).join('text').attr('class', 'sw-curves-empty')
      .attr('x', innerW / 2).attr('y', innerH / 2).attr('text-anchor', 'middle').text(EMPTY_TEXT.curves);
  }

  // Legend: HTML, so it wraps on a phone and is read as text.
  const keys = view.series.map((s) => ({ key: s.key, colour: s.colour, text: s.label + (s.testAccuracy.length ? ` — test ${formatPercent(s.testAccuracy.at(-1)!.y)}` : s.diverged ? ' — blew up' : '') }));
  // The key names the η mark only when a curve has one (review: it was named on runs that never changed η).
  const anyChange = view.series.some((s) => s.changes.length > 0);
  const legendKey = JSON.stringify([keys, anyChange]);
  if (legendKey !== drawn.legend) {
    drawn.legend = legendKey;
    const legend = select(root).selectAll<HTMLUListElement, null>('ul.sw-curves-legend').data([null]).join('ul').attr('class', 'sw-curves-legend');
    legend.selectAll<HTMLLIElement, (typeof keys)[number]>('li.sw-run-key').data(keys, (k) => k.key).join('li').attr('class', 'sw-run-key')
      .html('')
      .call((li) => {
        li.append('span').attr('class', 'sw-swatch').attr('aria-hidden', 'true').style('background', (k) => k.colour);
        li.append('span').text((k) => k.text);
      });
    legend.selectAll<HTMLLIElement, null>('li.sw-line-key').data([null]).join('li').attr('class', 'sw-line-key')
      .text(`Thin faint line: loss of each batch; thick line: smoothed loss; dots and solid line: test accuracy after each epoch; dotted: training accuracy during the epoch${anyChange ? '; dashed vertical: η changed' : ''}.`)
      .raise(); // the key to the lines comes after the runs' names
  }
}

/** A colour as the canvas needs it: `var(--sw-run-0)` resolved against the page's theme (once per theme and size). */
function resolveColour(colour: string, root: HTMLElement, drawn: Drawn): string {
  const cached = drawn.colours?.get(colour);
  if (cached) return cached;
  const name = /^var\((--[\w-]+)\)$/.exec(colour)?.[1];
  const resolved = (name && typeof getComputedStyle === 'function' ? getComputedStyle(root).getPropertyValue(name).trim() : colour) || colour;
  drawn.colours?.set(colour, resolved);
  return resolved;
}

interface Plot {
  x: (v: number) => number;
  y: (v: number) => number;
  innerW: number;
  innerH: number;
  left: number;
  top: number;
}

/** The loss lines of every series on the canvas over the plot area (device pixels, so lines stay sharp). */
function drawLoss(canvas: HTMLCanvasElement | null, series: CurveSeries[], plot: Plot, root: HTMLElement, drawn: Drawn): void {
  if (!canvas) return;
  const ratio = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? Math.min(devicePixelRatio, 3) : 1;
  const w = Math.round(plot.innerW * ratio);
  const h = Math.round(plot.innerH * ratio);
  // Setting a canvas's size clears it and costs a new bitmap: only when the size changes.
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.left = `${plot.left}px`;
    canvas.style.top = `${plot.top}px`;
    canvas.style.width = `${plot.innerW}px`;
    canvas.style.height = `${plot.innerH}px`;
  }
  // How many points each series drew (e2e tests wait on it: the canvas has no DOM to read).
  canvas.dataset.points = series.map((s) => s.raw.loss.length).join(',');
  const context = canvas.getContext?.('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, plot.innerW, plot.innerH);
  context.lineJoin = 'round';
  const trace = (pts: BatchPoints): void => {
    const idx = envelope(pts, plot.innerW);
    context.beginPath();
    idx.forEach((k, n) => {
      const px = plot.x(pts.samplesSeen[k]);
      const py = plot.y(Math.max(0.01, pts.loss[k]));
      if (n === 0) context.moveTo(px, py);
      else context.lineTo(px, py);
    });
    context.stroke();
  };
  for (const s of series) {
    context.strokeStyle = resolveColour(s.colour, root, drawn);
    if (s.live) {
      context.globalAlpha = 0.25;
      context.lineWidth = 1;
      trace(s.raw);
    }
    context.globalAlpha = 1;
    context.lineWidth = 2.5;
    trace(s.smooth);
  }
}

/**
 * The points worth drawing: at most the lowest and highest loss per pixel column (in order), so
 * a curve of thousands of batches keeps its envelope at the cost of a few hundred segments.
 */
export function envelope(pts: { samplesSeen: number[]; loss: number[] }, pixels: number): number[] {
  const n = pts.loss.length;
  const finite: number[] = [];
  if (n <= 2 * pixels) {
    for (let k = 0; k < n; k++) if (Number.isFinite(pts.loss[k])) finite.push(k);
    return finite;
  }
  const last = pts.samplesSeen[n - 1] || 1;
  let column = -1;
  let lo = -1;
  let hi = -1;
  const flush = (): void => {
    if (lo < 0) return;
    if (lo === hi) finite.push(lo);
    else finite.push(Math.min(lo, hi), Math.max(lo, hi));
  };
  for (let k = 0; k < n; k++) {
    const y = pts.loss[k];
    if (!Number.isFinite(y)) continue;
    const c = Math.floor((pts.samplesSeen[k] / last) * pixels);
    if (c !== column) {
      flush();
      column = c;
      lo = hi = k;
    } else {
      if (y < pts.loss[lo]) lo = k;
      if (y > pts.loss[hi]) hi = k;
    }
  }
  flush();
  return finite;
}

function describe(view: CurvesView): string {
  if (view.series.length === 0) return 'Loss and accuracy curves: nothing trained yet.';
  return `Loss and accuracy curves for ${view.series.length} run${view.series.length > 1 ? 's' : ''}: ${view.series
    .map((s) => {
      const lastLoss = s.smooth.loss.at(-1);
      const acc = s.testAccuracy.at(-1);
      return `${s.label}: smoothed loss ${lastLoss === undefined ? 'not yet measured' : formatNumber(lastLoss)}${acc ? `, test accuracy ${(acc.y * 100).toFixed(1)} %` : ''}${s.diverged ? ', blew up' : ''}`;
    })
    .join('; ')}.`;
}
