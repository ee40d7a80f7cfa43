/**
 * The network diagram: the input image, then one column of units per layer, coloured by the
 * current step's quantity (activations on the way forward, dL/dz on the way back) with a
 * diverging scale and its legend. The column the current step writes is highlighted; a selected
 * unit shows its incoming weights (as edges, or for the first layer as a 28 × 28 image).
 */
import { select } from 'd3';
import type { DiagramView, UnitNumbers } from '../../state/views.ts';
import { formatNumber } from '../lib/format.ts';
import { divergingScale, inkGrey, maxAbs } from '../lib/theme.ts';
import { canvasSize, drawDiverging, renderLegend } from '../lib/legend.ts';

const WIDTH = 520;
const HEIGHT = 330;
const TOP = 28;
const COLUMN_X0 = 70;

/** The readout for one unit: every number the pass has for it. */
export function unitReadout(view: DiagramView, u: UnitNumbers): string {
  const name = u.layer === view.layers.length ? `output unit ${u.unit} (digit ${u.unit})` : `hidden layer ${u.layer}, unit ${u.unit}`;
  const a = u.layer === view.layers.length ? `p = ${formatNumber(u.a)}` : `a = ${formatNumber(u.a)}`;
  const dLda = u.dLda === null ? '' : `, dL/da = ${formatNumber(u.dLda)}`;
  return `${name}: z = ${formatNumber(u.z)}, ${a}, b = ${formatNumber(u.b)}, dL/dz = ${formatNumber(u.dLdz)}${dLda}`;
}

export function renderNetworkDiagram(root: HTMLElement, view: DiagramView, focused: UnitNumbers | null = null): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-diagram').data([null]).join('div').attr('class', 'sw-diagram')
    .attr('data-mode', view.mode).attr('data-active-layer', view.activeLayer ?? 'loss');

  // Input column: the digit, and under it the selected first-layer unit's incoming weights.
  const side = box.selectAll<HTMLDivElement, null>('div.sw-diagram-input').data([null]).join('div').attr('class', 'sw-diagram-input');
  side.selectAll('span.sw-caption-input').data([null]).join('span').attr('class', 'sw-caption sw-caption-input').text(`input x (label ${view.label})`);
  const input = side.selectAll<HTMLCanvasElement, null>('canvas.sw-input').data([null]).join('canvas').attr('class', 'sw-input')
    .call(canvasSize, 28, 28).attr('role', 'img').attr('aria-label', `The input digit, labelled ${view.label}`);
  const context = input.node()?.getContext?.('2d');
  if (context) {
    const image = context.createImageData(28, 28);
    for (let k = 0; k < 784; k++) {
      const g = inkGrey(view.input[k]);
      image.data.set([g, g, g, 255], 4 * k);
    }
    context.putImageData(image, 0, 0);
  }
  const firstLayerWeights = view.selected?.layer === 1 ? view.selectedWeightsImage : null;
  side.selectAll('span.sw-caption-weights').data(firstLayerWeights ? [null] : []).join('span').attr('class', 'sw-caption sw-caption-weights')
    .text(`weights into unit ${view.selected?.unit}`);
  const weights = side.selectAll<HTMLCanvasElement, null>('canvas.sw-unit-weights').data(firstLayerWeights ? [null] : []).join('canvas')
    .attr('class', 'sw-unit-weights').call(canvasSize, 28, 28).attr('role', 'img')
    .attr('aria-label', `Incoming weights of hidden unit ${view.selected?.unit} as a 28 by 28 image`);
  if (firstLayerWeights) drawDiverging(weights.node(), firstLayerWeights, 28, 28);

  const svg = box.selectAll<SVGSVGElement, null>('svg').data([null]).join('svg').attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('role', 'group').attr('aria-label', `Network diagram, coloured by ${view.mode === 'activation' ? 'activations' : 'gradients dL/dz'}`);
  const columns = view.layers.length;
  const columnX = (l: number) => COLUMN_X0 + ((WIDTH - COLUMN_X0 - 110) * (l - 1)) / Math.max(1, columns - 1);
  const unitY = (count: number, unit: number) => TOP + ((HEIGHT - TOP - 20) * (unit + 0.5)) / count;
  const radius = (count: number) => Math.max(4, Math.min(11, (HEIGHT - TOP - 20) / count / 2.4));

  // The scale fits the column the current step produces, so its numbers are readable even when
  // another column is far larger (the output error next to small hidden gradients); other columns
  // saturate at the ends of the scale, and the legend says which extent is in use.
  const active = view.activeLayer !== null ? view.layers[view.activeLayer - 1] : undefined;
  const extent = maxAbs(active ? active.values : view.layers.flatMap((layer) => layer.values));
  const colour = divergingScale(extent);

  // Edges of the selected unit from the previous layer.
  const selected = view.selected;
  const edges = selected && selected.layer >= 2 ? view.selectedEdges : [];
  const previousCount = selected && selected.layer >= 2 ? view.layers[selected.layer - 2].values.length : 0;
  const edgeScale = divergingScale(maxAbs(edges.map((e) => e.weight)));
  const edgeMax = maxAbs(edges.map((e) => e.weight)) || 1;
  svg.selectAll<SVGGElement, null>('g.sw-edges').data([null]).join('g').attr('class', 'sw-edges')
    .selectAll<SVGLineElement, { from: number; weight: number }>('line').data(edges).join('line')
    .attr('x1', columnX((selected?.layer ?? 2) - 1)).attr('y1', (d) => unitY(previousCount, d.from))
    .attr('x2', columnX(selected?.layer ?? 2)).attr('y2', unitY(view.layers[(selected?.layer ?? 2) - 1]?.values.length ?? 1, selected?.unit ?? 0))
    .attr('stroke', (d) => edgeScale(d.weight)).attr('stroke-width', (d) => 0.5 + (3 * Math.abs(d.weight)) / edgeMax);

  const layerGroups = svg.selectAll<SVGGElement, DiagramView['layers'][number]>('g.sw-layer').data(view.layers).join('g')
    .attr('class', (_, l) => `sw-layer${view.activeLayer === l + 1 ? ' sw-active' : ''}`);
  layerGroups.selectAll<SVGRectElement, number>('rect.sw-layer-bg').data((_, l) => [l]).join('rect').attr('class', 'sw-layer-bg')
    .attr('x', (l) => columnX(l + 1) - 18)
    .attr('y', TOP - 6).attr('width', 36).attr('height', HEIGHT - TOP - 8).attr('rx', 8);
  layerGroups.selectAll<SVGTextElement, null>('text.sw-layer-title').data((_, l) => [l]).join('text').attr('class', 'sw-layer-title')
    .attr('x', (l) => columnX(l + 1)).attr('y', 16).attr('text-anchor', 'middle')
    .text((l) => (l + 1 === columns ? 'output' : `layer ${l + 1}`));
  layerGroups.each(function (layer, l) {
    const count = layer.values.length;
    const r = radius(count);
    const nodes = select(this).selectAll<SVGCircleElement, UnitNumbers>('circle.sw-unit').data(layer.units).join('circle')
      .attr('class', (u) => `sw-unit${selected && selected.layer === u.layer && selected.unit === u.unit ? ' sw-selected' : ''}${l + 1 === columns && u.unit === view.label ? ' sw-true' : ''}`)
      .attr('cx', columnX(l + 1)).attr('cy', (_, k) => unitY(count, k)).attr('r', r)
      .attr('fill', (_, k) => colour(layer.values[k]))
      .attr('tabindex', 0).attr('role', 'button')
      .attr('data-layer', l + 1).attr('data-unit', (u) => u.unit)
      .attr('aria-pressed', (u) => String(!!selected && selected.layer === u.layer && selected.unit === u.unit))
      .attr('aria-label', (u) => unitReadout(view, u));
    nodes.selectAll('title').data((u) => [u]).join('title').text((u) => unitReadout(view, u));
    if (l + 1 === columns) {
      select(this).selectAll<SVGTextElement, UnitNumbers>('text.sw-class').data(layer.units).join('text').attr('class', 'sw-class')
        .attr('x', columnX(l + 1) + r + 6).attr('y', (_, k) => unitY(count, k) + 4)
        .text((u) => `${u.unit}${u.unit === view.label ? ' ← label' : ''}${u.unit === view.predicted && u.unit !== view.label ? ' ← guess' : ''}`);
    }
  });

  box.selectAll<HTMLParagraphElement, null>('p.sw-diagram-active').data([null]).join('p').attr('class', 'sw-diagram-active')
    .text(`This step produces: ${view.activeLabel}. Units are coloured by ${view.mode === 'activation' ? 'their activation' : 'dL/dz, the gradient of the loss'}.`);
  box.selectAll<HTMLParagraphElement, null>('p.sw-readout').data([null]).join('p').attr('class', 'sw-readout').attr('aria-live', 'polite')
    .text(focused ? unitReadout(view, focused) : 'Hover over or focus a unit to read its numbers; click or press Enter to select it and see its incoming weights.');
  const scaleName = view.mode === 'activation' ? 'activation' : 'dL/dz';
  renderLegend(box.node()!, colour, extent, active ? `${scaleName}, scaled to ${view.activeLayer === view.layers.length ? 'the output' : `layer ${view.activeLayer}`}` : scaleName);
}
