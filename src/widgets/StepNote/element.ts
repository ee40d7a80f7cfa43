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
      if (this.hidden !== show) return;
      this.hidden = !show;
      // Measured after the frame that shows it is drawn: layout is then up to date, so reading it costs nothing.
      if (show && typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(() => this.clearStickyBar(), 0));
    });
  }

  /**
   * A note that appears half hidden under the sticky step bar (the learner is just below it) is
   * brought out from under the bar; one far above the screen is left alone, so the view the
   * learner chose does not jump.
   */
  private clearStickyBar(): void {
    const bar = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    const box = this.getBoundingClientRect();
    if (box.top < bar && box.bottom > 0) this.scrollIntoView({ block: 'nearest' });
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

if (!customElements.get('sw-step-note')) customElements.define('sw-step-note', StepNoteElement);
