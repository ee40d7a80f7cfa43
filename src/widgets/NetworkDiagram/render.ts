/**
 * The network diagram, true to the current step: the input digit, one column of units per layer
 * and the loss. A column is coloured by the one quantity it has at this step (what the step
 * writes, what it reads, or the latest of its phase) on its own zero-centred scale with a legend,
 * or drawn empty and labelled "not yet computed". The weights are always there as faint edges;
 * the step's inputs and output are lit, and edges take the colours of dL/dW on a weight-gradient
 * step and of ΔW on the update. Drawn in CSS pixels for the width it is given, so units stay
 * tappable (24 px) on a phone.
 */
import { select } from 'd3';
import type { DiagramColumn, DiagramEdges, DiagramView, UnitReadout } from '../../state/diagram-view.ts';
import { formatNumber, trueDigitMark } from '../lib/format.ts';
import { canvasSize, drawDiverging, drawInk, renderLegend } from '../lib/legend.ts';
import { divergingScale, maxAbs, sequentialScale, SIZES } from '../lib/theme.ts';
import { quantitySymbol } from '../../explain/notation.ts';

const TOP = 40;
const BOTTOM = 12;

/** One line of numbers for a unit: all that has been computed for it so far. */
export function unitReadout(readout: UnitReadout): string {
  if (!readout.numbers.length) return `${readout.name}: nothing computed here yet`;
  return `${readout.name}: ${readout.numbers.map((n) => `${n.label} = ${formatNumber(n.value)}`).join(', ')}`;
}

/** The colour scale of a column: probabilities on a fixed 0–1 sequential scale, the rest diverging around 0. */
export function columnScale(column: DiagramColumn): { colour: (v: number) => string; extent: number; kind: 'sequential' | 'diverging' } | null {
  if (!column.shown) return null;
  if (column.shown.name === 'p') return { colour: sequentialScale(1), extent: 1, kind: 'sequential' };
  const extent = maxAbs(column.shown.values) || 1;
  return { colour: divergingScale(extent), extent, kind: 'diverging' };
}

/** Geometry in CSS pixels for a given width. */
export function layout(view: DiagramView, width: number) {
  const W = Math.max(300, Math.round(width));
  const biggest = Math.max(...view.columns.map((c) => c.size));
  // Up to 20 units a column, every unit is a 24 px target 28 px apart; wider layers get denser.
  const gap = biggest <= 20 ? SIZES.tapTarget + 4 : Math.max(6, 560 / biggest);
  const radius = biggest <= 20 ? SIZES.tapTarget / 2 : Math.max(2.5, gap / 2 - 0.5);
  const height = TOP + biggest * gap + BOTTOM;
  const inputSize = Math.round(Math.min(112, Math.max(56, W * 0.17)));
  const labelWidth = 84;
  const lossWidth = 70;
  const x0 = inputSize + 44;
  const x1 = W - labelWidth - lossWidth;
  const columnX = (layer: number) => (view.columns.length === 1 ? x1 : x0 + ((x1 - x0) * (layer - 1)) / (view.columns.length - 1));
  const unitY = (size: number, unit: number) => TOP + ((biggest - size) * gap) / 2 + (unit + 0.5) * gap;
  const middle = TOP + (biggest * gap) / 2;
  return { W, H: height, gap, radius, inputSize, columnX, unitY, middle, lossX: W - lossWidth / 2 - 2 };
}

/**
 * `focused`: the readout to show; `roving`: the one unit in the tab order (the others are reached
 * with the arrow keys), by default the selected unit or the first unit of the first layer.
 */
export function renderNetworkDiagram(root: HTMLElement, view: DiagramView, focused: UnitReadout | null = null, width = 560, roving: { layer: number; unit: number } | null = null): void {
  const tabStop = roving ?? view.selected ?? { layer: 1, unit: 0 };
  const g = layout(view, width);
  const L = view.columns.length;
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-diagram').data([null]).join('div').attr('class', 'sw-diagram')
    .attr('data-kind', view.kind).attr('data-phase', view.phase);

  box.selectAll('p.sw-diagram-active').data([null]).join('p').attr('class', 'sw-diagram-active')
    .text(`This step computes ${view.produces}${view.reads.length ? ` from ${view.reads.join(', ')}` : ''}. Lit up: what it reads (dashed) and what it writes (filled). Greyed: not yet computed.`);

  const svg = box.selectAll<SVGSVGElement, null>('svg.sw-net').data([null]).join('svg').attr('class', 'sw-net')
    .attr('viewBox', `0 0 ${g.W} ${g.H}`).attr('width', g.W).attr('height', g.H)
    .attr('role', 'group').attr('aria-label', `Network diagram at this step: ${view.columns.map((c) => `${c.title} ${c.shown ? `shows ${c.shown.label}` : 'not yet computed'}`).join('; ')}`);

  // The input digit, as an image inside the drawing so the first layer's edges can leave from it.
  const inputY = g.middle - g.inputSize / 2;
  const inputGroup = svg.selectAll<SVGGElement, null>('g.sw-input').data([null]).join('g')
    .attr('class', `sw-input sw-role-${view.inputRole}`);
  inputGroup.selectAll('text').data([null]).join('text').attr('class', 'sw-layer-title').attr('x', g.inputSize / 2).attr('y', inputY - 8)
    .attr('text-anchor', 'middle').text('input x');
  inputGroup.selectAll('rect').data([null]).join('rect').attr('class', 'sw-input-frame').attr('x', 0.5).attr('y', inputY - 0.5)
    .attr('width', g.inputSize).attr('height', g.inputSize + 1);
  const image = inputGroup.selectAll<SVGImageElement, null>('image').data([null]).join('image')
    .attr('x', 1).attr('y', inputY).attr('width', g.inputSize - 1).attr('height', g.inputSize).attr('preserveAspectRatio', 'none')
    .attr('role', 'img').attr('aria-label', `The input digit, labelled ${view.label}`);
  const imageNode = image.node() as (SVGImageElement & { swInput?: ArrayLike<number> }) | null;
  if (imageNode && imageNode.swInput !== view.input && typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = 28;
    canvas.height = 28;
    if (canvas.getContext?.('2d')) {
      drawInk(canvas, view.input, 28, 28);
      imageNode.setAttribute('href', canvas.toDataURL());
      imageNode.swInput = view.input;
    }
  }

  // Edges, under the units.
  const edgeGroups = svg.selectAll<SVGGElement, DiagramEdges>('g.sw-edges').data(view.edges, (e) => String(e.layer)).join('g')
    .attr('class', (e) => `sw-edges sw-role-${e.role}`).attr('data-layer', (e) => e.layer).attr('data-quantity', (e) => e.name)
    .attr('data-role', (e) => e.role);
  const edgeLegends: { label: string; colour: (v: number) => string; extent: number }[] = [];
  edgeGroups.each(function (e) {
    const group = select(this);
    // Most steps leave a layer's edges as they were: skip re-setting hundreds of attributes.
    const values = e.values ?? e.rowSizes ?? [];
    let sum = 0;
    for (let k = 0; k < values.length; k++) sum += values[k] * (k + 1);
    // The role (faint, read, written) is the group's class: a faint layer's lines are drawn 1 px
    // wide by CSS, over their attribute, so a change of role alone touches no line.
    const key = `${e.name}|${g.W}|${values.length}|${sum}`;
    const node = this as SVGGElement & { swKey?: string; swLegend?: { label: string; colour: (v: number) => string; extent: number } };
    if (node.swKey === key) {
      if (node.swLegend && e.role !== 'faint') edgeLegends.push(node.swLegend);
      return;
    }
    node.swKey = key;
    node.swLegend = undefined;
    const fromX = e.layer === 1 ? g.inputSize + 2 : g.columnX(e.layer - 1);
    const toX = g.columnX(e.layer);
    const toY = (o: number) => g.unitY(e.outSize, o);
    if (e.values) {
      const extent = maxAbs(e.values) || 1;
      const colour = divergingScale(extent);
      node.swLegend = { label: `edges of layer ${e.layer}: ${e.label}`, colour, extent };
      if (e.role !== 'faint') edgeLegends.push(node.swLegend);
      const lines = e.values.map((value, k) => ({ value, from: k % e.inSize, to: Math.floor(k / e.inSize) }));
      const fromY = (i: number) => g.unitY(e.inSize, i);
      group.selectAll<SVGLineElement, (typeof lines)[number]>('line').data(lines).join('line').attr('class', null)
        .attr('x1', fromX).attr('y1', (d) => fromY(d.from)).attr('x2', toX).attr('y2', (d) => toY(d.to))
        .attr('data-value', (d) => d.value)
        .attr('stroke', (d) => colour(d.value))
        .attr('stroke-width', (d) => 0.6 + (2.4 * Math.abs(d.value)) / extent);
    } else {
      // One line per unit for the 784 pixels: its thickness is the size of that unit's row.
      const sizes = e.rowSizes ?? [];
      const biggest = maxAbs(sizes) || 1;
      group.selectAll<SVGLineElement, number>('line').data(sizes).join('line').attr('class', 'sw-fan')
        .attr('x1', fromX).attr('y1', g.middle).attr('x2', toX).attr('y2', (_, o) => toY(o))
        .attr('data-value', (d) => d)
        .attr('stroke', null)
        .attr('stroke-width', (d) => 0.8 + (3.2 * d) / biggest);
    }
  });

  // Columns of units.
  const scales = view.columns.map(columnScale);
  const columns = svg.selectAll<SVGGElement, DiagramColumn>('g.sw-layer').data(view.columns, (c) => String(c.layer)).join('g')
    .attr('class', (c) => `sw-layer sw-role-${c.shown?.role ?? 'pending'}`)
    .attr('data-layer', (c) => c.layer).attr('data-quantity', (c) => c.shown?.name ?? 'none').attr('data-role', (c) => c.shown?.role ?? 'pending')
    .attr('data-extent', (_, l) => scales[l]?.extent ?? null).attr('data-scale', (_, l) => scales[l]?.kind ?? null);
  columns.selectAll<SVGRectElement, DiagramColumn>('rect.sw-layer-bg').data((c) => [c]).join('rect').attr('class', 'sw-layer-bg')
    .attr('x', (c) => g.columnX(c.layer) - g.radius - 5).attr('width', 2 * g.radius + 10)
    .attr('y', (c) => g.unitY(c.size, 0) - g.gap / 2 - 2).attr('height', (c) => c.size * g.gap + 4).attr('rx', 8);
  columns.selectAll<SVGTextElement, DiagramColumn>('text.sw-layer-title').data((c) => [c]).join('text').attr('class', 'sw-layer-title')
    .attr('x', (c) => g.columnX(c.layer)).attr('y', (c) => g.unitY(c.size, 0) - g.gap / 2 - 22).attr('text-anchor', 'middle').text((c) => c.title);
  columns.selectAll<SVGTextElement, DiagramColumn>('text.sw-layer-quantity').data((c) => [c]).join('text').attr('class', 'sw-layer-quantity')
    .attr('x', (c) => g.columnX(c.layer)).attr('y', (c) => g.unitY(c.size, 0) - g.gap / 2 - 8).attr('text-anchor', 'middle')
    .text((c) => c.shown?.label ?? 'not yet computed');
  columns.each(function (column, l) {
    const scale = scales[l];
    const shown = column.shown;
    const units = Array.from({ length: column.size }, (_, unit) => unit);
    const selected = (unit: number) => !!view.selected && view.selected.layer === column.layer && view.selected.unit === unit;
    const circles = select(this).selectAll<SVGCircleElement, number>('circle.sw-unit').data(units).join('circle');
    // Where the units are changes only with the width or the network: not on every step.
    const group = this as SVGGElement & { swGeometry?: string };
    const geometry = `${g.W}|${g.radius}|${g.gap}|${column.size}|${L}`;
    if (group.swGeometry !== geometry) {
      group.swGeometry = geometry;
      circles.attr('cx', g.columnX(column.layer)).attr('cy', (unit) => g.unitY(column.size, unit)).attr('r', g.radius)
        .attr('data-layer', column.layer).attr('data-unit', (unit) => unit).attr('role', 'button');
    }
    const readouts = column.readouts.map(unitReadout);
    circles
      .attr('class', (unit) => `sw-unit${shown ? '' : ' sw-pending'}${selected(unit) ? ' sw-selected' : ''}${column.layer === L && unit === view.label ? ' sw-true' : ''}`)
      .attr('fill', (unit) => (shown && scale ? scale.colour(shown.values[unit]) : null))
      .attr('data-quantity', shown?.name ?? 'none').attr('data-computed', String(!!shown))
      .attr('data-value', (unit) => (shown ? shown.values[unit] : null))
      .attr('tabindex', (unit) => (tabStop.layer === column.layer && tabStop.unit === unit ? 0 : -1))
      .attr('aria-pressed', (unit) => String(selected(unit)))
      .attr('aria-label', (unit) => readouts[unit])
      .selectAll('title').data((unit) => [unit]).join('title').text((unit) => readouts[unit]);
    if (column.layer === L) {
      select(this).selectAll<SVGTextElement, number>('text.sw-class').data(units).join('text').attr('class', 'sw-class')
        .attr('x', g.columnX(column.layer) + g.radius + 6).attr('y', (unit) => g.unitY(column.size, unit) + 4)
        .text((unit) => `${unit}${unit === view.label ? ` ${trueDigitMark}` : ''}${unit === view.predicted ? ' guess' : ''}`);
    }
  });

  // The loss: one number, shown once computed.
  const lossGroup = svg.selectAll<SVGGElement, null>('g.sw-loss').data([null]).join('g')
    .attr('class', `sw-loss sw-role-${view.loss?.role ?? 'pending'}`).attr('data-computed', String(!!view.loss))
    .attr('data-value', view.loss ? view.loss.value : null);
  const lossTop = g.unitY(view.columns[L - 1].size, view.label) - 16;
  lossGroup.selectAll('rect').data([null]).join('rect').attr('x', g.lossX - 34).attr('y', lossTop).attr('width', 68).attr('height', 32).attr('rx', 6);
  lossGroup.selectAll('text.sw-loss-name').data([null]).join('text').attr('class', 'sw-loss-name').attr('x', g.lossX).attr('y', lossTop - 6)
    .attr('text-anchor', 'middle').text('loss L');
  lossGroup.selectAll('text.sw-loss-value').data([null]).join('text').attr('class', 'sw-loss-value').attr('x', g.lossX).attr('y', lossTop + 21)
    .attr('text-anchor', 'middle').text(view.loss ? formatNumber(view.loss.value) : 'not yet');

  // The selected first-layer unit's 784 incoming weights, folded back into the 28 × 28 grid.
  const side = box.selectAll<HTMLDivElement, null>('div.sw-diagram-side').data(view.selectedWeightsImage ? [null] : []).join('div').attr('class', 'sw-diagram-side');
  side.selectAll('span.sw-caption-weights').data([null]).join('span').attr('class', 'sw-caption sw-caption-weights')
    .text(`weights ${quantitySymbol({ name: 'W', layer: 1 })} into hidden unit ${view.selected?.unit} as a 28 × 28 image (blue: ink here raises its z; red: lowers it)`);
  const weights = side.selectAll<HTMLCanvasElement, null>('canvas.sw-unit-weights').data([null]).join('canvas')
    .attr('class', 'sw-unit-weights').call(canvasSize, 28, 28).attr('role', 'img')
    .attr('aria-label', `Incoming weights of hidden unit ${view.selected?.unit} as a 28 by 28 image`);
  if (view.selectedWeightsImage) drawDiverging(weights.node(), view.selectedWeightsImage, 28, 28);

  box.selectAll('p.sw-caption-input').data([null]).join('p').attr('class', 'sw-caption sw-caption-input')
    .text(`Input x: the digit, label ${view.label} (${trueDigitMark} marks it among the outputs). Lines from it stand for 784 weights into each first-layer unit.`);
  box.selectAll<HTMLParagraphElement, null>('p.sw-readout').data([null]).join('p').attr('class', 'sw-readout').attr('aria-live', 'polite')
    .text(focused ? unitReadout(focused) : 'Hover over or focus a unit to read what has been computed for it so far (arrow keys move between units); click or press Enter to select it.');

  // One legend per coloured column and per coloured set of edges, each on its own scale.
  const legends = [
    ...view.columns.flatMap((c, l) => (c.shown && scales[l] ? [{ key: `c${c.layer}`, label: `${c.title}: ${c.shown.label}`, ...scales[l]! }] : [])),
    ...edgeLegends.map((e, k) => ({ key: `e${k}`, ...e, kind: 'diverging' as const })),
  ];
  const fanNote = view.edges.find((e) => e.rowSizes && e.role !== 'faint');
  const legendBox = box.selectAll<HTMLDivElement, null>('div.sw-legends').data([null]).join('div').attr('class', 'sw-legends');
  legendBox.selectAll<HTMLDivElement, (typeof legends)[number]>('div.sw-legend-slot').data(legends, (d) => d.key).join('div').attr('class', 'sw-legend-slot')
    .each(function (d) { renderLegend(this, d.colour, d.extent, d.label, d.kind); });
  legendBox.selectAll('p.sw-fan-note').data(fanNote ? [fanNote] : []).join('p').attr('class', 'sw-caption sw-fan-note')
    .text((e) => `Lines from the input to layer ${e.layer}: ${e.name === 'W' ? 'the weights this step multiplies' : `thickness is the size (root mean square) of each unit's 784 values of ${e.label}`}.`);
}
