/** The real source of the core function computing the current step, relevant lines highlighted. */
import { select } from 'd3';
import type { SourceLine } from './source.ts';

export interface CodePanelView {
  file: string;
  fn: string;
  kind: string;
  lines: SourceLine[];
}

export function renderCode(root: HTMLElement, view: CodePanelView): void {
  const box = select(root).selectAll<HTMLElement, null>('figure.sw-code').data([null]).join('figure').attr('class', 'sw-code')
    .attr('data-fn', view.fn);
  box.selectAll('figcaption').data([null]).join('figcaption').text(`src/nn/${view.file} — ${view.fn}()`);
  const code = box.selectAll<HTMLPreElement, null>('pre').data([null]).join('pre').attr('tabindex', 0)
    .attr('aria-label', `Source of ${view.fn} in src/nn/${view.file}; highlighted lines compute this step`)
    .selectAll<HTMLElement, null>('code').data([null]).join('code');
  const rows = code.selectAll<HTMLSpanElement, SourceLine>('span.sw-line').data(view.lines).join('span')
    .attr('class', (d) => `sw-line${d.highlighted ? ' sw-hl' : ''}`);
  rows.selectAll('span.sw-ln').data((d) => [d]).join('span').attr('class', 'sw-ln').attr('aria-hidden', 'true').text((d) => String(d.number).padStart(4));
  rows.selectAll('span.sw-src').data((d) => [d]).join('span').attr('class', 'sw-src').text((d) => `${d.text}\n`);
}
