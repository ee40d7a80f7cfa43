/** <sw-mistake-gallery data-session="…">: the digits of the chosen confusion cell, or the most confident mistakes. */
import { select } from 'd3';
import { stepThroughHref } from '../../state/bridge.ts';
import { confidentMistakes, digitsInCell, type MistakesSession } from '../../state/mistakes.ts';
import { mistakesFor, statusText } from '../ConfusionMatrix/mistakes-element.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { renderGallery, type GalleryDigit } from './render.ts';

/** Digits shown at first and added by "Show more". */
const PAGE = 24;

class MistakeGalleryElement extends HTMLElement {
  private session: MistakesSession | null = null;
  private unsubscribe: (() => void) | null = null;
  private shown = PAGE;
  private lastCell: unknown = undefined;
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-mistake-gallery');

  connectedCallback(): void {
    this.session = mistakesFor(this);
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
    this.addEventListener('click', this.onClick);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private draw(): void {
    if (!this.session) return;
    const state = this.session.store.get();
    const status = select(this).selectAll<HTMLDivElement, null>('div.sw-status');
    if (!state.results || !state.test || !state.network) {
      status.data([null]).join('div').attr('class', 'sw-status').attr('role', state.status.kind === 'error' ? 'alert' : 'status').text(statusText(state.status));
      return;
    }
    status.remove();
    if (state.cell !== this.lastCell) {
      this.lastCell = state.cell;
      this.shown = PAGE;
    }
    const { results, test, network, cell } = state;
    const indices = cell ? digitsInCell(results, cell.truth, cell.predicted) : confidentMistakes(results, 96);
    const base = this.dataset.base ?? '/';
    const digits: GalleryDigit[] = indices.slice(0, this.shown).map((index) => {
      const pixels = test.pixels.subarray(index * 784, index * 784 + 784);
      const label = test.labels[index];
      return {
        index, label, pixels, predicted: results.predictions[index], confidence: results.confidence[index],
        href: stepThroughHref(base, { pixels, label, origin: { kind: 'test', index } }, network.ref),
      };
    });
    const title = !cell
      ? results.misclassified.length > indices.length
        ? `The ${indices.length} of its ${results.misclassified.length.toLocaleString('en-US')} mistakes the network was most sure of (pick a cell of the matrix for the others)`
        : `The ${indices.length} mistakes the network was most sure of`
      : cell.truth === cell.predicted
        ? `True ${cell.truth}, read correctly: ${indices.length} digits, least sure first`
        : `True ${cell.truth}, predicted ${cell.predicted}: ${indices.length} digit${indices.length === 1 ? '' : 's'}, most sure first`;
    renderGallery(this, { title, digits, total: indices.length, canShowMore: indices.length > this.shown });
    this.dataset.ready = 'true';
  }

  private readonly onClick = (event: Event): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action="more"]');
    if (!button) return;
    this.shown += PAGE;
    this.scheduler.request();
  };
}

if (!customElements.get('sw-mistake-gallery')) customElements.define('sw-mistake-gallery', MistakeGalleryElement);
