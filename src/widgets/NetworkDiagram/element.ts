/** <sw-network data-session="…">: the network diagram of a session's pass. */
import { diagramView, type UnitNumbers } from '../../state/views.ts';
import type { Session } from '../../state/session.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { sessionFor } from '../lib/session.ts';
import { clearStatus } from '../lib/status.ts';
import { renderNetworkDiagram } from './render.ts';

class NetworkDiagramElement extends HTMLElement {
  private session: Session | null = null;
  private unsubscribe: (() => void) | null = null;
  private focusedUnit: { layer: number; unit: number } | null = null;
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-network');

  connectedCallback(): void {
    this.session = sessionFor(this);
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
    this.addEventListener('pointerover', this.onPoint);
    this.addEventListener('focusin', this.onPoint);
    this.addEventListener('click', this.onSelect);
    this.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private draw(): void {
    const view = this.session && diagramView(this.session.store.get());
    if (!view) return;
    clearStatus(this);
    const f = this.focusedUnit;
    const focused: UnitNumbers | null = f ? view.layers[f.layer - 1]?.units[f.unit] ?? null : null;
    renderNetworkDiagram(this, view, focused);
  }

  private unitOf(target: EventTarget | null): { layer: number; unit: number } | null {
    const node = (target as Element | null)?.closest?.('circle.sw-unit');
    if (!node) return null;
    return { layer: Number(node.getAttribute('data-layer')), unit: Number(node.getAttribute('data-unit')) };
  }

  private readonly onPoint = (event: Event): void => {
    const unit = this.unitOf(event.target);
    if (!unit) return;
    this.focusedUnit = unit;
    this.scheduler.request();
  };

  private readonly onSelect = (event: Event): void => {
    const unit = this.unitOf(event.target);
    if (!unit || !this.session) return;
    const current = this.session.store.get().selectedUnit;
    const same = current && current.layer === unit.layer && current.unit === unit.unit;
    this.session.selectUnit(same ? null : unit);
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    if ((event.key === 'Enter' || event.key === ' ') && this.unitOf(event.target)) {
      event.preventDefault();
      this.onSelect(event);
    }
  };
}

if (!customElements.get('sw-network')) customElements.define('sw-network', NetworkDiagramElement);
