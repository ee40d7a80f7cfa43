/**
 * The reference kernel(s) computing the current step, as they are in src/nn/reference.ts, with
 * the lines that compute it highlighted. Long lines wrap inside the box (never cut off).
 */
import { select } from 'd3';
import type { StepFunction } from './source.ts';
import { attrIfChanged, textIfChanged } from '../lib/dom.ts';

export interface CodePanelView {
  /** File the code comes from, relative to the repository, e.g. `src/nn/reference.ts`. */
  file: string;
  kind: string;
  functions: StepFunction[];
}

export function renderCode(root: HTMLElement, view: CodePanelView): void {
  const names = view.functions.map((f) => `${f.name}()`).join(' and ');
  const box = select(root).selectAll<HTMLElement, null>('figure.sw-code').data([null]).join('figure').attr('class', 'sw-code')
    .attr('data-fn', view.functions.map((f) => f.name).join(',')).attr('data-kind', view.kind);
  box.selectAll('figcaption').data([null]).join('figcaption')
    .text(view.functions.length ? `${view.file} — ${names}` : `${view.file}: no code is marked "// step: ${view.kind}"`);
  const code = box.selectAll<HTMLPreElement, null>('pre').data([null]).join('pre').attr('tabindex', 0)
    .attr('aria-label', `Source of ${names || 'this step'} in ${view.file}; highlighted lines compute this step`)
    .selectAll<HTMLElement, null>('code').data([null]).join('code');
  const lines = view.functions.flatMap((f, k) => (k ? [{ number: 0, text: '', highlighted: false }, ...f.lines] : f.lines));
  // Consecutive steps often show the same function with other lines lit: write only what changes.
  const rows = attrIfChanged(code.selectAll<HTMLSpanElement, (typeof lines)[number]>('span.sw-line').data(lines).join('span'),
    'class', (d) => `sw-line${d.highlighted ? ' sw-hl' : ''}`);
  const numbers = rows.selectAll<HTMLSpanElement, (typeof lines)[number]>('span.sw-ln').data((d) => [d]).join((enter) => enter.append('span').attr('class', 'sw-ln').attr('aria-hidden', 'true'));
  textIfChanged(numbers, (d) => (d.number ? String(d.number) : ''));
  textIfChanged(rows.selectAll<HTMLSpanElement, (typeof lines)[number]>('span.sw-src').data((d) => [d]).join((enter) => enter.append('span').attr('class', 'sw-src')), (d) => d.text);
}
