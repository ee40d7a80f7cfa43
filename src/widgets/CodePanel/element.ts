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
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-code');

  connectedCallback(): void {
    this.session = sessionFor(this);
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private shown = '';

  private draw(): void {
    if (!this.session) return;
    const state = this.session.store.get();
    const view = codeView(state);
    // Functions are short enough to show whole, so nothing needs scrolling (which would force a
    // layout in the middle of the frame); redraw only when the function or its lines change.
    const key = `${view.file}:${view.fn}:${view.kind}:${state.config.activation}`;
    if (key === this.shown) return;
    this.shown = key;
    renderCode(this, { ...view, lines: functionSource(SOURCES[view.file] ?? '', view.fn, view.kind, state.config.activation) });
  }
}

if (!customElements.get('sw-code')) customElements.define('sw-code', CodeElement);
