/**
 * <sw-quantity data-session="…" [data-quantity="dLdW" data-layer="1"]>: the current step's output,
 * or a fixed quantity of the pass. Pointing reads an entry; clicking or the arrow keys select it
 * (the session's one selection, which the equation and every other widget follow).
 */
import { quantityView, type QuantityView } from '../../state/quantity-view.ts';
import type { SessionState } from '../../state/session.ts';
import type { QuantityName } from '../../explain/notation.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderQuantity } from './render.ts';

/** Row and column steps of the arrow keys. */
const ARROWS: Record<string, [number, number]> = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };

class QuantityElement extends SessionElement<QuantityView> {
  private hover: number | null = null;
  private current: QuantityView | null = null;
  private lastState: SessionState | null = null;

  protected view(state: SessionState) {
    // A new state (another step or digit) clears the hover readout; a pointer move keeps it.
    if (state !== this.lastState) this.hover = null;
    this.lastState = state;
    const name = this.dataset.quantity as QuantityName | undefined;
    const ref = name ? { name, layer: this.dataset.layer ? Number(this.dataset.layer) : undefined } : undefined;
    this.current = quantityView(state, ref);
    return this.current;
  }

  protected paint(view: QuantityView): void {
    renderQuantity(this, view, this.hover, this.width || 560);
  }

  protected setup(): void {
    this.addEventListener('pointermove', (event) => {
      const k = this.indexAt(event);
      if (k === null || k === this.hover) return;
      this.hover = k;
      this.scheduler.request();
    });
    this.addEventListener('click', (event) => {
      if (!this.upToDate(event.target as Element)) return;
      const k = this.indexAt(event);
      if (k !== null) this.selectIndex(k, (event.target as Element).closest('.sw-multiple') !== null);
    });
    // Keyboard: arrows move the selected entry, so every value is reachable without a mouse.
    this.addEventListener('keydown', (event) => {
      const target = event.target as Element;
      if (!(event.key in ARROWS) || !this.upToDate(target)) return;
      const view = this.current;
      if (!view || !view.focus && view.kind === 'number') return;
      const [dr, dc] = ARROWS[event.key];
      const rows = view.shape[0];
      const cols = view.shape.length === 2 ? view.shape[1] : 1;
      const row = view.focus?.row ?? 0;
      const col = view.focus?.col ?? 0;
      let next: { row: number; col: number | null } | null = null;
      if (target.matches('.sw-bars')) next = { row: row + dr + dc, col: null };
      else if (target.matches('canvas.sw-pixels')) next = { row: row + 28 * dr + dc, col: null };
      else if (target.matches('.sw-multiples')) next = { row: row + dr + dc, col: view.focus?.col ?? null }; // the same pixel, the next unit
      else if (target.matches('canvas.sw-row-canvas')) next = { row, col: col + 28 * dr + dc };
      else if (target.matches('.sw-heatmap')) next = view.shape.length === 2 ? { row: row + dr, col: col + dc } : { row: row + dr + dc, col: null };
      if (!next) return;
      event.preventDefault();
      next.row = Math.max(0, Math.min(rows - 1, next.row));
      if (next.col !== null) next.col = Math.max(0, Math.min(cols - 1, next.col));
      this.hover = null;
      this.select(next.row, next.col);
    });
  }

  /**
   * Brings a redraw that waits (this widget was out of view when the step changed) forward, so
   * that a key or click acts on the picture of the current step. False when the picture the event
   * came from was replaced by it: focus moves to the new picture and the event is dropped.
   */
  private upToDate(target: Element): boolean {
    this.scheduler.drawNow();
    if (this.contains(target)) return true;
    this.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
    return false;
  }

  private select(row: number, col: number | null): void {
    const view = this.current;
    if (!view || view.layer === null || !this.session) return;
    this.session.select({ layer: view.layer, row, col: view.shape.length === 2 ? col : null });
  }

  /** Selects flat index k; a click on a whole row's image selects the unit, not one weight. */
  private selectIndex(k: number, wholeRow: boolean): void {
    const view = this.current;
    if (!view) return;
    if (view.shape.length === 2) {
      const cols = view.shape[1];
      this.select(Math.floor(k / cols), wholeRow ? null : k % cols);
    } else this.select(k, null);
  }

  private indexAt(event: MouseEvent): number | null {
    const view = this.current;
    const target = event.target as Element;
    if (!view) return null;
    const cols = view.shape.length === 2 ? view.shape[1] : view.shape[0];
    const fraction = (el: Element) => {
      const box = el.getBoundingClientRect();
      return { fx: (event.clientX - box.left) / box.width, fy: (event.clientY - box.top) / box.height };
    };
    const pixel = (el: Element) => {
      const { fx, fy } = fraction(el);
      return Math.min(27, Math.max(0, Math.floor(fy * 28))) * 28 + Math.min(27, Math.max(0, Math.floor(fx * 28)));
    };
    if (target.matches('rect.sw-bar')) return Number(target.getAttribute('data-index'));
    if (target.matches('rect.sw-cell') && target.closest('.sw-heatmap, .sw-update-grid')) {
      return Number(target.getAttribute('data-row')) * cols + Number(target.getAttribute('data-col'));
    }
    if (target.matches('canvas.sw-pixels')) return pixel(target);
    if (target.matches('canvas.sw-row-canvas')) return Number(target.getAttribute('data-row')) * 784 + pixel(target);
    if (target.matches('.sw-multiple canvas')) return Number(target.getAttribute('data-row')) * 784 + (view.focus?.col ?? 0);
    if (target.matches('canvas.sw-heatmap')) {
      const rows = view.shape.length === 2 ? view.shape[0] : 1;
      const { fx, fy } = fraction(target);
      return Math.min(rows - 1, Math.floor(fy * rows)) * cols + Math.min(cols - 1, Math.floor(fx * cols));
    }
    return null;
  }
}

if (!customElements.get('sw-quantity')) customElements.define('sw-quantity', QuantityElement);
