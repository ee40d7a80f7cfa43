/** <sw-digit-grid data-index="0">: a test digit from the sample, pixel values on hover or arrow keys. */
import { imageAsFloats } from '../../data/dataset.ts';
import { sampleState } from '../../state/sample.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { clearStatus, renderStatus } from '../lib/status.ts';
import { SIZES } from '../lib/theme.ts';
import { moveCursor, renderDigitGrid, type DigitGridView } from './render.ts';

class DigitGridElement extends HTMLElement {
  private view: DigitGridView | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly scheduler = frameScheduler(() => this.view && renderDigitGrid(this, this.view), 'sw-digit-grid');

  connectedCallback(): void {
    const index = Number(this.dataset.index ?? 0);
    this.unsubscribe = sampleState().subscribe((state) => {
      if (state.status !== 'ready') return renderStatus(this, state);
      clearStatus(this);
      const safeIndex = Number.isInteger(index) && index >= 0 && index < state.sample.count ? index : 0;
      const label = state.sample.labels[safeIndex];
      this.view = {
        values: imageAsFloats(state.sample, safeIndex),
        rows: state.sample.rows,
        cols: state.sample.cols,
        label,
        caption: `Test digit #${safeIndex}, labelled ${label}`,
        cursor: null,
        cell: SIZES.digitCell,
      };
      renderDigitGrid(this, this.view);
      this.dataset.ready = 'true';
    });
    this.addEventListener('pointermove', this.onPointer);
    this.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.removeEventListener('pointermove', this.onPointer);
    this.removeEventListener('keydown', this.onKey);
  }

  private readonly onPointer = (event: PointerEvent): void => {
    const frame = this.querySelector('.sw-digit-frame');
    if (!this.view || !frame) return;
    const box = frame.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * this.view.cols);
    const row = Math.floor(((event.clientY - box.top) / box.height) * this.view.rows);
    if (row < 0 || col < 0 || row >= this.view.rows || col >= this.view.cols) return;
    this.view = { ...this.view, cursor: { row, col } };
    this.scheduler.request();
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    if (!this.view) return;
    const cursor = moveCursor(this.view.cursor, event.key, this.view.rows, this.view.cols);
    if (!cursor) return;
    event.preventDefault();
    this.view = { ...this.view, cursor };
    this.scheduler.request();
  };
}

if (!customElements.get('sw-digit-grid')) customElements.define('sw-digit-grid', DigitGridElement);
