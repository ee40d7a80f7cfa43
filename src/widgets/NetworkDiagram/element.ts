/** <sw-network data-session="…">: the network diagram of a session's pass, true to the current step. */
import { diagramView, type DiagramView } from '../../state/diagram-view.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderNetworkDiagram } from './render.ts';

class NetworkDiagramElement extends SessionElement<DiagramView> {
  private focusedUnit: { layer: number; unit: number } | null = null;
  private width = 0;
  private resizeObserver: ResizeObserver | null = null;

  protected view(state: SessionState) {
    return diagramView(state);
  }

  protected paint(view: DiagramView): void {
    const f = this.focusedUnit;
    this.width = this.clientWidth || 560;
    renderNetworkDiagram(this, view, f ? view.columns[f.layer - 1]?.readouts[f.unit] ?? null : null, this.width);
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
      const state = this.session.store.get();
      const current = state.selectedUnit;
      const same = current && current.layer === unit.layer && current.unit === unit.unit;
      this.session.selectUnit(same ? null : unit);
      // The equation follows the unit when the current step's output is a vector of that layer.
      const step = state.steps[state.stepIndex];
      const layers = state.pass?.net.layers.length ?? 0;
      const outputLayer = step.output.name === 'p' ? layers : step.output.layer;
      const perUnit = ['z', 'a', 'p', 'dLdz', 'dLda', 'dLdb'].includes(step.output.name);
      if (!same && perUnit && outputLayer === unit.layer) this.session.selectElement(unit.unit);
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
    // Redraw for a new width (the drawing is in CSS pixels, so units keep their tap size).
    if (typeof ResizeObserver === 'function') {
      this.resizeObserver = new ResizeObserver(() => {
        if (Math.abs(this.clientWidth - this.width) > 8) this.scheduler.request();
      });
      this.resizeObserver.observe(this);
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }
}

function unitOf(target: EventTarget | null): { layer: number; unit: number } | null {
  const node = (target as Element | null)?.closest?.('circle.sw-unit');
  if (!node) return null;
  return { layer: Number(node.getAttribute('data-layer')), unit: Number(node.getAttribute('data-unit')) };
}

if (!customElements.get('sw-network')) customElements.define('sw-network', NetworkDiagramElement);
