/**
 * The digit grid: one MNIST image as its 28 × 28 pixels (canvas), a cursor over one pixel (SVG),
 * the pixel's exact value, and a legend. Pure: the same view gives the same DOM.
 */
import { select } from 'd3';
import { canvasSize, drawInk } from '../lib/legend.ts';
import { formatNumber } from '../lib/format.ts';

export interface DigitGridView {
  /** Pixel values in [0, 1], row-major, length rows × cols. */
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  label: number;
  /** Which digit this is, for the caption and the accessible name. */
  caption: string;
  /** The pixel under the pointer or keyboard cursor. */
  cursor: { row: number; col: number } | null;
  /** CSS pixels per image pixel. */
  cell: number;
}

/** The text the readout shows for the pixel at the cursor. */
export function pixelReadout(view: DigitGridView): string {
  if (!view.cursor) return 'Point at a pixel, or focus the image and use the arrow keys, to read its value.';
  const { row, col } = view.cursor;
  const index = row * view.cols + col;
  const value = view.values[index];
  return `Row ${row}, column ${col} (input x${index}): ${formatNumber(value, 3)} — byte ${Math.round(value * 255)} of 255`;
}

export function renderDigitGrid(root: HTMLElement, view: DigitGridView): void {
  const width = view.cols * view.cell;
  const height = view.rows * view.cell;
  const figure = select(root).selectAll<HTMLElement, null>('figure.sw-digit').data([null]).join('figure').attr('class', 'sw-digit')
    .attr('data-label', view.label);
  const frame = figure.selectAll<HTMLDivElement, null>('div.sw-digit-frame').data([null]).join('div').attr('class', 'sw-digit-frame')
    .attr('tabindex', 0)
    .attr('role', 'img')
    .attr('aria-label', `${view.caption}: a ${view.rows} by ${view.cols} grid of pixels. Use the arrow keys to read each pixel's value.`)
    .style('width', `${width}px`)
    .style('height', `${height}px`);

  const canvas = frame.selectAll<HTMLCanvasElement, null>('canvas').data([null]).join('canvas')
    .call(canvasSize, view.cols, view.rows).attr('aria-hidden', 'true')
    .style('width', `${width}px`).style('height', `${height}px`);
  drawInk(canvas.node(), view.values, view.rows, view.cols);

  const svg = frame.selectAll<SVGSVGElement, null>('svg').data([null]).join('svg')
    .attr('viewBox', `0 0 ${view.cols} ${view.rows}`).attr('width', width).attr('height', height).attr('aria-hidden', 'true');
  svg.selectAll('rect.sw-cursor').data(view.cursor ? [view.cursor] : []).join('rect').attr('class', 'sw-cursor')
    .attr('x', (d) => d.col).attr('y', (d) => d.row).attr('width', 1).attr('height', 1);

  figure.selectAll<HTMLParagraphElement, null>('p.sw-readout').data([null]).join('p').attr('class', 'sw-readout')
    .attr('aria-live', 'polite').text(pixelReadout(view));

  const legend = figure.selectAll<HTMLDivElement, null>('div.sw-legend').data([null]).join('div').attr('class', 'sw-legend');
  legend.selectAll('span.sw-legend-min').data([null]).join('span').attr('class', 'sw-legend-min').text('0 (paper)');
  legend.selectAll('span.sw-legend-bar').data([null]).join('span').attr('class', 'sw-legend-bar sw-legend-grey').attr('aria-hidden', 'true');
  legend.selectAll('span.sw-legend-max').data([null]).join('span').attr('class', 'sw-legend-max').text('1 (ink)');

  figure.selectAll<HTMLElement, null>('figcaption').data([null]).join('figcaption').text(view.caption);
}

/** Moves the cursor by an arrow key; returns null for other keys. Starts at the centre. */
export function moveCursor(cursor: DigitGridView['cursor'], key: string, rows: number, cols: number): DigitGridView['cursor'] | null {
  const current = cursor ?? { row: Math.floor(rows / 2), col: Math.floor(cols / 2) };
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max - 1, v));
  switch (key) {
    case 'ArrowUp': return { row: clamp(current.row - 1, rows), col: current.col };
    case 'ArrowDown': return { row: clamp(current.row + 1, rows), col: current.col };
    case 'ArrowLeft': return { row: current.row, col: clamp(current.col - 1, cols) };
    case 'ArrowRight': return { row: current.row, col: clamp(current.col + 1, cols) };
    default: return null;
  }
}
