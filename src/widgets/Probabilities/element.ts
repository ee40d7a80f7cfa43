/** <sw-probabilities data-session="…">: p, the loss, and the loss after the update. */
import { probabilitiesView } from '../../state/views.ts';
import type { Session } from '../../state/session.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { sessionFor } from '../lib/session.ts';
import { clearStatus } from '../lib/status.ts';
import { renderProbabilities } from './render.ts';

class ProbabilitiesElement extends HTMLElement {
  private session: Session | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly scheduler = frameScheduler(() => {
    const view = this.session && probabilitiesView(this.session.store.get());
    if (!view) return;
    clearStatus(this);
    renderProbabilities(this, view);
  }, 'sw-probabilities');

  connectedCallback(): void {
    this.session = sessionFor(this);
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }
}

if (!customElements.get('sw-probabilities')) customElements.define('sw-probabilities', ProbabilitiesElement);
