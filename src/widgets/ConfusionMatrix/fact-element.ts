/**
 * <sw-mistake-fact data-session="mistakes" data-name="accuracy">: a phrase of the mistakes lesson's
 * prose that follows the network the matrix and gallery show. The built page holds the site's own
 * network's phrase; once the page has evaluated a network, the phrase is that network's. While a
 * newly chosen network is being evaluated, the phrase is marked as out of date (data-state="stale").
 */
import type { TestResults } from '../../state/mistakes.ts';
import { describeNetwork, mistakesProse, type MistakesProseName } from '../../state/mistakes-prose.ts';
import { mistakesFor } from './mistakes-element.ts';

class MistakeFactElement extends HTMLElement {
  private unsubscribe: (() => void) | null = null;

  connectedCallback(): void {
    const session = mistakesFor(this);
    const name = this.dataset.name as MistakesProseName;
    // The built-in network's description comes from the build (its training settings are not in the weights).
    const builtText = this.textContent ?? '';
    let last: TestResults | null = null;
    this.unsubscribe = session.store.subscribe((state) => {
      if (!state.results || !state.network) {
        if (state.status.kind === 'evaluating' || state.status.kind === 'loading') this.dataset.state = 'stale';
        return;
      }
      this.dataset.state = state.builtIn ? 'builtin' : 'mine';
      if (state.results === last && this.dataset.network === state.network.source) return;
      last = state.results;
      this.dataset.network = state.network.source;
      const network = state.builtIn ? '' : describeNetwork(null, state.network);
      const text = name === 'network' && state.builtIn ? builtText : mistakesProse(state.results, network)[name];
      if (this.textContent !== text) this.textContent = text;
    });
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

if (!customElements.get('sw-mistake-fact')) customElements.define('sw-mistake-fact', MistakeFactElement);
