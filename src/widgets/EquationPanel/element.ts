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
      const session = this.session;
      const focus = session?.store.get().focus;
      if (input.type !== 'number' || !session || !focus || focus.layer === null) return;
      const max = Number(input.max);
      const raw = Number(input.value);
      // Out-of-range or non-numeric entries snap back into range instead of breaking the panel.
      const value = Number.isFinite(raw) ? Math.max(0, Math.min(max, Math.trunc(raw))) : 0;
      const row = input.name === 'row' ? value : focus.row;
      const col = input.name === 'col' ? value : focus.col;
      session.select({ layer: focus.layer, row, col });
      input.value = String(value);
    });
  }
}

if (!customElements.get('sw-equation')) customElements.define('sw-equation', EquationElement);
