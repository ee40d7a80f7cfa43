/** <sw-probabilities data-session="…">: p, the loss, and the loss after the update. */
import { probabilitiesView, type ProbabilitiesView } from '../../state/views.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderProbabilities } from './render.ts';

class ProbabilitiesElement extends SessionElement<ProbabilitiesView> {
  protected view(state: SessionState) {
    return probabilitiesView(state);
  }

  protected paint(view: ProbabilitiesView): void {
    renderProbabilities(this, view);
  }
}

if (!customElements.get('sw-probabilities')) customElements.define('sw-probabilities', ProbabilitiesElement);
