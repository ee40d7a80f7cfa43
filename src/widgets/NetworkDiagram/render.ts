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
import { attrIfChanged, textIfChanged } from '../lib/dom.ts';
import { formatNumber, trueDigitMark } from '../lib/format.ts';
import { canvasSize, drawDiverging, drawInk, renderLegend } from '../lib/legend.ts';
import { currentScheme, divergingScale, maxAbs, sequentialScale, SIZES } from '../lib/theme.ts';
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

/** A wide layer is drawn this many units at a time, with "… N more" above and below to scroll. */
export const MAX_SHOWN = 16;

/** Which units of a column are drawn: `count` units from `start` (all of them for a small layer). */
export interface UnitWindow { start: number; count: number; size: number; windowed: boolean }

/**
 * The units of a column to draw: all of a layer of up to `max` units; of a wider one, `max`
 * consecutive units that keep `previous` (the window drawn before) if `anchor` (the focused or
 * selected unit) is in it, and otherwise move just enough to show the anchor.
 */
export function unitWindow(size: number, anchor: number | null, previous: number | undefined, max = MAX_SHOWN): UnitWindow {
  if (size <= max) return { start: 0, count: size, size, windowed: false };
  const clamp = (s: number) => Math.max(0, Math.min(size - max, s));
  let start = clamp(previous ?? (anchor === null ? 0 : anchor - Math.floor(max / 2)));
  if (anchor !== null && anchor < start) start = clamp(anchor);
  if (anchor !== null && anchor >= start + max) start = clamp(anchor - max + 1);
  return { start, count: max, size, windowed: true };
}

/** The units a window draws, in order. */
export const windowUnits = (w: UnitWindow): number[] => Array.from({ length: w.count }, (_, k) => w.start + k);

/**
 * Geometry in CSS pixels for a given width. A windowed column takes two more slots, for the
 * "… N more" above and below its units, so every drawn unit keeps a 28 px pitch.
 */
export function layout(view: DiagramView, width: number, windows: UnitWindow[] = view.columns.map((c) => unitWindow(c.size, null, undefined))) {
  const W = Math.max(300, Math.round(width));
  const slots = windows.map((w) => w.count + (w.windowed ? 2 : 0));
  const biggest = Math.max(...slots);
  // Up to 20 slots a column, every unit is a 24 px target 28 px apart; wider layers get denser.
  const gap = biggest <= 20 ? SIZES.tapTarget + 4 : Math.max(6, 560 / biggest);
  const radius = biggest <= 20 ? SIZES.tapTarget / 2 : Math.max(2.5, gap / 2 - 0.5);
  const inputSize = Math.round(Math.min(112, Math.max(56, W * 0.17)));
  const labelWidth = 84;
  const lossWidth = 70;
  const x0 = inputSize + 44;
  // Columns closer than 120 px (a deep network on a phone): the loss goes under the output
  // column, so the columns get its width, and titles stay short.
  const compact = view.columns.length > 1 && (W - labelWidth - lossWidth - x0) / (view.columns.length - 1) < 120;
  const x1 = W - (compact ? labelWidth : labelWidth + lossWidth); // room for "7 ✓ guess" (review: cut to "gues" at 390 px)
  const columnX = (layer: number) => (view.columns.length === 1 ? x1 : x0 + ((x1 - x0) * (layer - 1)) / (view.columns.length - 1));
  /** The top of a column's first slot (1-based layer). */
  const columnTop = (layer: number) => TOP + ((biggest - slots[layer - 1]) * gap) / 2;
  /** The centre of a unit of a column (1-based layer); a unit outside its window sits on the "more" slot it is behind. */
  const unitY = (layer: number, unit: number) => {
    const w = windows[layer - 1];
    const slot = w.windowed ? Math.max(-1, Math.min(w.count, unit - w.start)) + 1 : unit;
    return columnTop(layer) + (slot + 0.5) * gap;
  };
  const middle = TOP + (biggest * gap) / 2;
  const L = view.columns.length;
  /** The top of the loss box: beside the true digit's output, or under the output column. */
  const lossTop = compact ? columnTop(L) + slots[L - 1] * gap + 26 : unitY(L, view.label) - 16;
  const lossX = compact ? columnX(L) : W - lossWidth / 2 - 2;
  const height = Math.max(TOP + biggest * gap + BOTTOM, compact ? lossTop + 32 + BOTTOM : 0);
  return { W, H: height, gap, radius, inputSize, columnX, columnTop, slots, unitY, middle, compact, lossX, lossTop };
}

/**
 * Probabilities just written that are all small look almost like the page (0 is drawn in the
 * background colour): say why the output circles are pale (review: they looked "not yet computed").
 */
export function paleNote(view: DiagramView): string {
  const out = view.columns.at(-1)?.shown;
  if (!out || out.name !== 'p' || out.role !== 'output') return '';
  const top = Math.max(...out.values);
  if (top >= 0.5) return '';
  return ` The output circles are pale because every p is small, from ${formatNumber(Math.min(...out.values), 2)} to ${formatNumber(top, 2)}: this network is not yet sure of any digit.`;
}

/** An edge layer's legend: faint edges are coloured too, and their legend says they are drawn faint (review). */
function edgeLegend<L extends { label: string }>(legend: L, role: string): L {
  return role === 'faint' ? { ...legend, label: `${legend.label}, drawn faint` } : legend;
}

/**
 * `focused`: the readout to show; `roving`: the one unit in the tab order (the others are reached
 * with the arrow keys), by default the selected unit or the first unit of the first layer.
 */
export function renderNetworkDiagram(root: HTMLElement, view: DiagramView, focused: UnitReadout | null = null, width = 560, roving: { layer: number; unit: number } | null = null): void {
  const windows = diagramWindows(root as WindowedRoot, view, roving);
  const drawn = (layer: number, unit: number) => unit >= windows[layer - 1].start && unit < windows[layer - 1].start + windows[layer - 1].count;
  let tabStop = roving ?? view.selected ?? { layer: 1, unit: 0 };
  if (!drawn(tabStop.layer, tabStop.unit)) tabStop = { layer: tabStop.layer, unit: windows[tabStop.layer - 1].start };
  const g = layout(view, width, windows);
  const L = view.columns.length;
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-diagram').data([null]).join('div').attr('class', 'sw-diagram')
    .attr('data-kind', view.kind).attr('data-phase', view.phase);

  // "Greyed" only while a column or the loss is (the update and ∂L/∂W steps grey nothing).
  const greyed = view.columns.some((c) => !c.shown) || !view.loss
    ? ` Greyed: ${view.phase === 'backward' ? 'no gradient computed there yet (its forward values were computed earlier)' : 'not yet computed'}.`
    : '';
  textIfChanged(box.selectAll<HTMLParagraphElement, null>('p.sw-diagram-active').data([null]).join('p').attr('class', 'sw-diagram-active'),
    `This step computes ${view.produces}${view.reads.length ? ` from ${view.reads.join(', ')}` : ''}. Lit up: what it reads (dashed) and what it writes (filled).${greyed}${paleNote(view)}`);

  const svg = box.selectAll<SVGSVGElement, null>('svg.sw-net').data([null]).join('svg').attr('class', 'sw-net')
    .attr('viewBox', `0 0 ${g.W} ${g.H}`).attr('width', g.W).attr('height', g.H)
    .attr('role', 'group').attr('aria-label', `Network diagram at this step: ${view.columns.map((c, l) => `${c.title} ${c.shown ? `shows ${c.shown.label}` : 'not yet computed'}${windows[l].windowed ? ` (units ${windows[l].start} to ${windows[l].start + windows[l].count - 1} of ${c.size} drawn; arrow keys scroll)` : ''}`).join('; ')}`);

  // The input digit, as an image inside the drawing so the first layer's edges can leave from it.
  const inputY = g.middle - g.inputSize / 2;
  const inputGroup = svg.selectAll<SVGGElement, null>('g.sw-input').data([null]).join('g')
    .attr('class', `sw-input sw-role-${view.inputRole}`);
  // Written only where they change (lib/dom.ts): most of the drawing is the same from step to step.
  const inputTitle = inputGroup.selectAll<SVGTextElement, null>('text').data([null]).join((enter) => enter.append('text').attr('class', 'sw-layer-title').attr('text-anchor', 'middle').text('input x'));
  attrIfChanged(inputTitle, 'x', g.inputSize / 2);
  attrIfChanged(inputTitle, 'y', inputY - 8);
  const frame = inputGroup.selectAll<SVGRectElement, null>('rect').data([null]).join((enter) => enter.append('rect').attr('class', 'sw-input-frame').attr('x', 0.5));
  attrIfChanged(frame, 'y', inputY - 0.5);
  attrIfChanged(frame, 'width', g.inputSize);
  attrIfChanged(frame, 'height', g.inputSize + 1);
  const image = inputGroup.selectAll<SVGImageElement, null>('image').data([null])
    .join((enter) => enter.append('image').attr('x', 1).attr('preserveAspectRatio', 'none').attr('role', 'img'));
  attrIfChanged(image, 'y', inputY);
  attrIfChanged(image, 'width', g.inputSize - 1);
  attrIfChanged(image, 'height', g.inputSize);
  attrIfChanged(image, 'aria-label', `The input digit, labelled ${view.label}`);
  // Drawn again for another digit or colour scheme (the ink is the page's colours).
  const scheme = currentScheme();
  const imageNode = image.node() as (SVGImageElement & { swInput?: ArrayLike<number>; swScheme?: string }) | null;
  if (imageNode && (imageNode.swInput !== view.input || imageNode.swScheme !== scheme) && typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = 28;
    canvas.height = 28;
    if (canvas.getContext?.('2d')) {
      drawInk(canvas, view.input, 28, 28);
      imageNode.setAttribute('href', canvas.toDataURL());
      imageNode.swInput = view.input;
      imageNode.swScheme = scheme;
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
    // The role (faint, read, written) is the group's class, drawn as the group's opacity by CSS,
    // so a change of role alone touches no line. The colour scheme is in the key: its colours.
    const key = `${scheme}|${e.name}|${g.W}|${values.length}|${sum}|${windows[e.layer - 1].start}|${e.layer > 1 ? windows[e.layer - 2].start : 0}`;
    const node = this as SVGGElement & { swKey?: string; swLegend?: { label: string; colour: (v: number) => string; extent: number } };
    if (node.swKey === key) {
      if (node.swLegend) edgeLegends.push(edgeLegend(node.swLegend, e.role));
      return;
    }
    node.swKey = key;
    node.swLegend = undefined;
    const fromX = e.layer === 1 ? g.inputSize + 2 : g.columnX(e.layer - 1);
    const toX = g.columnX(e.layer);
    const toY = (o: number) => g.unitY(e.layer, o);
    if (e.values) {
      const extent = maxAbs(e.values) || 1;
      const colour = divergingScale(extent);
      // Named as the column they lead into is titled ("output", not "layer 2"; review).
      node.swLegend = { label: `edges into ${view.columns[e.layer - 1].title}: ${e.label}`, colour, extent };
      edgeLegends.push(edgeLegend(node.swLegend, e.role));
      // Only the weights between drawn units (a wide layer is drawn a window at a time).
      const lines: { value: number; from: number; to: number }[] = [];
      for (let k = 0; k < e.values.length; k++) {
        const from = k % e.inSize;
        const to = Math.floor(k / e.inSize);
        if (drawn(e.layer, to) && (e.layer === 1 || drawn(e.layer - 1, from))) lines.push({ value: e.values[k], from, to });
      }
      const fromY = (i: number) => g.unitY(e.layer - 1, i);
      const drawnLines = group.selectAll<SVGLineElement, (typeof lines)[number]>('line').data(lines).join('line').attr('class', null);
      // The same lines between the same units from step to step: only values and colours change.
      attrIfChanged(drawnLines, 'x1', fromX);
      attrIfChanged(drawnLines, 'y1', (d) => fromY(d.from));
      attrIfChanged(drawnLines, 'x2', toX);
      attrIfChanged(drawnLines, 'y2', (d) => toY(d.to));
      drawnLines.attr('data-value', (d) => d.value)
        .attr('stroke', (d) => colour(d.value))
        .attr('stroke-width', (d) => 0.6 + (2.4 * Math.abs(d.value)) / extent);
    } else {
      // One line per unit for the 784 pixels: its thickness is the size of that unit's row.
      const sizes = e.rowSizes ?? [];
      const biggest = maxAbs(sizes) || 1;
      const shown = windowUnits(windows[e.layer - 1]).map((o) => ({ o, d: sizes[o] }));
      const fans = group.selectAll<SVGLineElement, { o: number; d: number }>('line').data(shown).join('line').attr('stroke', null);
      attrIfChanged(fans, 'class', 'sw-fan');
      attrIfChanged(fans, 'x1', fromX);
      attrIfChanged(fans, 'y1', g.middle);
      attrIfChanged(fans, 'x2', toX);
      attrIfChanged(fans, 'y2', ({ o }) => toY(o));
      attrIfChanged(fans, 'data-unit', ({ o }) => o);
      fans.attr('data-value', ({ d }) => d).attr('stroke-width', ({ d }) => 0.8 + (3.2 * d) / biggest);
    }
  });

  // Columns of units.
  const scales = view.columns.map(columnScale);
  const columns = svg.selectAll<SVGGElement, DiagramColumn>('g.sw-layer').data(view.columns, (c) => String(c.layer)).join('g')
    .attr('class', (c) => `sw-layer sw-role-${c.shown?.role ?? 'pending'}`)
    .attr('data-layer', (c) => c.layer).attr('data-quantity', (c) => c.shown?.name ?? 'none').attr('data-role', (c) => c.shown?.role ?? 'pending')
    .attr('data-extent', (_, l) => scales[l]?.extent ?? null).attr('data-scale', (_, l) => scales[l]?.kind ?? null)
    .attr('data-size', (c) => c.size).attr('data-window-start', (_, l) => windows[l].start).attr('data-window-count', (_, l) => windows[l].count);
  // Geometry and titles change with the width or the step's quantity, not at every step: write only changes.
  const bgs = columns.selectAll<SVGRectElement, DiagramColumn>('rect.sw-layer-bg').data((c) => [c]).join((enter) => enter.append('rect').attr('class', 'sw-layer-bg').attr('rx', 8));
  attrIfChanged(bgs, 'x', (c) => g.columnX(c.layer) - g.radius - 5);
  attrIfChanged(bgs, 'width', 2 * g.radius + 10);
  attrIfChanged(bgs, 'y', (c) => g.columnTop(c.layer) - 2);
  attrIfChanged(bgs, 'height', (c) => g.slots[c.layer - 1] * g.gap + 4);
  const titles = columns.selectAll<SVGTextElement, DiagramColumn>('text.sw-layer-title').data((c) => [c]).join((enter) => enter.append('text').attr('class', 'sw-layer-title').attr('text-anchor', 'middle'));
  attrIfChanged(titles, 'x', (c) => g.columnX(c.layer));
  attrIfChanged(titles, 'y', (c) => g.columnTop(c.layer) - 22);
  textIfChanged(titles, (c) => (windows[c.layer - 1].windowed && !g.compact ? `${c.title} (${c.size} units)` : c.title));
  const quantities = columns.selectAll<SVGTextElement, DiagramColumn>('text.sw-layer-quantity').data((c) => [c]).join((enter) => enter.append('text').attr('class', 'sw-layer-quantity').attr('text-anchor', 'middle'));
  attrIfChanged(quantities, 'x', (c) => g.columnX(c.layer));
  attrIfChanged(quantities, 'y', (c) => g.columnTop(c.layer) - 8);
  // Backward, a greyed column has its forward values already: what it lacks is its gradient.
  textIfChanged(quantities, (c) => c.shown?.label ?? (view.phase === 'backward' ? (g.compact ? 'no ∂L yet' : 'gradient not yet') : g.compact ? 'not yet' : 'not yet computed'));
  columns.each(function (column, l) {
    const scale = scales[l];
    const shown = column.shown;
    const win = windows[l];
    const units = windowUnits(win);
    const selected = (unit: number) => !!view.selected && view.selected.layer === column.layer && view.selected.unit === unit;
    // The units sit in a group of their own, between "▲ more" and "▼ more", so that the Tab
    // order stays ▲, units, ▼ however the window scrolls (d3 appends entering nodes last).
    const unitGroup = select(this).selectAll<SVGGElement, null>('g.sw-units').data([null]).join('g').attr('class', 'sw-units');
    const circles = unitGroup.selectAll<SVGCircleElement, number>('circle.sw-unit').data(units, (unit) => String(unit)).join('circle');
    // Where the units are changes only with the width, the network or the window: not on every step.
    const group = this as SVGGElement & { swGeometry?: string };
    const geometry = `${g.W}|${g.radius}|${g.gap}|${column.size}|${L}|${win.start}|${g.columnTop(column.layer)}`;
    if (group.swGeometry !== geometry) {
      group.swGeometry = geometry;
      circles.attr('cx', g.columnX(column.layer)).attr('cy', (unit) => g.unitY(column.layer, unit)).attr('r', g.radius)
        .attr('data-layer', column.layer).attr('data-unit', (unit) => unit).attr('role', 'button');
    }
    // A wide layer: "… N more" above and below the drawn units; clicking one shows the next units that way.
    const more = win.windowed
      ? [{ dir: 'up', count: win.start, y: g.columnTop(column.layer) + g.gap / 2 }, { dir: 'down', count: win.size - win.start - win.count, y: g.columnTop(column.layer) + (win.count + 1.5) * g.gap }]
      : [];
    const moreGroups = select(this).selectAll<SVGGElement, (typeof more)[number]>('g.sw-more').data(more, (d) => d.dir)
      .join((enter) => enter.insert('g', (d) => (d.dir === 'up' ? unitGroup.node() : null)))
      .attr('class', (d) => `sw-more${d.count ? '' : ' sw-more-none'}`).attr('data-layer', column.layer).attr('data-dir', (d) => d.dir)
      .attr('data-count', (d) => d.count)
      // A real button for the keyboard too: a Tab stop of its own (Enter or Space pages), so the
      // units keep their single roving stop and their arrow keys.
      .attr('role', (d) => (d.count ? 'button' : null)).attr('tabindex', (d) => (d.count ? 0 : null))
      .attr('aria-label', (d) => (d.count ? `Show the ${d.dir === 'up' ? 'units before' : 'units after'} these in ${column.title} (${d.count} more)` : null));
    // The whole slot is the tap target (at least 24 px high), not just the text.
    moreGroups.selectAll('rect').data((d) => [d]).join('rect').attr('x', g.columnX(column.layer) - 36).attr('width', 72)
      .attr('y', (d) => d.y - g.gap / 2).attr('height', g.gap);
    moreGroups.selectAll('text').data((d) => [d]).join('text').attr('x', g.columnX(column.layer)).attr('y', (d) => d.y + 4).attr('text-anchor', 'middle')
      .text((d) => (d.count ? `${d.dir === 'up' ? '▲' : '▼'} ${d.count} more` : d.dir === 'up' ? 'first' : 'last'));
    const readouts = column.readouts.map(unitReadout);
    // Most of these stay as they were from one step to the next: write only what changes.
    attrIfChanged(circles, 'class', (unit) => `sw-unit${shown ? '' : ' sw-pending'}${selected(unit) ? ' sw-selected' : ''}${column.layer === L && unit === view.label ? ' sw-true' : ''}`);
    attrIfChanged(circles, 'fill', (unit) => (shown && scale ? scale.colour(shown.values[unit]) : null));
    attrIfChanged(circles, 'data-quantity', shown?.name ?? 'none');
    attrIfChanged(circles, 'data-computed', String(!!shown));
    attrIfChanged(circles, 'data-value', (unit) => (shown ? shown.values[unit] : null));
    attrIfChanged(circles, 'tabindex', (unit) => (tabStop.layer === column.layer && tabStop.unit === unit ? 0 : -1));
    attrIfChanged(circles, 'aria-pressed', (unit) => String(selected(unit)));
    attrIfChanged(circles, 'aria-label', (unit) => readouts[unit]);
    textIfChanged(circles.selectAll<SVGTitleElement, number>('title').data((unit) => [unit]).join('title'), (unit) => readouts[unit]);
    if (column.layer === L) {
      const classes = select(this).selectAll<SVGTextElement, number>('text.sw-class').data(units).join((enter) => enter.append('text').attr('class', 'sw-class'));
      attrIfChanged(classes, 'x', g.columnX(column.layer) + g.radius + 6);
      attrIfChanged(classes, 'y', (unit) => g.unitY(column.layer, unit) + 4);
      textIfChanged(classes, (unit) => `${unit}${unit === view.label ? ` ${trueDigitMark}` : ''}${unit === view.predicted ? ' guess' : ''}`);
    } else {
      // This column was the output of the network shown before (one with fewer layers): its digit labels go.
      select(this).selectAll('text.sw-class').remove();
    }
  });

  // The loss: one number, shown once computed.
  const lossGroup = svg.selectAll<SVGGElement, null>('g.sw-loss').data([null]).join('g')
    .attr('class', `sw-loss sw-role-${view.loss?.role ?? 'pending'}`).attr('data-computed', String(!!view.loss))
    .attr('data-value', view.loss ? view.loss.value : null);
  const lossTop = g.lossTop;
  const lossBox = lossGroup.selectAll<SVGRectElement, null>('rect').data([null]).join((enter) => enter.append('rect').attr('width', 68).attr('height', 32).attr('rx', 6));
  attrIfChanged(lossBox, 'x', g.lossX - 34);
  attrIfChanged(lossBox, 'y', lossTop);
  const lossTexts = lossGroup.selectAll<SVGTextElement, { name: string; dy: number; text: string }>('text')
    .data([{ name: 'sw-loss-name', dy: -6, text: view.phase === 'update' ? 'L before step' : 'loss L' }, { name: 'sw-loss-value', dy: 21, text: view.loss ? formatNumber(view.loss.value) : 'not yet' }])
    .join((enter) => enter.append('text').attr('class', (d) => d.name).attr('text-anchor', 'middle'));
  attrIfChanged(lossTexts, 'x', g.lossX);
  attrIfChanged(lossTexts, 'y', (d) => lossTop + d.dy);
  textIfChanged(lossTexts, (d) => d.text);

  // The selected first-layer unit's 784 incoming weights, folded back into the 28 × 28 grid.
  const side = box.selectAll<HTMLDivElement, null>('div.sw-diagram-side').data(view.selectedWeightsImage ? [null] : []).join('div').attr('class', 'sw-diagram-side');
  side.selectAll('span.sw-caption-weights').data([null]).join('span').attr('class', 'sw-caption sw-caption-weights')
    .text(`weights ${quantitySymbol({ name: 'W', layer: 1 })} into hidden unit ${view.selected?.unit} as a 28 × 28 image (blue: ink here raises its z; red: lowers it)`);
  const weights = side.selectAll<HTMLCanvasElement, null>('canvas.sw-unit-weights').data([null]).join('canvas')
    .attr('class', 'sw-unit-weights').call(canvasSize, 28, 28).attr('role', 'img')
    .attr('aria-label', `Incoming weights of hidden unit ${view.selected?.unit} as a 28 by 28 image`);
  if (view.selectedWeightsImage) drawDiverging(weights.node(), view.selectedWeightsImage, 28, 28);

  textIfChanged(box.selectAll<HTMLParagraphElement, null>('p.sw-caption-input').data([null]).join('p').attr('class', 'sw-caption sw-caption-input'),
    `Input x: the digit, label ${view.label} (${trueDigitMark} marks it among the outputs). Lines from it stand for 784 weights into each first-layer unit.`);
  // Until a unit is pointed at, the readout is a hint, grey like the captions around it.
  const readout = box.selectAll<HTMLParagraphElement, null>('p.sw-readout').data([null]).join((enter) => enter.append('p').attr('aria-live', 'polite'));
  attrIfChanged(readout, 'class', focused ? 'sw-readout' : 'sw-readout sw-hint');
  textIfChanged(readout, focused ? unitReadout(focused) : 'Hover over or focus a unit to read what has been computed for it so far (arrow keys move between units); click or press Enter to select it.');

  // One legend per coloured column and per coloured set of edges, each on its own scale.
  const legends = [
    ...view.columns.flatMap((c, l) => (c.shown && scales[l] ? [{ key: `c${c.layer}`, label: `${c.title}: ${c.shown.label}`, ...scales[l]! }] : [])),
    ...edgeLegends.map((e, k) => ({ key: `e${k}`, ...e, kind: 'diverging' as const })),
  ];
  const fanNote = view.edges.find((e) => e.rowSizes && e.role !== 'faint');
  const legendBox = box.selectAll<HTMLDivElement, null>('div.sw-legends').data([null]).join('div').attr('class', 'sw-legends');
  legendBox.selectAll<HTMLDivElement, (typeof legends)[number]>('div.sw-legend-slot').data(legends, (d) => d.key).join('div').attr('class', 'sw-legend-slot')
    .each(function (d) { renderLegend(this, d.colour, d.extent, d.label, d.kind); });
  textIfChanged(legendBox.selectAll<HTMLParagraphElement, DiagramEdges>('p.sw-fan-note').data(fanNote ? [fanNote] : []).join('p').attr('class', 'sw-caption sw-fan-note'),
    (e) => `Lines from the input to layer ${e.layer}: ${e.name === 'W' ? 'the weights this step multiplies' : `thickness is the size (root mean square) of each unit's 784 values of ${e.label}`}.`);
}

/** The diagram's root remembers each column's window and the selection it last drew. */
type WindowedRoot = HTMLElement & { swWindowStarts?: number[]; swSelectedKey?: string };

/**
 * Each column's window: it follows the keyboard-focused unit (`roving`), except on the draw
 * after the selection changed (picked in another widget), which brings the selected unit into view.
 */
function diagramWindows(root: WindowedRoot, view: DiagramView, roving: { layer: number; unit: number } | null): UnitWindow[] {
  const selectedKey = view.selected ? `${view.selected.layer}:${view.selected.unit}` : '';
  const selectionMoved = root.swSelectedKey !== selectedKey;
  root.swSelectedKey = selectedKey;
  const previous = root.swWindowStarts ?? [];
  const windows = view.columns.map((c, l) => {
    const fromSelection = view.selected?.layer === c.layer ? view.selected.unit : null;
    const fromFocus = roving?.layer === c.layer ? roving.unit : null;
    const anchor = selectionMoved ? fromSelection ?? fromFocus : fromFocus ?? fromSelection;
    return unitWindow(c.size, anchor, previous[l]);
  });
  root.swWindowStarts = windows.map((w) => w.start);
  return windows;
}

/** Moves a wide column's window a page up or down (the "… N more" buttons); returns the first unit now drawn. */
export function pageWindow(root: HTMLElement, view: DiagramView, layer: number, dir: 'up' | 'down'): number {
  const r = root as WindowedRoot;
  const size = view.columns[layer - 1].size;
  const starts = r.swWindowStarts ?? view.columns.map(() => 0);
  const start = Math.max(0, Math.min(size - MAX_SHOWN, (starts[layer - 1] ?? 0) + (dir === 'down' ? MAX_SHOWN : -MAX_SHOWN)));
  starts[layer - 1] = start;
  r.swWindowStarts = starts;
  return start;
}
