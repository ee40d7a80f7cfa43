/**
 * A gallery of test digits: each a link into the step-through, with its true label, what the
 * network read and how sure it was. Pure.
 */
import { select } from 'd3';
import { aDigit } from '../../state/bridge.ts';
import { canvasSize } from '../lib/legend.ts';
import { formatPercent } from '../lib/format.ts';
import { inkGrey } from '../lib/theme.ts';

export interface GalleryDigit {
  index: number;
  label: number;
  predicted: number;
  /** p(predicted). */
  confidence: number;
  /** 784 bytes. */
  pixels: Uint8Array;
  /** The step-through with this digit and the network's weights. */
  href: string;
}

export interface GalleryView {
  title: string;
  digits: GalleryDigit[];
  /** Digits in the whole selection (the gallery may show the first ones only). */
  total: number;
  canShowMore: boolean;
}

export function digitLabel(d: GalleryDigit): string {
  const verdict = d.label === d.predicted ? `read correctly with p = ${formatPercent(d.confidence)}` : `read as ${d.predicted} with p = ${formatPercent(d.confidence)}`;
  return `Test digit #${d.index}, ${aDigit(d.label)}, ${verdict}: open it in the step-through`;
}

export function renderGallery(root: HTMLElement, view: GalleryView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-gallery').data([null]).join('div').attr('class', 'sw-gallery');
  box.selectAll<HTMLParagraphElement, null>('p.sw-gallery-title').data([null]).join('p').attr('class', 'sw-gallery-title')
    .attr('aria-live', 'polite').text(view.title);
  box.selectAll<HTMLParagraphElement, null>('p.sw-gallery-hint').data([null]).join('p').attr('class', 'sw-gallery-hint')
    .text(view.total === 0 ? 'No test digit falls in this cell.' : 'Each digit opens in the step-through with this network’s weights: see every number that led to its answer.');
  const items = box.selectAll<HTMLUListElement, null>('ul.sw-gallery-grid').data([null]).join('ul').attr('class', 'sw-gallery-grid')
    .selectAll<HTMLLIElement, GalleryDigit>('li').data(view.digits, (d) => String(d.index)).join('li');
  const link = items.selectAll<HTMLAnchorElement, GalleryDigit>('a').data((d) => [d]).join('a')
    .attr('href', (d) => d.href).attr('aria-label', digitLabel).attr('data-index', (d) => d.index);
  link.selectAll<HTMLCanvasElement, GalleryDigit>('canvas').data((d) => [d]).join('canvas').call(canvasSize, 28, 28).attr('aria-hidden', 'true')
    .each(function (d) {
      if (this.dataset.drawn === String(d.index)) return;
      const context = this.getContext?.('2d');
      if (!context) return;
      const image = context.createImageData(28, 28);
      for (let k = 0; k < 784; k++) {
        const g = inkGrey(d.pixels[k] / 255);
        image.data.set([g, g, g, 255], 4 * k);
      }
      context.putImageData(image, 0, 0);
      this.dataset.drawn = String(d.index);
    });
  link.selectAll<HTMLSpanElement, GalleryDigit>('span.sw-gallery-read').data((d) => [d]).join('span').attr('class', 'sw-gallery-read')
    .text((d) => `${d.label} → ${d.predicted}`);
  link.selectAll<HTMLSpanElement, GalleryDigit>('span.sw-gallery-p').data((d) => [d]).join('span').attr('class', 'sw-gallery-p')
    .text((d) => `p ${formatPercent(d.confidence)} · #${d.index}`);
  box.selectAll<HTMLButtonElement, null>('button.sw-gallery-more').data(view.canShowMore ? [null] : []).join('button')
    .attr('class', 'sw-gallery-more').attr('type', 'button').attr('data-action', 'more').text(`Show more (${view.digits.length} of ${view.total} shown)`);
}
