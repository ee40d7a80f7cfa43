/** <sw-code data-session="…">: the source of the src/nn function behind the current step. */
import kernelsSource from '../../nn/kernels.ts?raw';
import passSource from '../../nn/pass.ts?raw';
import { codeView } from '../../state/views.ts';
import type { Session } from '../../state/session.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { sessionFor } from '../lib/session.ts';
import { renderCode } from './render.ts';
import { functionSource } from './source.ts';

const SOURCES: Record<string, string> = { 'kernels.ts': kernelsSource, 'pass.ts': passSource };

class CodeElement extends HTMLElement {
  private session: Session | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly scheduler = frameScheduler(() => this.draw());

  connectedCallback(): void {
    this.session = sessionFor(this);
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private draw(): void {
    if (!this.session) return;
    const state = this.session.store.get();
    const view = codeView(state);
    renderCode(this, { ...view, lines: functionSource(SOURCES[view.file] ?? '', view.fn, view.kind, state.config.activation) });
    // Bring the highlighted lines into view inside the code box (not by scrolling the page).
    const pre = this.querySelector('pre');
    const first = this.querySelector<HTMLElement>('.sw-hl');
    if (pre && first) pre.scrollTop = Math.max(0, first.offsetTop - pre.offsetTop - 24);
  }
}

if (!customElements.get('sw-code')) customElements.define('sw-code', CodeElement);
