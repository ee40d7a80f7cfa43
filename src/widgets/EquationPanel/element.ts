/** <sw-equation data-session="…">: the current step's equation, general and with numbers. */
import { equationView, type EquationView } from '../../state/views.ts';
import { stateAtStep, type SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { keepTex } from '../lib/tex.ts';
import { whenIdle } from '../lib/schedule.ts';
import { renderEquation } from './render.ts';

/** Below this width (CSS px) the equation with numbers is broken into more lines (a phone's panel is ~320 px). */
export const NARROW_EQUATION = 480;

class EquationElement extends SessionElement<EquationView> {
  private get narrow(): boolean {
    return this.width > 0 && this.width < NARROW_EQUATION;
  }

  protected view(state: SessionState) {
    return equationView(state, this.narrow);
  }

  protected paint(view: EquationView): void {
    renderEquation(this, view);
    this.prepareNeighbours();
  }

  private cancelIdle: (() => void) | null = null;

  /**
   * While the page is idle, typesets the equations of the steps after and before this one and
   * keeps them in their regions, hidden and laid out (keepTex), so that stepping there is a class
   * change: no typesetting, no parsing, no layout of a few hundred nodes in the step's frame.
   * Not while a step is still being drawn (its frames come first: whenIdle). One equation per idle
   * callback unless much idle time is left: a softmax equation with numbers takes ~20 ms to
   * typeset at 4x CPU throttling, and two in one callback made a 46 ms task. Preparing every step
   * of the range, for Home and End too, made a walk slower.
   */
  private prepareNeighbours(): void {
    if (typeof requestIdleCallback !== 'function' || !this.session) return;
    this.cancelIdle?.();
    const state = this.session.store.get();
    const narrow = this.narrow;
    // The neighbours' views are computed in idle time too, not in the frame that draws this step.
    const steps = [state.stepIndex + 1, state.stepIndex - 1].filter((index) => index >= state.range.from && index <= state.range.to);
    const pending: { region: string; tex: string }[] = [];
    const work = (deadline: IdleDeadline): void => {
      this.cancelIdle = null;
      do {
        if (pending.length) {
          const { region, tex } = pending.shift()!;
          const element = this.querySelector<HTMLElement>(region);
          if (element) keepTex(element, tex);
        } else {
          const view = equationView(stateAtStep(state, steps.shift()!), narrow);
          if (view) pending.push({ region: 'div.sw-eq-general', tex: view.equation }, { region: 'div.sw-eq-numbers', tex: view.substituted });
        }
      } while ((pending.length || steps.length) && deadline.timeRemaining() > 30);
      if (pending.length || steps.length) this.cancelIdle = whenIdle(work, { timeout: 2000 });
    };
    this.cancelIdle = whenIdle(work, { timeout: 2000 });
  }

  protected setup(): void {
    // KaTeX's larger delimiter fonts load only when an equation first needs them (softmax's tall
    // parentheses), and their arrival restyles every equation in the middle of that step (~50 ms at
    // 4x CPU throttling): fetch them while the page is idle (from this site; a few kB each).
    if (typeof requestIdleCallback === 'function' && typeof document !== 'undefined' && document.fonts) {
      requestIdleCallback(() => {
        for (const face of ['KaTeX_Size3', 'KaTeX_Size4']) document.fonts.load(`1em ${face}`).catch(() => undefined);
      }, { timeout: 3000 });
    }
    this.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      const session = this.session;
      const focus = session?.store.get().focus;
      if (input.type !== 'number' || !session || !focus || focus.layer === null) return;
      const max = Number(input.max);
      const raw = Number(input.value);
      // Out-of-range or non-numeric entries snap back into range instead of breaking the panel.
      const value = Number.isFinite(raw) ? Math.max(0, Math.min(max, Math.trunc(raw))) : 0;
      const row = input.name === 'row' ? value : focus.row;
      const col = input.name === 'col' ? value : focus.col;
      session.select({ layer: focus.layer, row, col });
      input.value = String(value);
    });
  }
}

if (!customElements.get('sw-equation')) customElements.define('sw-equation', EquationElement);
