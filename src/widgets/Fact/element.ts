/**
 * <sw-fact data-session="…" data-name="loss"> (or data-tex="L = {loss}"): prose that follows the
 * session's pass. Rewritten only when the pass changes and its text differs from what is shown.
 */
import type { Pass } from '../../nn/index.ts';
import { factProse, fillFacts, sessionFacts, type FactName } from '../../state/pass-facts.ts';
import { sessionFor } from '../lib/session.ts';
import { texInlineHtml } from '../lib/tex.ts';

class FactElement extends HTMLElement {
  private unsubscribe: (() => void) | null = null;
  private shown: string | null = null;

  connectedCallback(): void {
    const session = sessionFor(this);
    const template = this.dataset.tex;
    const name = this.dataset.name as FactName | undefined;
    let lastPass: Pass | null = null;
    let lastSources = '';
    this.unsubscribe = session.store.subscribe((state) => {
      const sources = `${state.inputSource}|${state.weightsSource}|${state.labelKnown}`;
      if (!state.pass || (state.pass === lastPass && sources === lastSources)) return;
      lastPass = state.pass;
      lastSources = sources;
      const facts = sessionFacts(state)!;
      const text = template ? fillFacts(template, facts) : factProse(facts[name!] ?? '');
      // The built page already shows the starting pass's text: leave it unless it differs.
      if (this.shown === null) this.shown = template ? this.getAttribute('data-shown') ?? text : this.textContent;
      if (text === this.shown) return;
      this.shown = text;
      if (template) this.innerHTML = texInlineHtml(text);
      else this.textContent = text;
      this.setAttribute('data-live', 'true');
    });
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

if (!customElements.get('sw-fact')) customElements.define('sw-fact', FactElement);
