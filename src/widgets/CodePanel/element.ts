/** <sw-code data-session="…">: the source of the src/nn function behind the current step. */
import kernelsSource from '../../nn/kernels.ts?raw';
import passSource from '../../nn/pass.ts?raw';
import { codeView } from '../../state/views.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderCode, type CodePanelView } from './render.ts';
import { functionSource } from './source.ts';

const SOURCES: Record<string, string> = { 'kernels.ts': kernelsSource, 'pass.ts': passSource };

class CodeElement extends SessionElement<CodePanelView> {
  private shown = '';

  protected view(state: SessionState): CodePanelView | null {
    const view = codeView(state);
    // Functions are short enough to show whole, so nothing needs scrolling (which would force a
    // layout in the middle of the frame); redraw only when the function or its lines change.
    const key = `${view.file}:${view.fn}:${view.kind}:${state.config.activation}`;
    if (key === this.shown) return null;
    this.shown = key;
    return { ...view, lines: functionSource(SOURCES[view.file] ?? '', view.fn, view.kind, state.config.activation) };
  }

  protected paint(view: CodePanelView): void {
    renderCode(this, view);
  }
}

if (!customElements.get('sw-code')) customElements.define('sw-code', CodeElement);
