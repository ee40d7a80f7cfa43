/**
 * A vector or matrix of the pass, drawn so every number can be read: a single number as a number;
 * short vectors as labelled bars on an axis (probabilities on a 0–1 sequential scale, signed
 * numbers around zero); the pixels as the 28 × 28 image they are; small matrices as a grid with
 * row and column labels; a matrix with 784 columns as one 28 × 28 image per row (a hidden unit's
 * weights or their gradient), the selected row large; the update as W before, ΔW and W after.
 * Dense grids on canvas, marks and labels in SVG. Pure: the element wires the events.
 */
import { scaleBand, scaleLinear, select, type Selection } from 'd3';
import type { QuantityView } from '../../state/quantity-view.ts';
import { classLabel, formatNumber } from '../lib/format.ts';
import { canvasSize, divergingTable, drawDiverging, drawInk, renderLegend } from '../lib/legend.ts';
import { currentScheme, divergingScale, maxAbs, sequentialScale } from '../lib/theme.ts';
import { changeSymbol, quantitySymbol } from '../../explain/notation.ts';

type Box = Selection<HTMLDivElement, null, null, undefined>;

/** Row and column of flat index k in a view's shape (column null for vectors). */
export function indicesOf(view: Pick<QuantityView, 'shape'>, k: number): { row: number; col: number | null } {
  return view.shape.length === 2 ? { row: Math.floor(k / view.shape[1]), col: k % view.shape[1] } : { row: k, col: null };
}

/** A pixel by its index and its place in the image, never 'row' (a matrix row is a unit). */
const pixelName = (i: number) => `pixel ${i} at (${Math.floor(i / 28)}, ${i % 28}) of the 28 × 28 image`;

/** "digit 7 ✓", "unit 3 of layer 1", "pixel 300 at (10, 20) of the 28 × 28 image" */
export function axisName(view: Pick<QuantityView, 'trueClass'>, name: string, index: number): string {
  if (name === 'pixel') return pixelName(index);
  if (name === 'digit') return `digit ${view.trueClass === null ? index : classLabel(index, view.trueClass)}`;
  return name.replace('unit of', `unit ${index} of`);
}

export function valueReadout(view: QuantityView, k: number | null): string {
  if (view.kind === 'number') return `${view.label} = ${formatNumber(view.values[0], 6)}`;
  if (k === null || k < 0 || k >= view.values.length) return `${view.label}: point at an entry, or focus the picture and use the arrow keys, to read its value.`;
  const { row, col } = indicesOf(view, k);
  // A matrix entry: its row and column, then what they are (the unit it feeds ← what it reads).
  const where = col === null ? axisName(view, view.rowName, row) : `row ${row}, column ${col} (${axisName(view, view.rowName, row)} ← ${axisName(view, view.colName ?? '', col)})`;
  return `${view.label} for ${where} = ${formatNumber(view.values[k], 6)}`;
}

/** The colour scale of the view: 0–1 sequential for probabilities, zero-centred otherwise. */
function scaleOf(view: QuantityView, values: ArrayLike<number> = view.values) {
  if (view.scale === 'sequential') return { colour: sequentialScale(1), extent: 1, kind: 'sequential' as const };
  const extent = maxAbs(values) || 1;
  return { colour: divergingScale(extent), extent, kind: 'diverging' as const };
}

/** Draws `values` as a 28 × 28 diverging image into a canvas, skipping the work when nothing changed. */
function paintImage(canvas: HTMLCanvasElement, values: ArrayLike<number>, extent: number, offset = 0, table?: () => [number, number, number][]): void {
  const key = `${extent}|${offset}|${currentScheme()}`;
  const node = canvas as HTMLCanvasElement & { swValues?: ArrayLike<number>; swKey?: string };
  if (node.swValues === values && node.swKey === key) return;
  drawDiverging(canvas, values, 28, 28, extent, offset, table?.());
  node.swValues = values;
  node.swKey = key;
}

export function renderQuantity(root: HTMLElement, view: QuantityView, hover: number | null = null, width = 560): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-quantity').data([null]).join('div').attr('class', 'sw-quantity')
    .attr('data-shape', view.shape.join('x')).attr('data-kind', view.kind).attr('data-name', view.name);
  const shapeText = view.kind === 'number' ? 'one number' : view.shape.length === 2 ? `${view.shape[0]} × ${view.shape[1]} matrix` : `${view.shape[0]} numbers`;
  box.selectAll('p.sw-quantity-title').data([null]).join('p').attr('class', 'sw-quantity-title')
    .text(`${view.label}: ${view.title} — ${shapeText}`);
  const parts: Record<Exclude<QuantityView['kind'], never>, (b: Box) => void> = {
    number: (b) => renderNumber(b, view),
    bars: (b) => renderBars(b, view, width),
    image: (b) => renderPixels(b, view),
    heatmap: (b) => renderHeatmap(b, view),
    grid: (b) => renderGrid(b, view, view.values, width, 'sw-heatmap', true),
    images: (b) => renderImages(b, view, width),
    update: (b) => renderUpdate(b, view, width),
  };
  // Each kind draws into its own slot; the other slots are removed.
  // (Inserted before the readout, so a new kind never lands below it.)
  box.selectAll<HTMLDivElement, string>('div.sw-q-slot').data([view.kind], (d) => d).join((enter) => enter.insert('div', 'p.sw-readout')).attr('class', 'sw-q-slot')
    .each(function () { parts[view.kind](select(this) as unknown as Box); });
  // A single number is its own readout.
  box.selectAll('p.sw-readout').data(view.kind === 'number' ? [] : [null]).join('p').attr('class', 'sw-readout').attr('aria-live', 'polite')
    .text(valueReadout(view, hover ?? view.focus?.index ?? null));
}

function renderNumber(b: Box, view: QuantityView): void {
  b.selectAll('p.sw-number').data([null]).join('p').attr('class', 'sw-number').attr('data-value', view.values[0])
    .text(`${view.label} = ${formatNumber(view.values[0], 6)}`);
}

function renderBars(b: Box, view: QuantityView, width: number): void {
  const n = view.values.length;
  const W = Math.max(300, Math.min(560, Math.round(width)));
  const H = 170;
  const left = 44;
  const { colour, extent, kind } = scaleOf(view);
  const x = scaleBand<number>().domain(Array.from({ length: n }, (_, k) => k)).range([left, W - 8]).padding(0.15);
  const y = scaleLinear().domain(kind === 'sequential' ? [0, 1] : [-extent, extent]).range([H - 26, 10]);
  const ticks = kind === 'sequential' ? [0, 0.5, 1] : [-extent, 0, extent];
  const svg = b.selectAll<SVGSVGElement, null>('svg.sw-bars').data([null]).join('svg').attr('class', 'sw-bars')
    .attr('viewBox', `0 0 ${W} ${H}`).attr('width', W).attr('height', H).attr('role', 'img').attr('tabindex', 0)
    .attr('aria-label', `${view.label} as ${n} bars, one per ${view.rowName}; use the arrow keys to move between entries`);
  svg.selectAll<SVGLineElement, number>('line.sw-grid').data(ticks).join('line').attr('class', 'sw-grid')
    .attr('x1', left - 4).attr('x2', W - 8).attr('y1', (t) => y(t)).attr('y2', (t) => y(t));
  svg.selectAll<SVGTextElement, number>('text.sw-tick').data(ticks).join('text').attr('class', 'sw-tick')
    .attr('x', left - 6).attr('y', (t) => y(t) + 4).attr('text-anchor', 'end').text((t) => formatNumber(t, 3));
  const values = Array.from(view.values);
  const zero = y(0);
  svg.selectAll<SVGRectElement, number>('rect.sw-bar').data(values).join('rect')
    .attr('class', (_, k) => `sw-bar${k === view.focus?.row ? ' sw-highlight' : ''}`)
    .attr('data-index', (_, k) => k).attr('data-value', (v) => v)
    .attr('x', (_, k) => x(k) ?? 0).attr('width', x.bandwidth())
    .attr('y', (v) => Math.min(zero, y(v))).attr('height', (v) => Math.max(0.5, Math.abs(y(v) - zero)))
    .attr('fill', (v) => colour(v));
  const every = n <= 16 ? 1 : 2;
  svg.selectAll<SVGTextElement, number>('text.sw-bar-label').data(values).join('text').attr('class', 'sw-bar-label')
    .attr('x', (_, k) => (x(k) ?? 0) + x.bandwidth() / 2).attr('y', H - 8).attr('text-anchor', 'middle')
    .text((_, k) => (k % every === 0 || k === view.trueClass ? (view.trueClass !== null ? classLabel(k, view.trueClass) : String(k)) : ''));
  legend(b, view, colour, extent, kind);
}

function renderPixels(b: Box, view: QuantityView): void {
  const canvas = b.selectAll<HTMLCanvasElement, null>('canvas.sw-pixels').data([null]).join('canvas').attr('class', 'sw-pixels sw-heatmap')
    .call(canvasSize, 28, 28).attr('tabindex', 0).attr('role', 'img')
    .attr('aria-label', `${view.label}: the 784 pixels as the 28 by 28 image; use the arrow keys to move between pixels`);
  const node = canvas.node() as (HTMLCanvasElement & { swValues?: ArrayLike<number> }) | null;
  if (node && node.swValues !== view.values) {
    drawInk(node, view.values, 28, 28);
    node.swValues = view.values;
  }
  const legendBox = b.selectAll<HTMLDivElement, null>('div.sw-legend').data([null]).join('div').attr('class', 'sw-legend');
  legendBox.selectAll('span.sw-legend-min').data([null]).join('span').attr('class', 'sw-legend-min').text('0 (paper)');
  legendBox.selectAll('span.sw-legend-bar').data([null]).join('span').attr('class', 'sw-legend-bar sw-legend-grey').attr('aria-hidden', 'true');
  legendBox.selectAll('span.sw-legend-max').data([null]).join('span').attr('class', 'sw-legend-max').text('1 (ink)');
}

function renderHeatmap(b: Box, view: QuantityView): void {
  const rows = view.shape.length === 2 ? view.shape[0] : 1;
  const cols = view.shape.length === 2 ? view.shape[1] : view.shape[0];
  const { colour, extent, kind } = scaleOf(view);
  b.selectAll('p.sw-axis-note').data([null]).join('p').attr('class', 'sw-caption sw-axis-note')
    .text(rows > 1 ? `rows: ${view.rowName} 0–${rows - 1} (top to bottom); columns: ${view.colName} 0–${cols - 1} (left to right)` : `${view.rowName} 0–${cols - 1}, left to right`);
  const canvas = b.selectAll<HTMLCanvasElement, null>('canvas.sw-heatmap').data([null]).join('canvas').attr('class', 'sw-heatmap')
    .call(canvasSize, cols, rows).attr('role', 'img').attr('tabindex', 0)
    .attr('aria-label', `${view.label} as a heatmap, ${rows} by ${cols}; use the arrow keys to move between entries`)
    .style('height', rows === 1 ? '28px' : `${Math.max(40, Math.min(320, rows * 6))}px`);
  drawDiverging(canvas.node(), view.values, rows, cols, extent);
  legend(b, view, colour, extent, kind);
}

/**
 * A small matrix as labelled cells: rows down (the units the weights feed), columns across (the
 * units they come from). Used for the quantity itself and for W before / ΔW / W after.
 */
function renderGrid(b: Box, view: QuantityView, values: ArrayLike<number>, width: number, cls: string, focusable: boolean, extentOverride?: number, name = view.label, withLegend = focusable): void {
  const [rows, cols] = view.shape;
  const left = view.trueClass !== null ? 34 : 26;
  const top = 30;
  const cell = Math.max(10, Math.min(26, Math.floor((Math.min(width, 560) - left - 6) / cols)));
  const W = left + cols * cell + 4;
  const H = top + rows * cell + 4;
  const extent = extentOverride ?? (maxAbs(values) || 1);
  const colour = divergingScale(extent);
  const svg = b.selectAll<SVGSVGElement, null>(`svg.${cls.split(' ')[0]}`).data([null]).join('svg').attr('class', `sw-grid-matrix ${cls}`)
    .attr('viewBox', `0 0 ${W} ${H}`).attr('width', W).attr('height', H).attr('role', 'img').attr('tabindex', focusable ? 0 : null)
    .attr('aria-label', `${name}: ${rows} rows (${view.rowName}) by ${cols} columns (${view.colName})${focusable ? '; use the arrow keys to move between entries' : ''}`);
  const every = cell >= 18 ? 1 : cell >= 12 ? 2 : 4;
  svg.selectAll<SVGTextElement, number>('text.sw-col-label').data(Array.from({ length: cols }, (_, c) => c)).join('text').attr('class', 'sw-tick sw-col-label')
    .attr('x', (c) => left + (c + 0.5) * cell).attr('y', top - 6).attr('text-anchor', 'middle').text((c) => (c % every === 0 ? String(c) : ''));
  svg.selectAll('text.sw-col-title').data([null]).join('text').attr('class', 'sw-tick sw-col-title').attr('x', left).attr('y', 10)
    .text(`columns: from ${view.colName} →`);
  svg.selectAll<SVGTextElement, number>('text.sw-row-label').data(Array.from({ length: rows }, (_, r) => r)).join('text').attr('class', 'sw-tick sw-row-label')
    .attr('x', left - 4).attr('y', (r) => top + (r + 0.5) * cell + 4).attr('text-anchor', 'end')
    .text((r) => (view.trueClass !== null ? classLabel(r, view.trueClass) : String(r)));
  const cells = Array.from(values, (v, k) => ({ v, r: Math.floor(k / cols), c: k % cols }));
  svg.selectAll<SVGRectElement, (typeof cells)[number]>('rect.sw-cell').data(cells).join('rect')
    .attr('class', (d) => `sw-cell${view.focus && d.r === view.focus.row && (view.focus.col === null || d.c === view.focus.col) ? ' sw-highlight' : ''}`)
    .attr('data-row', (d) => d.r).attr('data-col', (d) => d.c).attr('data-value', (d) => d.v)
    .attr('x', (d) => left + d.c * cell).attr('y', (d) => top + d.r * cell).attr('width', cell).attr('height', cell)
    .attr('fill', (d) => colour(d.v));
  if (withLegend) legend(b, view, colour, extent, 'diverging');
}

/** A 784-column matrix: one 28 × 28 image per row, all on one scale; the focused row large. */
function renderImages(b: Box, view: QuantityView, width: number): void {
  const [rows] = view.shape;
  const { colour, extent } = scaleOf(view);
  const focusRow = view.focus?.row ?? 0;
  // One colour table for all the images (they share one scale), built only if one needs drawing.
  let built: [number, number, number][] | undefined;
  const table = () => (built ??= divergingTable(extent));
  const big = b.selectAll<HTMLDivElement, null>('div.sw-row-image').data([null]).join('div').attr('class', 'sw-row-image');
  big.selectAll('span.sw-caption').data([null]).join('span').attr('class', 'sw-caption')
    .text(`Row ${focusRow}: the 784 values into ${axisName(view, view.rowName, focusRow)}, folded back into the 28 × 28 grid of the pixels they multiply. Click a pixel, or use the arrow keys, to pick one.`);
  const canvas = big.selectAll<HTMLCanvasElement, null>('canvas').data([null]).join('canvas').attr('class', 'sw-row-canvas')
    .call(canvasSize, 28, 28).attr('role', 'img').attr('tabindex', 0).attr('data-row', focusRow)
    .attr('aria-label', `Row ${focusRow} of ${view.label} as a 28 by 28 image; use the arrow keys to move between pixels`);
  paintImage(canvas.node()!, view.values, extent, focusRow * 784, table);
  const col = view.focus?.col ?? null;
  const marker = big.selectAll<SVGSVGElement, null>('svg.sw-pixel-marker').data([null]).join('svg').attr('class', 'sw-pixel-marker')
    .attr('viewBox', '0 0 28 28').attr('aria-hidden', 'true');
  marker.selectAll('rect').data(col === null ? [] : [col]).join('rect').attr('x', (c) => c % 28).attr('y', (c) => Math.floor(c / 28)).attr('width', 1).attr('height', 1);

  const size = Math.max(44, Math.min(64, Math.floor((Math.min(width, 560) - 8) / 8) - 6));
  const grid = b.selectAll<HTMLDivElement, null>('div.sw-multiples').data([null]).join('div').attr('class', 'sw-multiples sw-heatmap')
    .attr('role', 'group').attr('tabindex', 0)
    .attr('aria-label', `${view.label}: one 28 by 28 image per ${view.rowName}, ${rows} in all; the arrow keys choose the ${view.rowName}`);
  const items = grid.selectAll<HTMLDivElement, number>('div.sw-multiple').data(Array.from({ length: rows }, (_, r) => r)).join('div')
    .attr('class', (r) => `sw-multiple${r === focusRow ? ' sw-highlight' : ''}`).attr('data-row', (r) => r);
  items.selectAll<HTMLCanvasElement, number>('canvas').data((r) => [r]).join('canvas').call(canvasSize, 28, 28)
    .attr('data-row', (r) => r).attr('aria-hidden', 'true').style('width', `${size}px`).style('height', `${size}px`)
    .each(function (r) { paintImage(this, view.values, extent, r * 784, table); });
  items.selectAll<HTMLSpanElement, number>('span').data((r) => [r]).join('span').attr('class', 'sw-caption').text((r) => String(r));
  legend(b, view, colour, extent, 'diverging');
}

/** The update: W before, the change ΔW = −η·∂L/∂W, and W after, for one layer. */
function renderUpdate(b: Box, view: QuantityView, width: number): void {
  const u = view.update!;
  const wide = u.shape[1] === 784;
  const row = view.focus?.row ?? 0;
  const slice = (values: ArrayLike<number>) => (wide ? Array.prototype.slice.call(values, row * 784, row * 784 + 784) as number[] : values);
  const wMax = Math.max(maxAbs(slice(u.before)), maxAbs(slice(u.after)));
  const dMax = maxAbs(slice(u.delta));
  // The colour scales need a non-zero extent; the note and the legend say so when nothing moved.
  const wExtent = wMax || 1;
  const dExtent = dMax || 1;
  b.selectAll('p.sw-update-note').data([null]).join('p').attr('class', 'sw-update-note')
    .text(`${wide ? `${capitalised(axisName(view, view.rowName, row))} (its 784 weights as images)` : `Layer ${u.layer}`}: each weight moves by ΔW = −η·∂L/∂W with η = ${u.eta}. `
      + updateSize(dMax, wMax));
  const panels = [
    { key: 'before', name: `${quantitySymbol({ name: 'W', layer: u.layer })} before`, values: u.before, extent: wExtent },
    { key: 'delta', name: `${changeSymbol('W', u.layer)} = −η·${quantitySymbol({ name: 'dLdW', layer: u.layer })}`, values: u.delta, extent: dExtent },
    { key: 'after', name: `${quantitySymbol({ name: 'W', layer: u.layer })} after`, values: u.after, extent: wExtent },
  ];
  const row3 = b.selectAll<HTMLDivElement, null>('div.sw-update').data([null]).join('div').attr('class', `sw-update${wide ? ' sw-update-images' : ''}`);
  const panel = row3.selectAll<HTMLElement, (typeof panels)[number]>('figure').data(panels, (d) => d.key).join('figure').attr('class', 'sw-update-panel').attr('data-key', (d) => d.key);
  panel.selectAll<HTMLElement, (typeof panels)[number]>('figcaption').data((d) => [d]).join('figcaption').text((d) => d.name);
  panel.each(function (d) {
    const fig = select(this) as unknown as Box;
    if (wide) {
      const canvas = fig.selectAll<HTMLCanvasElement, null>('canvas').data([null]).join('canvas').call(canvasSize, 28, 28)
        .attr('role', 'img').attr('tabindex', d.key === 'delta' ? 0 : null).attr('class', d.key === 'delta' ? 'sw-heatmap' : null)
        .attr('aria-label', `${d.name}, row ${row}, as a 28 by 28 image`);
      paintImage(canvas.node()!, d.values, d.extent, row * 784);
    } else {
      renderGrid(fig, view, d.values, Math.max(190, width / 3), `sw-update-grid${d.key === 'delta' ? ' sw-heatmap' : ''}`, d.key === 'delta', d.extent, d.name, false);
    }
  });
  const legends = b.selectAll<HTMLDivElement, null>('div.sw-legends').data([null]).join('div').attr('class', 'sw-legends');
  legends.selectAll<HTMLDivElement, string>('div.sw-legend-slot').data(['W', 'dW']).join('div').attr('class', 'sw-legend-slot')
    .each(function (key) {
      const extent = key === 'W' ? wExtent : dExtent;
      renderLegend(this, divergingScale(extent), extent, key === 'W' ? `${quantitySymbol({ name: 'W', layer: u.layer })} before and after` : `${changeSymbol('W', u.layer)}${dMax === 0 ? ': every entry here is 0' : ''}`);
    });
}

/**
 * What the update's pictures show about the size of the step: `change` the largest |ΔW| shown,
 * `weight` the largest |W| before or after. A step can change nothing (every gradient of an
 * inactive unit is 0: the note said "the largest change is 1", the scale's fallback), or, with a
 * large η, more than the weights themselves (it said W after "looks almost like" W before).
 */
export function updateSize(change: number, weight: number): string {
  if (change === 0) return 'Every ∂L/∂W here is 0, so no weight changes: W after is exactly W before.';
  const sizes = `The largest change is ${formatNumber(change)}, the largest weight ${formatNumber(weight)}`;
  return change < 0.25 * weight
    ? `${sizes}: W after looks almost like W before, so the change is drawn on its own scale.`
    : `${sizes}: the step is large next to the weights, so W after differs visibly from W before; the change is drawn on its own scale.`;
}

function legend(b: Box, view: QuantityView, colour: (v: number) => string, extent: number, kind: 'sequential' | 'diverging'): void {
  const slot = b.selectAll<HTMLDivElement, null>('div.sw-legend-slot').data([null]).join('div').attr('class', 'sw-legend-slot');
  renderLegend(slot.node()!, colour, extent, view.label, kind);
}

const capitalised = (text: string): string => `${text[0].toUpperCase()}${text.slice(1)}`;
