/**
 * The confusion matrix as a table (which is also its text alternative): rows are the true digit,
 * columns the prediction, each cell a button with its count. Off the diagonal, a cell's colour is
 * its share of the true digit's test digits (ColorBrewer YlOrRd, sequential and colour-blind
 * safe) from 0 to the largest such share; the diagonal (correct) cells are outlined instead, so
 * the mistakes are not drowned by the ~90 % of each row that is right. Pure.
 */
import { color, interpolateYlOrRd, select } from 'd3';
import type { ConfusionCell, NetworkChoice } from '../../state/mistakes.ts';
import { formatPercent } from '../lib/format.ts';

export interface ConfusionView {
  cells: ConfusionCell[];
  /** Top of the colour scale: the largest off-diagonal share. */
  maxShare: number;
  selected: { truth: number; predicted: number } | null;
  /** The cell that takes Tab focus (roving tabindex). */
  focus: { truth: number; predicted: number };
  accuracy: number;
  total: number;
  /** Which network, for the learner. */
  source: string;
  builtIn: boolean;
  labHref: string;
  /** Why the weights file the learner chose could not be used. */
  fileError: string | null;
  /** Networks the learner can switch to (a chooser appears when there are two or more). */
  choices: NetworkChoice[];
  /** The key of the network shown. */
  chosen: string;
  /** Offer a weights-file input (pages with the site's own network). */
  offerFile: boolean;
  /** Notes about the link's network choice (refused, or not in this browser). */
  notes?: string[];
}

/** Background of an off-diagonal cell with `share`, on a scale whose top is `max`. */
export function cellColour(share: number, max: number): string | null {
  if (share <= 0 || max <= 0) return null;
  return interpolateYlOrRd(0.08 + 0.92 * Math.min(1, share / max));
}

/** WCAG 2 contrast ratio of two CSS colours d3 can parse. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (c: string): number => {
    const { r, g, b: blue } = color(c)!.rgb();
    const [R, G, B] = [r, g, blue].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The count's colour on a coloured cell: black or white, whichever contrasts more with the cell
 * (at least 4.6:1 over the whole scale; the page's near-black text would drop to 4.1:1 on the
 * orange-reds). The cells' colours are the same in both themes, so is this.
 */
export function cellTextColour(background: string): '#000' | '#fff' {
  return contrastRatio(background, '#000') >= contrastRatio(background, '#fff') ? '#000' : '#fff';
}

export function cellLabel(cell: ConfusionCell): string {
  const what = cell.truth === cell.predicted ? 'read correctly' : `predicted ${cell.predicted}`;
  return `True ${cell.truth}, ${what}: ${cell.count} digit${cell.count === 1 ? '' : 's'}, ${formatPercent(cell.share)} of the ${cell.truth}s`;
}

export function renderConfusion(root: HTMLElement, view: ConfusionView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-cm-box').data([null]).join('div').attr('class', 'sw-cm-box');
  renderNotes(box.node()!, view.notes ?? []);
  const source = box.selectAll<HTMLParagraphElement, null>('p.sw-cm-source').data([null]).join('p').attr('class', 'sw-cm-source').attr('data-builtin', String(view.builtIn));
  source.selectAll('*').remove();
  // A run's name may already carry its accuracy from the lab; the sentence gives the one measured here.
  const name = view.builtIn ? view.source : view.source.replace(/, \d+(\.\d+)? % test accuracy$/, '');
  source.text(`${view.builtIn ? 'Mistakes of ' : 'Mistakes of your network: '}${name}: ${formatPercent(view.accuracy)} of the ${view.total.toLocaleString('en')} test digits right, ${Math.round((1 - view.accuracy) * view.total).toLocaleString('en')} wrong.`);
  if (view.builtIn) {
    source.append('span').text(' To read your own network’s mistakes, ');
    source.append('a').attr('href', view.labHref).text('train one in the lab');
    source.append('span').text(' (or load its weights file here).');
  }

  const choose = box.selectAll<HTMLDivElement, null>('div.sw-cm-choose').data(view.choices.length > 1 ? [null] : []).join((enter) => {
    const div = enter.insert('div', '.sw-cm-file, p.sw-cm-how').attr('class', 'sw-cm-choose');
    div.append('label').attr('for', `${root.id || 'sw-cm'}-network`).text('Network shown: ');
    div.append('select').attr('id', `${root.id || 'sw-cm'}-network`).attr('data-action', 'network');
    return div;
  });
  choose.select('select').selectAll<HTMLOptionElement, NetworkChoice>('option').data(view.choices, (c) => c.key).join('option')
    .attr('value', (c) => c.key).text((c) => c.label).property('selected', (c) => c.key === view.chosen);
  choose.select<HTMLSelectElement>('select').property('value', view.chosen);

  box.selectAll<HTMLParagraphElement, null>('p.sw-cm-how').data([null]).join('p').attr('class', 'sw-cm-how')
    .text('Rows: the true digit. Columns: what the network predicted. Choose a cell to see its digits below; arrow keys move between cells.');
  // Scrolls sideways on narrow screens; focusable so the keyboard can scroll it too.
  const wrap = box.selectAll<HTMLDivElement, null>('div.sw-cm-wrap').data([null]).join('div').attr('class', 'sw-cm-wrap')
    .attr('role', 'region').attr('aria-label', 'Confusion matrix').attr('tabindex', 0);
  const table = wrap.selectAll<HTMLTableElement, null>('table.sw-cm').data([null]).join('table').attr('class', 'sw-cm');
  table.selectAll<HTMLTableCaptionElement, null>('caption').data([null]).join('caption').attr('class', 'sw-visually-hidden')
    .text('Confusion matrix: test digits by true digit (rows) and predicted digit (columns)');
  const classes = Math.round(Math.sqrt(view.cells.length));
  const head = table.selectAll<HTMLTableSectionElement, null>('thead').data([null]).join('thead');
  const headRow = head.selectAll<HTMLTableRowElement, null>('tr').data([null]).join('tr');
  headRow.selectAll<HTMLTableCellElement, string>('th').data(['true ↓ read →', ...Array.from({ length: classes }, (_, c) => String(c))]).join('th')
    .attr('scope', 'col').attr('class', (_, k) => (k === 0 ? 'sw-cm-axis' : null)).text((d) => d);
  const rows = table.selectAll<HTMLTableSectionElement, null>('tbody').data([null]).join('tbody')
    .selectAll<HTMLTableRowElement, ConfusionCell[]>('tr').data(Array.from({ length: classes }, (_, t) => view.cells.slice(t * classes, (t + 1) * classes))).join('tr');
  rows.selectAll<HTMLTableCellElement, number>('th').data((row) => [row[0].truth]).join('th').attr('scope', 'row').text((t) => String(t));
  const buttons = rows.selectAll<HTMLTableCellElement, ConfusionCell>('td').data((row) => row).join('td')
    .selectAll<HTMLButtonElement, ConfusionCell>('button').data((cell) => [cell]).join('button').attr('type', 'button');
  buttons
    .attr('data-truth', (c) => c.truth).attr('data-predicted', (c) => c.predicted)
    .attr('aria-label', cellLabel)
    .attr('aria-pressed', (c) => String(!!view.selected && view.selected.truth === c.truth && view.selected.predicted === c.predicted))
    .attr('tabindex', (c) => (c.truth === view.focus.truth && c.predicted === view.focus.predicted ? 0 : -1))
    .attr('class', (c) => {
      // Four digits or more: a smaller font on a phone (ConfusionMatrix.astro).
      const long = c.count >= 1000 ? ' sw-cm-long' : '';
      if (c.truth === c.predicted) return `sw-cm-diag${long}`;
      if (c.count === 0) return 'sw-cm-zero';
      return long ? long.trim() : null;
    })
    .style('background', (c) => (c.truth === c.predicted ? null : cellColour(c.share, view.maxShare)))
    .style('color', (c) => {
      const background = c.truth === c.predicted ? null : cellColour(c.share, view.maxShare);
      return background ? cellTextColour(background) : null;
    })
    .text((c) => String(c.count));

  const legend = box.selectAll<HTMLDivElement, null>('div.sw-cm-legend').data([null]).join('div').attr('class', 'sw-cm-legend');
  legend.selectAll('span.sw-cm-min').data([null]).join('span').attr('class', 'sw-cm-min').text('0 %');
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => `${cellColour(Math.max(1e-9, t), 1)} ${t * 100}%`).join(', ');
  legend.selectAll('span.sw-cm-bar').data([null]).join('span').attr('class', 'sw-cm-bar').attr('aria-hidden', 'true').style('background', `linear-gradient(to right, ${stops})`);
  legend.selectAll('span.sw-cm-max').data([null]).join('span').attr('class', 'sw-cm-max').text(formatPercent(view.maxShare));
  legend.selectAll('span.sw-cm-note').data([null]).join('span').attr('class', 'sw-cm-note')
    .text('of the true digit’s test digits, for mistakes; the outlined diagonal is read correctly.');
  const file = box.selectAll<HTMLDivElement, null>('div.sw-cm-file').data(view.offerFile ? [null] : []).join((enter) => {
    const div = enter.insert('div', 'p.sw-cm-how').attr('class', 'sw-cm-file');
    div.append('label').text('Weights file (saved by the lab, or by npm run train with --save): ')
      .append('input').attr('type', 'file').attr('accept', 'application/json,.json').attr('data-action', 'weights-file');
    div.append('span').attr('class', 'sw-cm-file-error').attr('role', 'alert');
    return div;
  });
  file.select('.sw-cm-file-error').text(view.fileError ?? '');
}

/** The notes about the link's choice, first in `parent` (shown while the matrix loads too). */
export function renderNotes(parent: Element, notes: string[]): void {
  const box = select(parent).selectAll<HTMLDivElement, null>('div.sw-cm-notes').data(notes.length ? [null] : []).join((enter) => enter.insert('div', ':first-child').attr('class', 'sw-notes sw-cm-notes').attr('role', 'status'));
  box.selectAll<HTMLParagraphElement, string>('p.sw-note').data(notes).join('p').attr('class', 'sw-note').text((t) => t);
}

/** The cell an arrow, Home or End key moves focus to; null for other keys. */
export function moveFocus(focus: { truth: number; predicted: number }, key: string, classes = 10): { truth: number; predicted: number } | null {
  const clamp = (v: number) => Math.max(0, Math.min(classes - 1, v));
  switch (key) {
    case 'ArrowUp': return { truth: clamp(focus.truth - 1), predicted: focus.predicted };
    case 'ArrowDown': return { truth: clamp(focus.truth + 1), predicted: focus.predicted };
    case 'ArrowLeft': return { truth: focus.truth, predicted: clamp(focus.predicted - 1) };
    case 'ArrowRight': return { truth: focus.truth, predicted: clamp(focus.predicted + 1) };
    case 'Home': return { truth: focus.truth, predicted: 0 };
    case 'End': return { truth: focus.truth, predicted: classes - 1 };
    default: return null;
  }
}
