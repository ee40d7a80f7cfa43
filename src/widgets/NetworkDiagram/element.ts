/** <sw-network data-session="…">: the network diagram of a session's pass. */
import { diagramView, type DiagramView } from '../../state/views.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderNetworkDiagram } from './render.ts';

class NetworkDiagramElement extends SessionElement<DiagramView> {
  private focusedUnit: { layer: number; unit: number } | null = null;

  protected view(state: SessionState) {
    return diagramView(state);
  }

  protected paint(view: DiagramView): void {
    const f = this.focusedUnit;
    renderNetworkDiagram(this, view, f ? view.layers[f.layer - 1]?.units[f.unit] ?? null : null);
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
      const current = this.session.store.get().selectedUnit;
      const same = current && current.layer === unit.layer && current.unit === unit.unit;
      this.session.selectUnit(same ? null : unit);
    };
    this.addEventListener('pointerover', point);
    this.addEventListener('focusin', point);
    this.addEventListener('click', select);
    this.addEventListener('keydown', (event) => {
      if ((event.key === 'Enter' || event.key === ' ') && unitOf(event.target)) {
        event.preventDefault();
        select(event);
      }
    });
  }
}

function unitOf(target: EventTarget | null): { layer: number; unit: number } | null {
  const node = (target as Element | null)?.closest?.('circle.sw-unit');
  if (!node) return null;
  return { layer: Number(node.getAttribute('data-layer')), unit: Number(node.getAttribute('data-unit')) };
}

if (!customElements.get('sw-network')) customElements.define('sw-network', NetworkDiagramElement);
