/** <sw-network data-session="…">: the network diagram of a session's pass, true to the current step. */
import { diagramView, type DiagramView } from '../../state/diagram-view.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { MAX_SHOWN, pageWindow, renderNetworkDiagram } from './render.ts';

class NetworkDiagramElement extends SessionElement<DiagramView> {
  private focusedUnit: { layer: number; unit: number } | null = null;

  protected view(state: SessionState) {
    return diagramView(state);
  }

  protected paint(view: DiagramView): void {
    const f = this.focusedUnit;
    renderNetworkDiagram(this, view, f ? view.columns[f.layer - 1]?.readouts[f.unit] ?? null : null, this.width || 560, f);
  }

  protected setup(): void {
    const point = (event: Event): void => {
      const unit = unitOf(event.target);
      if (!unit) return;
      this.focusedUnit = unit;
      this.scheduler.request();
    };
    const select = (event: Event): void => {
      const unit = unitOf(event.target);
      if (!unit || !this.session) return;
      // One selection per session: every widget (and the equation's entry) follows the unit.
      const current = this.session.store.get().selection;
      const same = current && current.col === null && current.layer === unit.layer && current.row === unit.unit;
      this.session.select(same ? null : { layer: unit.layer, row: unit.unit, col: null });
    };
    this.addEventListener('pointerover', point);
    this.addEventListener('focusin', point);
    // When the pointer leaves, the readout goes back to the unit the keyboard is on (the one Enter
    // would select), not the last unit the mouse passed over on its way out.
    this.addEventListener('pointerleave', () => {
      const unit = this.contains(document.activeElement) ? unitOf(document.activeElement) : null;
      const f = this.focusedUnit;
      if (!unit || (f && f.layer === unit.layer && f.unit === unit.unit)) return;
      this.focusedUnit = unit;
      this.scheduler.request();
    });
    this.addEventListener('click', (event) => {
      const more = (event.target as Element | null)?.closest?.('g.sw-more');
      if (more) {
        this.pageTo(Number(more.getAttribute('data-layer')), more.getAttribute('data-dir') === 'up' ? 'up' : 'down');
        return;
      }
      select(event);
    });
    this.addEventListener('keydown', (event) => {
      const more = (event.target as Element | null)?.closest?.('g.sw-more[role="button"]');
      if (more && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        this.pageTo(Number(more.getAttribute('data-layer')), more.getAttribute('data-dir') === 'up' ? 'up' : 'down', true);
        return;
      }
      const unit = unitOf(event.target);
      if (!unit) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        // The readout names the unit a key selects, even if the mouse last pointed at another.
        this.focusedUnit = unit;
        select(event);
        return;
      }
      // One tab stop for the whole diagram: arrows move within a layer (up/down, scrolling a wide
      // layer's window) and between layers (left/right, at the same relative height among the drawn units);
      // Page Up/Down move a wide layer by a window.
      const view = this.session ? diagramView(this.session.store.get()) : null;
      if (!view) return;
      const size = view.columns[unit.layer - 1]?.size ?? 0;
      let target: { layer: number; unit: number } | null = null;
      if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
        target = { layer: unit.layer, unit: Math.max(0, Math.min(size - 1, unit.unit + (event.key === 'ArrowUp' ? -1 : 1))) };
      } else if (event.key === 'PageUp' || event.key === 'PageDown') {
        target = { layer: unit.layer, unit: Math.max(0, Math.min(size - 1, unit.unit + (event.key === 'PageUp' ? -MAX_SHOWN : MAX_SHOWN))) };
      } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        const layer = unit.layer + (event.key === 'ArrowLeft' ? -1 : 1);
        const column = [...this.querySelectorAll<SVGCircleElement>(`circle.sw-unit[data-layer="${layer}"]`)];
        if (!column.length) return;
        // Keep the same relative height among the drawn units.
        const here = [...this.querySelectorAll<SVGCircleElement>(`circle.sw-unit[data-layer="${unit.layer}"]`)];
        const at = Math.max(0, here.indexOf(event.target as SVGCircleElement));
        const next = column[Math.min(column.length - 1, Math.round(((at + 0.5) / here.length) * column.length - 0.5))];
        target = { layer, unit: Number(next.getAttribute('data-unit')) };
      } else return;
      event.preventDefault();
      this.focusedUnit = target;
      // Draw now (the window may scroll), then move focus to the unit, which is drawn.
      this.draw();
      this.querySelector<SVGCircleElement>(`circle.sw-unit[data-layer="${target.layer}"][data-unit="${target.unit}"]`)?.focus();
    });
  }

  /**
   * Shows the next (or previous) window of a wide layer. A click focuses the first unit drawn
   * that way; a key press on the button keeps focus on it while there are more units that way
   * (pressing again pages on), and otherwise moves to that unit.
   */
  private pageTo(layer: number, dir: 'up' | 'down', keepButton = false): void {
    const view = this.session ? diagramView(this.session.store.get()) : null;
    if (!view) return;
    const start = pageWindow(this, view, layer, dir);
    this.focusedUnit = { layer, unit: dir === 'down' ? start : start + MAX_SHOWN - 1 };
    this.draw();
    const button = this.querySelector<SVGGElement>(`g.sw-more[data-layer="${layer}"][data-dir="${dir}"][role="button"]`);
    if (keepButton && button) button.focus();
    else this.querySelector<SVGCircleElement>(`circle.sw-unit[data-layer="${layer}"][data-unit="${this.focusedUnit.unit}"]`)?.focus();
  }
}

function unitOf(target: EventTarget | null): { layer: number; unit: number } | null {
  const node = (target as Element | null)?.closest?.('circle.sw-unit');
  if (!node) return null;
  return { layer: Number(node.getAttribute('data-layer')), unit: Number(node.getAttribute('data-unit')) };
}

if (!customElements.get('sw-network')) customElements.define('sw-network', NetworkDiagramElement);
