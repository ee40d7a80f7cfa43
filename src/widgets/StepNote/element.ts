/** <sw-step-note data-session="…" data-step="…">: visible only while the session is on a matching step. */
import { stepMatches } from '../../explain/steps.ts';
import type { Session } from '../../state/session.ts';
import { sessionFor } from '../lib/session.ts';

class StepNoteElement extends HTMLElement {
  private unsubscribe: (() => void) | null = null;

  connectedCallback(): void {
    const session: Session = sessionFor(this);
    const address = this.dataset.step ?? '';
    this.unsubscribe = session.store.subscribe((state) => {
      const show = state.pass !== null && stepMatches(state.steps[state.stepIndex], address);
      if (this.hidden === show) this.hidden = !show;
    });
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

if (!customElements.get('sw-step-note')) customElements.define('sw-step-note', StepNoteElement);
