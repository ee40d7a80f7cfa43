/** <sw-equation data-session="…">: the current step's equation, general and with numbers. */
import { equationView, type EquationView } from '../../state/views.ts';
import { stateAtStep, type SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { keepTex, typesetAhead } from '../lib/tex.ts';
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
  /** Which step's neighbours are being prepared: a reply for an earlier step is dropped. */
  private generation = 0;

  /**
   * Prepares the equations of the steps after and before this one, so that stepping there is a
   * class change: no typesetting, no parsing, no layout of a few hundred nodes in the step's frame.
   * While the page is idle it computes their views; the typesetting worker typesets them
   * (typesetAhead: at 4x CPU throttling one equation took 20-45 ms, which on the page was a task
   * that held up the learner's next key); then, one equation per idle callback, they are parsed and
   * kept in their regions, hidden and laid out (keepTex). Without a worker the idle callback
   * typesets too. Not while a step is still being drawn (its frames come first: whenIdle).
   * Preparing every step of the range, for Home and End too, made a walk slower.
   */
  private prepareNeighbours(): void {
    if (typeof requestIdleCallback !== 'function' || !this.session) return;
    this.cancelIdle?.();
    const generation = ++this.generation;
    const state = this.session.store.get();
    const narrow = this.narrow;
    const steps = [state.stepIndex + 1, state.stepIndex - 1].filter((index) => index >= state.range.from && index <= state.range.to);
    const jobs: { region: string; tex: string; ready: Promise<boolean> }[] = [];
    const keepNext = (): void => {
      const job = jobs.shift();
      if (!job) return;
      void job.ready.then(() => {
        if (generation !== this.generation) return;
        this.cancelIdle = whenIdle(() => {
          this.cancelIdle = null;
          const element = this.querySelector<HTMLElement>(job.region);
          if (element) keepTex(element, job.tex);
          keepNext();
        }, { timeout: 2000 });
      });
    };
    // The neighbours' views are computed in idle time too, not in the frame that draws this step.
    this.cancelIdle = whenIdle(() => {
      this.cancelIdle = null;
      for (const index of steps) {
        const view = equationView(stateAtStep(state, index), narrow);
        if (!view) continue;
        jobs.push({ region: 'div.sw-eq-general', tex: view.equation, ready: typesetAhead(view.equation) });
        jobs.push({ region: 'div.sw-eq-numbers', tex: view.substituted, ready: typesetAhead(view.substituted) });
      }
      keepNext();
    }, { timeout: 2000 });
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
      // A cleared field keeps the entry it had (Number('') is 0: it selected row or unit 0).
      if (input.value.trim() === '') {
        input.value = String(input.name === 'row' ? focus.row : focus.col);
        return;
      }
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
