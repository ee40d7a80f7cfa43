/** <sw-code data-session="…">: the reference kernel behind the current step, found by its marker. */
import referenceSource from '../../nn/reference.ts?raw';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderCode, type CodePanelView } from './render.ts';
import { stepFunctions } from './source.ts';

export const REFERENCE_FILE = 'src/nn/reference.ts';

class CodeElement extends SessionElement<CodePanelView> {
  private shown = '';

  protected view(state: SessionState): CodePanelView | null {
    const kind = state.steps[state.stepIndex].kind;
    // Redraw only when the step kind changes: the code of a kind is the same for every layer.
    if (kind === this.shown) return null;
    this.shown = kind;
    return { file: REFERENCE_FILE, kind, functions: stepFunctions(referenceSource, kind) };
  }

  protected paint(view: CodePanelView): void {
    renderCode(this, view);
  }
}

if (!customElements.get('sw-code')) customElements.define('sw-code', CodeElement);
