/**
 * <sw-quantity data-session="…" [data-quantity="dLdW" data-layer="1"]>: the current step's output,
 * or a fixed quantity of the pass.
 */
import { quantityView, type QuantityView } from '../../state/views.ts';
import type { Session } from '../../state/session.ts';
import type { QuantityName } from '../../nn/steps.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { sessionFor } from '../lib/session.ts';
import { clearStatus } from '../lib/status.ts';
import { renderQuantity } from './render.ts';

class QuantityElement extends HTMLElement {
  private session: Session | null = null;
  private unsubscribe: (() => void) | null = null;
  private hover: number | null = null;
  private view: QuantityView | null = null;
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-quantity');

  connectedCallback(): void {
    this.session = sessionFor(this);
    this.unsubscribe = this.session.store.subscribe(() => {
      this.hover = null;
      this.scheduler.request();
    });
    this.addEventListener('pointermove', this.onPointer);
    this.addEventListener('click', this.onClick);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private draw(): void {
    if (!this.session) return;
    const name = this.dataset.quantity as QuantityName | undefined;
    const ref = name ? { name, layer: this.dataset.layer ? Number(this.dataset.layer) : undefined } : undefined;
    this.view = quantityView(this.session.store.get(), ref);
    if (!this.view) return;
    clearStatus(this);
    renderQuantity(this, this.view, this.hover);
  }

  private indexAt(event: MouseEvent): number | null {
    const view = this.view;
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

  private readonly onPointer = (event: PointerEvent): void => {
    const k = this.indexAt(event);
    if (k === null || k === this.hover) return;
    this.hover = k;
    this.scheduler.request();
  };

  /** Clicking an entry makes it the element the equation panel explains. */
  private readonly onClick = (event: MouseEvent): void => {
    const k = this.indexAt(event);
    if (k !== null && !this.dataset.quantity) this.session?.selectElement(k);
  };
}

if (!customElements.get('sw-quantity')) customElements.define('sw-quantity', QuantityElement);
