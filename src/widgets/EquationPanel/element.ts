/** <sw-equation data-session="…">: the current step's equation, general and with numbers. */
import { equationView, type EquationView } from '../../state/views.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderEquation } from './render.ts';

class EquationElement extends SessionElement<EquationView> {
  protected view(state: SessionState) {
    return equationView(state);
  }

  protected paint(view: EquationView): void {
    renderEquation(this, view);
  }

  protected setup(): void {
    this.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.type !== 'number' || !this.session) return;
      const max = Number(input.max);
      const value = Number(input.value);
      // Out-of-range or non-numeric entries snap back into range instead of breaking the panel.
      this.session.selectElement(Number.isFinite(value) ? Math.max(0, Math.min(max, Math.trunc(value))) : 0);
    });
  }
}

if (!customElements.get('sw-equation')) customElements.define('sw-equation', EquationElement);
