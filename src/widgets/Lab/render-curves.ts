/**
 * The lab's curves: loss per batch (raw, faint; smoothed, solid) on a log scale at the left and
 * accuracy per epoch (test: solid with dots; train: dotted) at the right, over one axis of
 * training digits seen. Learning-rate changes are dashed verticals; a blow-up is a red ✕.
 * Several runs overlay, each in its own colour-blind-safe colour, named in the legend.
 */
import { axisBottom, axisLeft, axisRight, line, max, scaleLinear, scaleLog, select } from 'd3';
import { formatNumber } from '../lib/format.ts';
import type { CurveSeries } from './view.ts';

const HEIGHT = 280;
const MARGIN = { top: 16, right: 48, bottom: 40, left: 52 };

export interface CurvesView {
  series: CurveSeries[];
  /** The x extent to show at least (the live run's planned samples). */
  xMax: number;
}

export function renderCurves(root: HTMLElement, view: CurvesView): void {
  const width = Math.max(280, Math.round(root.clientWidth || 640));
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xMax = Math.max(view.xMax, max(view.series, (s) => s.raw.samplesSeen.at(-1) ?? 0) ?? 0, 1);
  const x = scaleLinear().domain([0, xMax]).range([0, innerW]);
  const allLoss = view.series.flatMap((s) => s.raw.loss.filter((v) => Number.isFinite(v) && v > 0));
  const lossMax = Math.min(100, Math.max(3, ...allLoss.slice(-5000)));
  const y = scaleLog().domain([0.01, lossMax]).range([innerH, 0]).clamp(true);
  const yAcc = scaleLinear().domain([0, 1]).range([innerH, 0]);

  const svg = select(root).selectAll<SVGSVGElement, null>('svg.sw-curves').data([null]).join('svg')
    .attr('class', 'sw-curves').attr('width', width).attr('height', HEIGHT).attr('viewBox', `0 0 ${width} ${HEIGHT}`)
    .attr('role', 'img')
    .attr('aria-label', describe(view));
  const g = svg.selectAll<SVGGElement, null>('g.sw-plot').data([null]).join('g').attr('class', 'sw-plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);

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

  const lossLine = (pts: { samplesSeen: number[]; loss: number[] }): string => {
    const idx = envelope(pts, innerW);
    return line<number>().x((k) => x(pts.samplesSeen[k])).y((k) => y(Math.max(0.01, pts.loss[k])))(idx) ?? '';
  };
  const accLine = line<{ x: number; y: number }>().x((p) => x(p.x)).y((p) => yAcc(p.y));

  const runs = g.selectAll<SVGGElement, CurveSeries>('g.sw-run').data(view.series, (s) => s.key).join('g').attr('class', 'sw-run');
  runs.selectAll<SVGPathElement, CurveSeries>('path.sw-raw').data((s) => (s.live ? [s] : [])).join('path').attr('class', 'sw-raw')
    .style('stroke', (s) => s.colour).attr('d', (s) => lossLine(s.raw));
  runs.selectAll<SVGPathElement, CurveSeries>('path.sw-smooth').data((s) => [s]).join('path').attr('class', 'sw-smooth')
    .style('stroke', (s) => s.colour).attr('d', (s) => lossLine(s.smooth));
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
  changes.select('text').attr('x', (d) => x(d.x) + 3).attr('y', 12).text((d) => `η → ${formatNumber(d.learningRate)}`);
  const blowups = runs.selectAll<SVGGElement, { x: number; loss: number }>('g.sw-blowup').data((s) => (s.diverged ? [s.diverged] : [])).join((enter) => {
    const e = enter.append('g').attr('class', 'sw-blowup');
    e.append('text').attr('class', 'sw-blowup-mark').attr('text-anchor', 'middle').text('✕');
    e.append('text').attr('class', 'sw-blowup-label');
    return e;
  });
  blowups.select('.sw-blowup-mark').attr('x', (d) => x(d.x)).attr('y', 18);
  blowups.select('.sw-blowup-label').attr('x', (d) => Math.min(x(d.x) + 8, innerW - 70)).attr('y', 34).text('blew up here');

  g.selectAll<SVGTextElement, null>('text.sw-curves-empty').data(view.series.length ? [] : [null]).join('text').attr('class', 'sw-curves-empty')
    .attr('x', innerW / 2).attr('y', innerH / 2).attr('text-anchor', 'middle').text('Press Train: the curves appear here.');

  // Legend: HTML, so it wraps on a phone and is read as text.
  const legend = select(root).selectAll<HTMLUListElement, null>('ul.sw-curves-legend').data([null]).join('ul').attr('class', 'sw-curves-legend');
  legend.selectAll<HTMLLIElement, CurveSeries>('li.sw-run-key').data(view.series, (s) => s.key).join('li').attr('class', 'sw-run-key')
    .html('')
    .call((li) => {
      li.append('span').attr('class', 'sw-swatch').attr('aria-hidden', 'true').style('background', (s) => s.colour);
      li.append('span').text((s) => s.label + (s.testAccuracy.length ? ` — test ${(s.testAccuracy.at(-1)!.y * 100).toFixed(2)} %` : s.diverged ? ' — blew up' : ''));
    });
  legend.selectAll<HTMLLIElement, null>('li.sw-line-key').data([null]).join('li').attr('class', 'sw-line-key')
    .text('Thin faint line: loss of each batch; thick line: smoothed loss; dots and solid line: test accuracy after each epoch; dotted: training accuracy during the epoch; dashed vertical: η changed.');
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
