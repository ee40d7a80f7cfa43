/** Colour legends and diverging heatmaps on canvas, shared by the diagram and the matrix views. */
import { select } from 'd3';
import { attrIfChanged, textIfChanged } from './dom.ts';
import { formatNumber } from './format.ts';
import { currentScheme, divergingScale, inkRgb, maxAbs } from './theme.ts';

/**
 * A legend bar: for a diverging scale from −extent to +extent (three ticks), for a sequential one
 * from 0 to extent. `label` names the quantity; the accessible name says how to read the colours.
 */
export function renderLegend(container: HTMLElement, colour: (v: number) => string, extent: number, label: string, kind: 'diverging' | 'sequential' = 'diverging'): void {
  const m = extent > 0 && Number.isFinite(extent) ? extent : 1;
  const low = kind === 'diverging' ? -m : 0;
  const how = kind === 'diverging'
    ? `red is negative, the background colour is zero, blue is positive, from ${formatNumber(-m)} to ${formatNumber(m)}`
    : `the background colour is zero, deeper blue is larger, from 0 to ${formatNumber(m)}`;
  // Redrawn with the diagram at every step, mostly unchanged: written only where it changes (lib/dom.ts).
  const legend = select(container).selectAll<HTMLDivElement, null>('div.sw-legend').data([null])
    .join((enter) => enter.append('div').attr('class', 'sw-legend').attr('role', 'img'));
  attrIfChanged(legend, 'aria-label', `Colour scale for ${label}: ${how}`);
  attrIfChanged(legend, 'data-extent', m);
  attrIfChanged(legend, 'data-kind', kind);
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => `${colour(low + t * (m - low))} ${t * 100}%`).join(', ');
  const parts = legend.selectAll<HTMLSpanElement, { name: string; text: string }>('span').data([
    { name: 'sw-legend-min', text: formatNumber(low) },
    { name: 'sw-legend-bar', text: '' },
    { name: 'sw-legend-max', text: formatNumber(m) },
    { name: 'sw-legend-label', text: kind === 'diverging' ? `${label} (0 = background)` : label },
  ]).join((enter) => enter.append('span').attr('class', (d) => d.name).attr('aria-hidden', 'true'));
  textIfChanged(parts, (d) => d.text);
  // Through the CSSOM (the page's CSP allows no style attributes), remembered on the node to skip an unchanged write.
  const bar = parts.filter('.sw-legend-bar').node() as (HTMLSpanElement & { swStops?: string }) | null;
  if (bar && bar.swStops !== stops) {
    bar.style.background = `linear-gradient(to right, ${stops})`;
    bar.swStops = stops;
  }
}

/** The 257 colours of a diverging scale from −extent to +extent, as [r, g, b] (a lookup table for canvases). */
export function divergingTable(extent: number): [number, number, number][] {
  const m = extent > 0 && Number.isFinite(extent) ? extent : 1;
  const colour = divergingScale(m);
  return Array.from({ length: 257 }, (_, k) => parseRgb(colour(((k - 128) / 128) * m)));
}

/**
 * Draws `values` ([rows, cols] row-major, from `offset`) into a canvas of rows × cols pixels with
 * a zero-centred diverging scale. Pass `table` (from divergingTable) when drawing many images on
 * one scale: building it parses 257 colours.
 */
export function drawDiverging(canvas: HTMLCanvasElement | null, values: ArrayLike<number>, rows: number, cols: number, extent = maxAbs(values), offset = 0, table?: [number, number, number][]): void {
  const context = canvas?.getContext?.('2d');
  if (!canvas || !context) return;
  const m = extent > 0 && Number.isFinite(extent) ? extent : 1;
  const lookup = table ?? divergingTable(m);
  const image = context.createImageData(cols, rows);
  for (let k = 0; k < rows * cols; k++) {
    const v = values[offset + k];
    const rgb = Number.isFinite(v) ? lookup[Math.max(0, Math.min(256, Math.round((v / m) * 128) + 128))] : [0, 0, 0];
    image.data[4 * k] = rgb[0];
    image.data[4 * k + 1] = rgb[1];
    image.data[4 * k + 2] = rgb[2];
    image.data[4 * k + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

function parseRgb(text: string): [number, number, number] {
  const match = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [255, 255, 255];
}

/**
 * Sizes canvases without touching ones already that size: assigning a canvas's width, even to
 * the same value, clears its pixels.
 */
export function canvasSize(selection: { each(fn: (this: HTMLCanvasElement) => void): unknown }, width: number, height: number): void {
  selection.each(function () {
    if (this.width !== width) this.width = width;
    if (this.height !== height) this.height = height;
  });
}

/** Draws a 28 × 28 (or rows × cols) image of pixel values in [0, 1] as ink on the page's paper. */
export function drawInk(canvas: HTMLCanvasElement | null, values: ArrayLike<number>, rows: number, cols: number, scale = 1): void {
  const context = canvas?.getContext?.('2d');
  if (!canvas || !context) return;
  const scheme = currentScheme();
  const image = context.createImageData(cols, rows);
  for (let k = 0; k < rows * cols; k++) {
    const [r, g, b] = inkRgb(values[k] * scale, scheme);
    image.data[4 * k] = r;
    image.data[4 * k + 1] = g;
    image.data[4 * k + 2] = b;
    image.data[4 * k + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}
