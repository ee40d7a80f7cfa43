/**
 * The lab's smaller views: the first layer's units as 28×28 weight images (canvas, zero-centred
 * diverging colours with a legend) and the per-layer gradient norms over time (SVG, log scale).
 */
import { axisBottom, axisLeft, extent, line, rgb, scaleLinear, scaleLog, select } from 'd3';
import { canvasSize, renderLegend } from '../lib/legend.ts';
import { formatNumber } from '../lib/format.ts';
import { currentScheme, divergingScale, maxAbs } from '../lib/theme.ts';
import { EMPTY_TEXT, RUN_COLOURS } from './view.ts';

/** How many first-layer units get a picture. */
export const WEIGHT_IMAGES = 16;

/** What the pictures show, said plainly: "Units 0–15 of the first layer's 128 (numbered from 0, as in the lessons)". */
export function weightsCaption(total: number, outputs: boolean): string {
  const shown = Math.min(WEIGHT_IMAGES, total);
  if (outputs) return `No hidden layer: the ${total} output units’ weights, one per digit.`;
  if (shown === total) return `All ${total} units of the first hidden layer, numbered from 0 as in the lessons.`;
  return `Units 0–${shown - 1}: the first ${shown} of the first hidden layer’s ${total} units (numbered from 0 as in the lessons).`;
}

/** What the weight panel last built (its cells and legend are rebuilt only when these change). */
const weightsDrawn = new WeakMap<HTMLElement, { cells: string; legend: string }>();

export function renderWeights(root: HTMLElement, firstLayer: Float32Array | null, outputs: boolean): void {
  const total = firstLayer ? firstLayer.length / 784 : 0;
  const units = Math.min(WEIGHT_IMAGES, total);
  const extentAll = firstLayer ? maxAbs(firstLayer.subarray(0, units * 784)) : 1;
  const drawn = weightsDrawn.get(root) ?? { cells: '', legend: '' };
  weightsDrawn.set(root, drawn);
  // While a run trains only the pixels change (twice a second): the captions, cells and their
  // names are built once per network shape.
  const cellsKey = `${total}|${outputs}|${firstLayer !== null}`;
  const grid = select(root).selectAll<HTMLDivElement, null>('div.sw-weight-grid').data([null]).join('div').attr('class', 'sw-weight-grid');
  let cells = grid.selectAll<HTMLElement, number>('figure.sw-weight-unit');
  if (cellsKey !== drawn.cells) {
    drawn.cells = cellsKey;
    select(root).selectAll<HTMLParagraphElement, null>('p.sw-weight-count').data(firstLayer ? [null] : []).join((enter) => enter.insert('p', ':first-child').attr('class', 'sw-weight-count sw-muted'))
      .text(weightsCaption(total, outputs));
    cells = cells.data(Array.from({ length: units }, (_, k) => k)).join((enter) => {
      const f = enter.append('figure').attr('class', 'sw-weight-unit');
      f.append('canvas');
      f.append('figcaption');
      return f;
    });
    cells.select('figcaption').text((k) => (outputs ? `digit ${k}` : `unit ${k}`));
    cells.select<HTMLCanvasElement>('canvas').call((c) => canvasSize(c, 28, 28))
      .attr('role', 'img')
      .attr('aria-label', (k) => `Weights from the 784 pixels into ${outputs ? `the output for digit ${k}` : `hidden unit ${k} (of ${total}, numbered from 0)`}, drawn as a 28 by 28 image`);
    select(root).selectAll<HTMLParagraphElement, null>('p.sw-weight-empty').data(firstLayer ? [] : [null]).join('p').attr('class', 'sw-weight-empty sw-muted')
      .text(EMPTY_TEXT.weights(outputs));
  }
  // One colour table for all units (they share the extent): 257 steps of the diverging scale.
  const colour = divergingScale(extentAll > 0 ? extentAll : 1);
  const table = new Uint8ClampedArray(257 * 3);
  for (let k = 0; k < 257; k++) {
    const c = rgb(colour(((k - 128) / 128) * (extentAll > 0 ? extentAll : 1)));
    table.set([c.r, c.g, c.b], 3 * k);
  }
  if (firstLayer) cells.select<HTMLCanvasElement>('canvas').each(function (k) {
    drawUnit(this, firstLayer, k, extentAll, table);
  });
  // The legend names the extent: redrawn when its numbers (as shown) change.
  const legendKey = firstLayer ? `${formatNumber(extentAll)}|${currentScheme()}` : '';
  if (legendKey !== drawn.legend) {
    drawn.legend = legendKey;
    const legendBox = select(root).selectAll<HTMLDivElement, null>('div.sw-weight-legend').data(firstLayer ? [null] : []).join('div').attr('class', 'sw-weight-legend');
    legendBox.each(function () {
      renderLegend(this, divergingScale(extentAll), extentAll, 'weight');
    });
  }
}

/** Draws unit k's 784 weights into a 28×28 canvas through a precomputed colour table. */
function drawUnit(canvas: HTMLCanvasElement, W: Float32Array, k: number, extent: number, table: Uint8ClampedArray): void {
  const context = canvas.getContext?.('2d');
  if (!context) return;
  const image = context.createImageData(28, 28);
  const m = extent > 0 && Number.isFinite(extent) ? extent : 1;
  for (let i = 0; i < 784; i++) {
    const v = W[k * 784 + i];
    const t = Number.isFinite(v) ? Math.max(0, Math.min(256, Math.round((v / m) * 128) + 128)) : 128;
    image.data[4 * i] = table[3 * t];
    image.data[4 * i + 1] = table[3 * t + 1];
    image.data[4 * i + 2] = table[3 * t + 2];
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** Why (part of) the gradient chart is empty, or null when every measurement can be drawn. */
export function normsNote(history: { samplesSeen: number; norms: number[] }[], divergedAt: number | null = null): string | null {
  const broken = history.findIndex((h) => h.norms.some((v) => !Number.isFinite(v)));
  if (broken < 0) {
    if (divergedAt !== null) {
      const measured = history.length === 0 ? 'before the gradient sizes were first measured' : history.length === 1 ? `when the gradient sizes had been measured only once (the dots, after ${history[0].samplesSeen.toLocaleString('en')} digits): a line needs two measurements` : 'so the lines end there';
      return `The loss blew up after ${divergedAt.toLocaleString('en')} training digits and training stopped, ${measured}.`;
    }
    return history.length === 1 ? 'One measurement so far (the dots): a line needs two, so it appears with the next.' : null;
  }
  const drawable = history.slice(0, broken).length;
  const where = `after ${history[broken].samplesSeen.toLocaleString('en')} training digits`;
  return `The gradients became too large to compute (infinite or not a number) ${where}, when the loss blew up, so nothing can be drawn from there on.${drawable < 2 ? ' Before that there were too few measurements to draw a line.' : ''}`;
}

const normsDrawn = new WeakMap<HTMLElement, { frame: string; legend: string; label: string }>();

/**
 * The gradient norms chart. `xMax` is the run's planned length in training digits (the curves'
 * axis, so the axes stay put while it trains; the last measurement's when omitted); `knownWidth`
 * the root's width if the caller knows it (so drawing never forces a layout to measure it).
 */
export function renderNorms(root: HTMLElement, history: { samplesSeen: number; norms: number[] }[], layerNames: string[], deadFraction: number[] = [], divergedAt: number | null = null, xMax?: number, knownWidth?: number): void {
  const drawn = normsDrawn.get(root) ?? { frame: '', legend: '', label: '' };
  normsDrawn.set(root, drawn);
  select(root).selectAll<HTMLParagraphElement, null>('p.sw-norms-empty').data(history.length ? [] : [null]).join('p').attr('class', 'sw-norms-empty sw-muted')
    .text(divergedAt !== null ? normsNote([], divergedAt)! : EMPTY_TEXT.norms);
  if (!history.length) {
    select(root).selectAll('div.sw-norms-plot, ul.sw-norms-legend, p.sw-norms-note').remove();
    drawn.frame = drawn.legend = drawn.label = '';
    return;
  }
  const width = Math.max(260, Math.round(knownWidth || root.clientWidth || 480));
  const height = 200;
  // The right margin holds half of the last x tick's label ("30000" is ~34 px wide).
  const m = { top: 12, right: 32, bottom: 34, left: 56 };
  const innerW = width - m.left - m.right;
  const innerH = height - m.top - m.bottom;
  const values = history.flatMap((h) => h.norms.filter((v) => v > 0 && Number.isFinite(v)));
  const note = normsNote(history, divergedAt);
  select(root).selectAll<HTMLParagraphElement, null>('p.sw-norms-note').data(note ? [null] : []).join('p').attr('class', 'sw-norms-note sw-muted').text(note ?? '');
  const [lo, hi] = extent(values);
  // Whole decades (at least one): the axis changes only when a norm leaves them, not with every measurement.
  const bottom = 10 ** Math.floor(Math.log10(Math.max(1e-8, (lo ?? 1e-3) / 1.2)));
  const top = Math.max(10 ** Math.ceil(Math.log10((hi ?? 1) * 1.2)), bottom * 10);
  const y = scaleLog().domain([bottom, top]).range([innerH, 0]).clamp(true);
  const x = scaleLinear().domain([0, Math.max(1, xMax ?? 0, history.at(-1)?.samplesSeen ?? 1)]).range([0, innerW]);
  const svg = select(root).selectAll<HTMLDivElement, null>('div.sw-norms-plot').data([null]).join((enter) => enter.insert('div', 'ul.sw-norms-legend').attr('class', 'sw-norms-plot'))
    .selectAll<SVGSVGElement, null>('svg.sw-norms').data([null]).join('svg').attr('class', 'sw-norms').attr('role', 'img');
  const label = `Gradient norm per layer, latest: ${layerNames.map((n, l) => `${n} ${formatNumber(history.at(-1)!.norms[l] ?? 0)}`).join(', ')}`;
  if (label !== drawn.label) {
    drawn.label = label;
    svg.attr('aria-label', label);
  }
  const g = svg.selectAll<SVGGElement, null>('g.sw-plot').data([null]).join('g').attr('class', 'sw-plot');
  const frame = [width, x.domain()[1], bottom, top].join('|');
  if (frame !== drawn.frame) {
    drawn.frame = frame;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    g.attr('transform', `translate(${m.left},${m.top})`);
    g.selectAll<SVGGElement, null>('g.sw-x').data([null]).join('g').attr('class', 'sw-x sw-axis').attr('transform', `translate(0,${innerH})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(innerW / 90))).tickFormat((v) => formatNumber(Number(v), 3)));
    g.selectAll<SVGGElement, null>('g.sw-y').data([null]).join('g').attr('class', 'sw-y sw-axis').call(axisLeft(y).ticks(4, (v: number) => formatNumber(v, 2)));
    g.selectAll<SVGTextElement, null>('text.sw-axis-label').data([null]).join('text').attr('class', 'sw-axis-label')
      .attr('x', innerW / 2).attr('y', innerH + 30).attr('text-anchor', 'middle').text('training digits seen');
  }
  const lines = layerNames.map((_, l) => l);
  g.selectAll<SVGPathElement, number>('path.sw-norm').data(lines).join('path').attr('class', 'sw-norm')
    .style('stroke', (l) => RUN_COLOURS[l % RUN_COLOURS.length])
    .attr('d', (l) => line<{ samplesSeen: number; norms: number[] }>().defined((h) => (h.norms[l] ?? 0) > 0).x((h) => x(h.samplesSeen)).y((h) => y(h.norms[l]))(history) ?? '');
  // A dot at each layer's latest finite measurement: a single measurement is visible too.
  const latest = lines.map((l) => [...history].reverse().find((h) => (h.norms[l] ?? 0) > 0 && Number.isFinite(h.norms[l])) ?? null);
  g.selectAll<SVGCircleElement, number>('circle.sw-norm-dot').data(lines.filter((l) => latest[l] !== null)).join('circle').attr('class', 'sw-norm-dot')
    .attr('r', 3.5).style('fill', (l) => RUN_COLOURS[l % RUN_COLOURS.length])
    .attr('cx', (l) => x(latest[l]!.samplesSeen)).attr('cy', (l) => y(latest[l]!.norms[l]));
  const texts = lines.map((l) => `${layerNames[l]}: ‖dL/dW‖ ${history.length ? formatNumber(history.at(-1)!.norms[l] ?? 0, 3) : '–'}${deadFraction[l] !== undefined ? `, ${(100 * deadFraction[l]).toFixed(1)} % of units never active on the test digits` : ''}`);
  if (texts.join('\n') !== drawn.legend) {
    drawn.legend = texts.join('\n');
    const legend = select(root).selectAll<HTMLUListElement, null>('ul.sw-norms-legend').data([null]).join('ul').attr('class', 'sw-curves-legend sw-norms-legend');
    legend.selectAll<HTMLLIElement, number>('li').data(lines).join('li').html('').call((li) => {
      li.append('span').attr('class', 'sw-swatch').attr('aria-hidden', 'true').style('background', (l) => RUN_COLOURS[l % RUN_COLOURS.length]);
      li.append('span').text((l) => texts[l]);
    });
  }
}
