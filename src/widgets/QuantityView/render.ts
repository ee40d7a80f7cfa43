/**
 * A vector or a matrix of the pass, drawn so every number can be read: short vectors as labelled
 * bars (SVG), long ones as a heat strip, matrices as a heatmap (canvas) with a zero-centred
 * diverging scale and legend; a row of a 784-column matrix also as a 28 × 28 image (a hidden
 * unit's incoming weights or their gradient). Hover reports the value and its indices.
 */
import { scaleBand, scaleLinear, select } from 'd3';
import type { QuantityView } from '../../state/views.ts';
import { formatNumber } from '../lib/format.ts';
import { canvasSize, drawDiverging, renderLegend } from '../lib/legend.ts';
import { divergingScale, maxAbs } from '../lib/theme.ts';

const BAR_LIMIT = 32;

/** Row and column of flat index k in a view's shape (column 0 for vectors). */
export function indicesOf(view: QuantityView, k: number): { row: number; col: number } {
  return view.shape.length === 2 ? { row: Math.floor(k / view.shape[1]), col: k % view.shape[1] } : { row: k, col: 0 };
}

export function valueReadout(view: QuantityView, k: number | null): string {
  if (k === null || k < 0 || k >= view.values.length) return `${view.label}: hover over an entry to read its value.`;
  const { row, col } = indicesOf(view, k);
  const where = view.shape.length === 2 ? `[${row}, ${col}]` : `[${row}]`;
  return `${view.label} ${where} = ${formatNumber(view.values[k], 6)}`;
}

export function renderQuantity(root: HTMLElement, view: QuantityView, hover: number | null = null): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-quantity').data([null]).join('div').attr('class', 'sw-quantity')
    .attr('data-shape', view.shape.join('x'));
  box.selectAll('p.sw-quantity-title').data([null]).join('p').attr('class', 'sw-quantity-title')
    .text(`${view.label} — ${view.shape.length === 2 ? `${view.shape[0]} × ${view.shape[1]} matrix` : `${view.shape[0]} numbers`}`);
  const extent = maxAbs(view.values);
  const colour = divergingScale(extent);
  const isBars = view.shape.length === 1 && view.shape[0] <= BAR_LIMIT;
  const isStrip = view.shape.length === 1 && !isBars;
  const isMatrix = view.shape.length === 2;

  // Bars: one per entry, zero line in the middle, the highlighted entry outlined.
  const n = view.values.length;
  const barWidth = 420;
  const barHeight = 150;
  const x = scaleBand<number>().domain(Array.from({ length: n }, (_, k) => k)).range([30, barWidth - 10]).padding(0.15);
  const y = scaleLinear().domain([-(extent || 1), extent || 1]).range([barHeight - 20, 10]);
  const svg = box.selectAll<SVGSVGElement, null>('svg.sw-bars').data(isBars ? [null] : []).join('svg').attr('class', 'sw-bars')
    .attr('viewBox', `0 0 ${barWidth} ${barHeight}`).attr('role', 'img').attr('tabindex', 0)
    .attr('aria-label', `${view.label} as bars; use the arrow keys to move between entries`);
  svg.selectAll('line.sw-zero').data([null]).join('line').attr('class', 'sw-zero').attr('x1', 30).attr('x2', barWidth - 10).attr('y1', y(0)).attr('y2', y(0));
  const values = isBars ? Array.from(view.values) : [];
  svg.selectAll<SVGRectElement, number>('rect.sw-bar').data(isBars ? values : []).join('rect')
    .attr('class', (_, k) => `sw-bar${k === view.highlight ? ' sw-highlight' : ''}`)
    .attr('data-index', (_, k) => k)
    .attr('x', (_, k) => x(k) ?? 0).attr('width', x.bandwidth())
    .attr('y', (v) => Math.min(y(0), y(v))).attr('height', (v) => Math.max(0.5, Math.abs(y(v) - y(0))))
    .attr('fill', (v) => colour(v));
  svg.selectAll<SVGTextElement, number>('text.sw-bar-label').data(isBars ? values : []).join('text').attr('class', 'sw-bar-label')
    .attr('x', (_, k) => (x(k) ?? 0) + x.bandwidth() / 2).attr('y', barHeight - 5).attr('text-anchor', 'middle')
    .text((_, k) => (n <= 16 || k % 2 === 0 ? `${k}${view.shape[0] === 10 && k === view.trueClass ? '*' : ''}` : ''));

  // Heat strip and heatmap: canvas, one cell per entry.
  const rows = isMatrix ? view.shape[0] : 1;
  const cols = isMatrix ? view.shape[1] : view.shape[0];
  const canvas = box.selectAll<HTMLCanvasElement, null>('canvas.sw-heatmap').data(isStrip || isMatrix ? [null] : []).join('canvas')
    .attr('class', `sw-heatmap${isStrip ? ' sw-strip' : ''}`).call(canvasSize, cols, rows)
    .attr('role', 'img').attr('tabindex', 0).attr('aria-label', `${view.label} as a heatmap, ${rows} by ${cols}; use the arrow keys to move between entries`)
    .style('height', isStrip ? '24px' : `${Math.max(40, Math.min(320, rows * 8))}px`);
  if (isStrip || isMatrix) drawDiverging(canvas.node(), view.values, rows, cols, extent);

  // A row of a 784-column matrix as the image it multiplies.
  const image = box.selectAll<HTMLDivElement, null>('div.sw-row-image').data(view.rowImage ? [view.rowImage] : []).join('div').attr('class', 'sw-row-image');
  image.selectAll('span').data((d) => [d]).join('span').attr('class', 'sw-caption').text((d) => `row ${d.row} as a 28 × 28 image: ${view.label}, into hidden unit ${d.row}`);
  image.selectAll<HTMLCanvasElement, null>('canvas').data((d) => [d]).join('canvas').call(canvasSize, 28, 28)
    .attr('role', 'img').attr('aria-label', (d) => `Row ${d.row} of ${view.label} as a 28 by 28 image`)
    .each(function (d) { drawDiverging(this, d.values, 28, 28, extent); });

  box.selectAll('p.sw-readout').data([null]).join('p').attr('class', 'sw-readout').attr('aria-live', 'polite').text(valueReadout(view, hover ?? view.highlight));
  renderLegend(box.node()!, colour, extent, view.label);
}
