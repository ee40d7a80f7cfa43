/** <sw-equation data-session="…">: the current step's equation, general and with numbers. */
import { equationView } from '../../state/views.ts';
import type { Session } from '../../state/session.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { sessionFor } from '../lib/session.ts';
import { clearStatus } from '../lib/status.ts';
import { renderEquation } from './render.ts';

class EquationElement extends HTMLElement {
  private session: Session | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly scheduler = frameScheduler(() => {
    const view = this.session && equationView(this.session.store.get());
    if (!view) return;
    clearStatus(this);
    renderEquation(this, view);
  }, 'sw-equation');

  connectedCallback(): void {
    this.session = sessionFor(this);
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
    this.addEventListener('change', this.onChange);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private readonly onChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.type !== 'number' || !this.session) return;
    const max = Number(input.max);
    const value = Number(input.value);
    // Out-of-range or non-numeric entries snap back into range instead of breaking the panel.
    this.session.selectElement(Number.isFinite(value) ? Math.max(0, Math.min(max, Math.trunc(value))) : 0);
  };
}

if (!customElements.get('sw-equation')) customElements.define('sw-equation', EquationElement);
