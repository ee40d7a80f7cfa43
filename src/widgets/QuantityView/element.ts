/**
 * <sw-quantity data-session="…" [data-quantity="dLdW" data-layer="1"]>: the current step's output,
 * or a fixed quantity of the pass.
 */
import { quantityView, type QuantityView } from '../../state/views.ts';
import type { SessionState } from '../../state/session.ts';
import type { QuantityName } from '../../explain/notation.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderQuantity } from './render.ts';

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
    renderQuantity(this, view, this.hover);
  }

  protected setup(): void {
    this.addEventListener('pointermove', (event) => {
      const k = this.indexAt(event);
      if (k === null || k === this.hover) return;
      this.hover = k;
      this.scheduler.request();
    });
    // Keyboard: arrows move through the entries (up/down by a row of a matrix), and the entry
    // becomes the one the equation panel explains, so every value is reachable without a mouse.
    this.addEventListener('keydown', (event) => {
      const view = this.current;
      if (!view || this.dataset.quantity || !(event.target as Element).matches('.sw-bars, canvas.sw-heatmap')) return;
      const cols = view.shape.length === 2 ? view.shape[1] : view.values.length;
      const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: view.shape.length === 2 ? cols : 1, ArrowUp: view.shape.length === 2 ? -cols : -1 };
      if (!(event.key in step)) return;
      event.preventDefault();
      const next = Math.max(0, Math.min(view.values.length - 1, view.highlight + step[event.key]));
      this.hover = null;
      this.session?.selectElement(next);
    });
    // Clicking an entry makes it the element the equation panel explains.
    this.addEventListener('click', (event) => {
      const k = this.indexAt(event);
      if (k !== null && !this.dataset.quantity) this.session?.selectElement(k);
    });
  }

  private indexAt(event: MouseEvent): number | null {
    const view = this.current;
    const target = event.target as Element;
    if (!view) return null;
    if (target.matches('rect.sw-bar')) return Number(target.getAttribute('data-index'));
    if (target.matches('canvas.sw-heatmap')) {
      const box = target.getBoundingClientRect();
      const rows = view.shape.length === 2 ? view.shape[0] : 1;
      const cols = view.shape.length === 2 ? view.shape[1] : view.shape[0];
      const row = Math.min(rows - 1, Math.floor(((event.clientY - box.top) / box.height) * rows));
      const col = Math.min(cols - 1, Math.floor(((event.clientX - box.left) / box.width) * cols));
      return row * cols + col;
    }
    return null;
  }
}

if (!customElements.get('sw-quantity')) customElements.define('sw-quantity', QuantityElement);
