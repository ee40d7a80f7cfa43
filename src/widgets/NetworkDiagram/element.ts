/** <sw-network data-session="…">: the network diagram of a session's pass, true to the current step. */
import { diagramView, type DiagramView } from '../../state/diagram-view.ts';
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
    this.addEventListener('click', select);
    this.addEventListener('keydown', (event) => {
      const unit = unitOf(event.target);
      if (!unit) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select(event);
        return;
      }
      // One tab stop for the whole diagram: arrows move within a layer (up/down) and between layers (left/right).
      const move: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      if (!(event.key in move)) return;
      event.preventDefault();
      const [dl, du] = move[event.key];
      const layer = unit.layer + dl;
      const column = this.querySelectorAll<SVGCircleElement>(`circle.sw-unit[data-layer="${layer}"]`);
      if (!column.length) return;
      const size = this.querySelectorAll(`circle.sw-unit[data-layer="${unit.layer}"]`).length;
      // Across layers, keep the same relative height.
      const next = dl === 0 ? Math.max(0, Math.min(column.length - 1, unit.unit + du)) : Math.min(column.length - 1, Math.round(((unit.unit + 0.5) / size) * column.length - 0.5));
      this.focusedUnit = { layer, unit: next };
      column[next].focus();
      this.scheduler.request();
    });
  }
}

function unitOf(target: EventTarget | null): { layer: number; unit: number } | null {
  const node = (target as Element | null)?.closest?.('circle.sw-unit');
  if (!node) return null;
  return { layer: Number(node.getAttribute('data-layer')), unit: Number(node.getAttribute('data-unit')) };
}

if (!customElements.get('sw-network')) customElements.define('sw-network', NetworkDiagramElement);
