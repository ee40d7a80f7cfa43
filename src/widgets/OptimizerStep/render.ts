/**
 * The optimizer's updates of one weight as a table (step, g, memory, Δθ, SGD's Δθ), a bar chart
 * of |Δθ| per step against plain SGD's, and the selected step's arithmetic written out. Pure.
 */
import { select } from 'd3';
import type { OptimizerRun } from '../../state/optimizer-steps.ts';
import { formatNumber } from '../lib/format.ts';
import { sup } from '../../explain/notation.ts';

export interface OptimizerView {
  run: OptimizerRun;
  /** 0-based index of the step written out. */
  current: number;
  /** The form's texts and an error for an invalid entry. */
  form: { layer: string; row: string; col: string; lr: string; error: string | null };
}

const f = (x: number | undefined) => formatNumber(x ?? Number.NaN, 4);
/** An operand after an operator: negative numbers in parentheses, so "+ (−0.1)" never reads "+ −0.1". */
const q = (x: number | undefined) => ((x ?? 0) < 0 ? `(${f(x)})` : f(x));
const CHART_W = 480;
const CHART_H = 130;

/** The arithmetic of step `k` of the run, one line per formula, with the numbers in. */
export function stepLines(run: OptimizerRun, k: number): string[] {
  const s = run.steps[k];
  const prev = k > 0 ? run.steps[k - 1].memory : null;
  const eta = run.learningRate;
  const { row, col, layer } = run.weight;
  const name = `W${sup(layer)}[${row},${col}]`; // the layer as everywhere on the site (W⁽²⁾), then row, column
  const lines = [`t = ${s.t}: mini-batch of sample digits #${s.digits[0]}–#${s.digits[s.digits.length - 1]}, mean gradient g = dL/d${name} = ${f(s.g)}`];
  if (run.optimizer === 'momentum') {
    const mu = run.settings.momentum;
    lines.push(`v ← μ·v + g = ${mu} × ${q(prev?.velocity ?? 0)} + ${q(s.g)} = ${f(s.memory.velocity)}`);
    lines.push(`${name} ← ${name} − η·v = ${f(s.before)} − ${eta} × ${q(s.memory.velocity)} = ${f(s.after)}   (Δ = ${f(s.delta)})`);
  } else {
    const { beta1, beta2 } = run.settings;
    lines.push(`m ← β₁·m + (1 − β₁)·g = ${beta1} × ${q(prev?.m ?? 0)} + ${formatNumber(1 - beta1, 3)} × ${q(s.g)} = ${f(s.memory.m)}`);
    lines.push(`v ← β₂·v + (1 − β₂)·g² = ${beta2} × ${f(prev?.v ?? 0)} + ${formatNumber(1 - beta2, 3)} × ${f(s.g * s.g)} = ${f(s.memory.v)}`);
    lines.push(`m̂ = m / (1 − β₁^${s.t}) = ${f(s.memory.mHat)},   v̂ = v / (1 − β₂^${s.t}) = ${f(s.memory.vHat)}`);
    lines.push(`${name} ← ${name} − η·m̂ / (√v̂ + ε) = ${f(s.before)} − ${eta} × ${q(s.memory.mHat)} / ${f(Math.sqrt(s.memory.vHat ?? 0))} = ${f(s.after)}   (Δ = ${f(s.delta)})`);
  }
  lines.push(`Plain SGD with the same η would move it by −η·g = ${f(s.sgdDelta)}: the optimizer moved it ${formatNumber(Math.abs(s.delta / s.sgdDelta), 3)}× as far.`);
  return lines;
}

export function renderOptimizer(root: HTMLElement, view: OptimizerView): void {
  const { run } = view;
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-opt').data([null]).join('div').attr('class', 'sw-opt').attr('data-optimizer', run.optimizer);
  const controls = box.selectAll<HTMLDivElement, null>('div.sw-opt-controls').data([null]).join((enter) => {
    const div = enter.append('div').attr('class', 'sw-opt-controls');
    const set = div.append('fieldset');
    set.append('legend').text('Optimizer');
    for (const [value, text] of [['momentum', 'Momentum'], ['adam', 'Adam']]) {
      const label = set.append('label');
      label.append('input').attr('type', 'radio').attr('name', `${root.id}-optimizer`).attr('value', value).attr('data-field', 'optimizer');
      label.append('span').text(text);
    }
    for (const [field, text] of [['layer', 'Layer'], ['row', 'Row (unit)'], ['col', 'Column (input)'], ['lr', 'Learning rate η']]) {
      div.append('label').text(text).append('input').attr('type', 'text').attr('inputmode', 'decimal').attr('data-field', field);
    }
    div.append('button').attr('type', 'button').attr('data-action', 'apply').text('Run the steps');
    div.append('span').attr('class', 'sw-opt-error').attr('role', 'alert');
    return div;
  });
  controls.selectAll<HTMLInputElement, unknown>('input[data-field="optimizer"]').property('checked', function () {
    return this.value === run.optimizer;
  });
  for (const field of ['layer', 'row', 'col', 'lr'] as const) {
    controls.select<HTMLInputElement>(`input[data-field="${field}"]`).attr('aria-invalid', String(!!view.form.error)).each(function () {
      if (document.activeElement !== this && !view.form.error) this.value = view.form[field];
    });
  }
  controls.select('.sw-opt-error').text(view.form.error ?? '');

  const memoryHeads = run.optimizer === 'momentum' ? ['v'] : ['m', 'v', 'm̂', 'v̂'];
  const heads = ['step t', 'g', ...memoryHeads, 'Δθ', 'SGD’s −η·g', ''];
  const title = box.selectAll<HTMLParagraphElement, null>('p.sw-opt-title').data([null]).join('p').attr('class', 'sw-opt-title');
  // Scrolls sideways on narrow screens; focusable so the keyboard can scroll it too.
  const table = box.selectAll<HTMLDivElement, null>('div.sw-opt-wrap').data([null]).join('div').attr('class', 'sw-opt-wrap')
    .attr('role', 'region').attr('aria-label', 'Updates of the weight, step by step').attr('tabindex', 0)
    .selectAll<HTMLTableElement, null>('table.sw-opt').data([null]).join('table').attr('class', 'sw-opt');
  title.text(`${run.optimizer === 'momentum' ? `Momentum (μ = ${run.settings.momentum})` : `Adam (β₁ = ${run.settings.beta1}, β₂ = ${run.settings.beta2}, ε = ${run.settings.epsilon})`}, η = ${run.learningRate}: weight W${sup(run.weight.layer)} row ${run.weight.row}, column ${run.weight.col}, over ${run.steps.length} mini-batches of ${run.batchSize} sample digits`);
  table.selectAll<HTMLTableSectionElement, null>('thead').data([null]).join('thead').selectAll<HTMLTableRowElement, null>('tr').data([null]).join('tr')
    .selectAll<HTMLTableCellElement, string>('th').data(heads).join('th').attr('scope', 'col').text((d) => d);
  const rows = table.selectAll<HTMLTableSectionElement, null>('tbody').data([null]).join('tbody')
    .selectAll<HTMLTableRowElement, OptimizerRun['steps'][number]>('tr').data(run.steps).join('tr')
    .attr('class', (_, k) => (k === view.current ? 'sw-opt-current' : null));
  rows.selectAll<HTMLTableCellElement, string>('td').data((s, k) => {
    const m = s.memory;
    const memory = run.optimizer === 'momentum' ? [f(m.velocity)] : [f(m.m), f(m.v), f(m.mHat), f(m.vHat)];
    return [String(s.t), f(s.g), ...memory, f(s.delta), f(s.sgdDelta), String(k)];
  }).join('td').each(function (text, i, cells) {
    const cell = select(this);
    if (i === cells.length - 1) {
      const k = Number(text);
      cell.selectAll<HTMLButtonElement, null>('button').data([null]).join('button').attr('type', 'button').attr('data-step', k)
        .attr('aria-pressed', String(k === view.current)).attr('aria-label', `Write out step ${k + 1}`).text('show');
    } else cell.text(text);
  });

  const max = Math.max(...run.steps.flatMap((s) => [Math.abs(s.delta), Math.abs(s.sgdDelta)]), 1e-12);
  const bw = (CHART_W - 20) / run.steps.length;
  const y = (v: number) => CHART_H - 18 - (v / max) * (CHART_H - 30);
  const chart = box.selectAll<SVGSVGElement, null>('svg.sw-opt-chart').data([null]).join('svg').attr('class', 'sw-opt-chart').attr('viewBox', `0 0 ${CHART_W} ${CHART_H}`)
    .attr('role', 'img').attr('aria-label', `How far each step moved the weight: ${run.steps.map((s) => `step ${s.t}: ${f(Math.abs(s.delta))} (SGD ${f(Math.abs(s.sgdDelta))})`).join('; ')}`);
  chart.selectAll<SVGRectElement, OptimizerRun['steps'][number]>('rect.sw-opt-mine').data(run.steps).join('rect').attr('class', 'sw-opt-mine')
    .attr('x', (_, k) => 10 + k * bw + 4).attr('width', bw / 2 - 6).attr('y', (s) => y(Math.abs(s.delta))).attr('height', (s) => Math.max(0.5, y(0) - y(Math.abs(s.delta))));
  chart.selectAll<SVGRectElement, OptimizerRun['steps'][number]>('rect.sw-opt-sgd').data(run.steps).join('rect').attr('class', 'sw-opt-sgd')
    .attr('x', (_, k) => 10 + k * bw + bw / 2).attr('width', bw / 2 - 6).attr('y', (s) => y(Math.abs(s.sgdDelta))).attr('height', (s) => Math.max(0.5, y(0) - y(Math.abs(s.sgdDelta))));
  chart.selectAll<SVGTextElement, OptimizerRun['steps'][number]>('text').data(run.steps).join('text').attr('x', (_, k) => 10 + k * bw + bw / 2).attr('y', CHART_H - 4)
    .attr('text-anchor', 'middle').text((s) => `t = ${s.t}`);
  const keys = box.selectAll<HTMLDivElement, null>('div.sw-opt-keys').data([null]).join('div').attr('class', 'sw-opt-keys');
  keys.selectAll<HTMLSpanElement, string>('span').data([`|Δθ| with ${run.optimizer === 'momentum' ? 'momentum' : 'Adam'}`, '|Δθ| plain SGD, same η and g'])
    .join('span').attr('class', (_, k) => (k ? 'sw-opt-key-sgd' : 'sw-opt-key-mine')).text((d) => d);

  box.selectAll<HTMLDivElement, null>('div.sw-opt-detail').data([null]).join('div').attr('class', 'sw-opt-detail').attr('aria-live', 'polite')
    .selectAll<HTMLParagraphElement, string>('p').data(stepLines(run, view.current)).join('p').text((d) => d);
}
