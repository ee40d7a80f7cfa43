/**
 * The ten class probabilities as bars with the true label marked, and the loss. In the update
 * phase, the same digit's probabilities and loss after the step sit beside the old ones, with a
 * plain verdict: good only when the mean loss over the sample digits did not rise.
 */
import { scaleBand, scaleLinear, select } from 'd3';
import type { ProbabilitiesView } from '../../state/views.ts';
import { sub } from '../../explain/notation.ts';
import { classLabel, formatNumber, formatPair, formatPercent } from '../lib/format.ts';

const WIDTH = 420;
const HEIGHT = 170;

export function renderProbabilities(root: HTMLElement, view: ProbabilitiesView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-probs').data([null]).join('div').attr('class', 'sw-probs')
    .attr('data-after', view.after ? 'true' : 'false').attr('data-stage', view.stage)
    // The pass's exact loss, for tests (what is shown follows the step: see data-stage).
    .attr('data-loss', view.loss).attr('data-loss-after', view.after ? view.after.loss : null);
  // Before the softmax step there is no probability yet: say when there will be, draw nothing.
  const pending = view.stage === 'pending';
  box.selectAll('p.sw-prob-pending').data(pending ? [null] : []).join('p').attr('class', 'sw-prob-pending sw-caption')
    .text(`Probabilities p: not yet computed. The softmax step${view.softmaxAt ? ` (step ${view.softmaxAt})` : ''} turns the output's z into p, and the loss${view.lossAt ? ` (step ${view.lossAt})` : ''} is computed from p of the true digit ${view.label}.`);
  if (pending) {
    box.selectAll('svg, p.sw-prob-fact, p.sw-verdict, p.sw-prob-legend').remove();
    return;
  }
  const x = scaleBand<number>().domain([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).range([36, WIDTH - 10]).padding(0.2);
  const y = scaleLinear().domain([0, 1]).range([HEIGHT - 24, 8]);
  const series = [{ key: 'before', values: view.probabilities }, ...(view.after ? [{ key: 'after', values: view.after.probabilities }] : [])];
  const band = x.bandwidth() / series.length;
  const svg = box.selectAll<SVGSVGElement, null>('svg').data([null]).join('svg').attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('role', 'img')
    .attr('aria-label', `Class probabilities: the network gives the true digit ${view.label} ${formatPercent(view.probabilities[view.label])}` +
      (view.after ? `, and ${formatPercent(view.after.probabilities[view.label])} after the update` : ''));
  svg.selectAll<SVGRectElement, number>('rect.sw-true-band').data([view.label]).join('rect').attr('class', 'sw-true-band')
    .attr('x', (d) => (x(d) ?? 0) - 3).attr('width', x.bandwidth() + 6).attr('y', 4).attr('height', HEIGHT - 26);
  svg.selectAll<SVGGElement, (typeof series)[number]>('g.sw-series').data(series, (d) => d.key).join('g')
    .attr('class', (d) => `sw-series sw-${d.key}`)
    .each(function (s, si) {
      select(this).selectAll<SVGRectElement, number>('rect').data(s.values).join('rect')
        .attr('x', (_, c) => (x(c) ?? 0) + si * band).attr('width', band - 1)
        .attr('y', (p) => y(p)).attr('height', (p) => Math.max(0.5, y(0) - y(p)));
    });
  // A probability axis with gridlines at 0, ½ and 1, so bar heights can be read.
  const ticks = [0, 0.5, 1];
  svg.selectAll<SVGLineElement, number>('line.sw-grid').data(ticks).join('line').attr('class', 'sw-grid')
    .attr('x1', 32).attr('x2', WIDTH - 10).attr('y1', (t) => y(t)).attr('y2', (t) => y(t));
  svg.selectAll<SVGTextElement, number>('text.sw-tick').data(ticks).join('text').attr('class', 'sw-tick')
    .attr('x', 28).attr('y', (t) => y(t) + 4).attr('text-anchor', 'end').text((t) => String(t));
  svg.selectAll<SVGTextElement, number>('text.sw-class').data([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).join('text').attr('class', 'sw-class')
    .attr('x', (c) => (x(c) ?? 0) + x.bandwidth() / 2).attr('y', HEIGHT - 8).attr('text-anchor', 'middle')
    .attr('font-weight', (c) => (c === view.label ? 700 : 400)).text((c) => classLabel(c, view.label));

  // After the update, the two losses as the verdict and the narration print them (formatPair).
  const [lossBefore, lossAfter] = view.after ? formatPair(view.loss, view.after.loss) : [formatNumber(view.loss), ''];
  const facts = [
    `True digit ${view.label}: p = ${formatNumber(view.probabilities[view.label])}. The network guesses ${view.predicted}.`,
    view.stage === 'loss' ? `Loss L = −log p${sub(view.label)} = ${lossBefore}` : `Loss L: not yet computed${view.lossAt ? ` (step ${view.lossAt})` : ''}.`,
  ];
  if (view.after) facts.push(`After one step with η = ${view.learningRate}: p = ${formatNumber(view.after.probabilities[view.label])}, loss = ${lossAfter}, guess ${view.after.predicted}.`);
  box.selectAll('p.sw-prob-fact').data(facts).join('p').attr('class', 'sw-prob-fact').text((d) => d);
  box.selectAll('p.sw-verdict').data(view.verdict ? [view.verdict] : []).join('p')
    .attr('class', () => `sw-verdict ${view.good ? 'sw-good' : 'sw-bad'}`)
    .attr('role', 'status').text((d) => d);
  // The key to the two colours sits right under the bars it explains.
  const legend = box.selectAll('p.sw-prob-legend').data(view.after ? [null] : [])
    .join((enter) => enter.insert('p', 'p.sw-prob-fact')).attr('class', 'sw-prob-legend');
  legend.selectAll('span').data(['before the step', 'after the step']).join('span').attr('class', (_, k) => `sw-key sw-key-${k ? 'after' : 'before'}`).text((d) => d);
}
