/** <sw-session>: shows the session's notes for the learner (invalid link values, errors). */
import { select } from 'd3';
import { sessionFor } from '../lib/session.ts';

class StepSessionElement extends HTMLElement {
  private unsubscribe: (() => void) | null = null;

  connectedCallback(): void {
    const session = sessionFor(this);
    this.unsubscribe = session.store.subscribe((state) => {
      const messages = [...state.notes, ...(state.error ? [state.error] : [])];
      select(this).select('.sw-notes').selectAll('p').data(messages).join('p').attr('class', 'sw-note').text((d) => d);
    });
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }
}

if (!customElements.get('sw-session')) customElements.define('sw-session', StepSessionElement);
