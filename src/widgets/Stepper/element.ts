/** <sw-stepper data-session="…">: the controls of a step-through session, the narration beside them, keyboard shortcuts. */
import { narrate } from '../../explain/index.ts';
import { stepperView } from '../../state/views.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderStepper, stickyMargin, type StepperPanelView } from './render.ts';

class StepperElement extends SessionElement<StepperPanelView> {
  /** Whether the learner opened the narration on a small screen (this element's own UI state). */
  private whyOpen = false;

  protected view(state: SessionState): StepperPanelView {
    const step = state.steps[state.stepIndex];
    const narration = state.pass && state.focus ? narrate(state.pass, step, { row: state.focus.row, col: state.focus.col, layer: state.focus.layer ?? undefined }) : '';
    return { ...stepperView(state), summary: step.summary, narration, whyOpen: this.whyOpen };
  }

  protected paint(view: StepperPanelView): void {
    const active = typeof document === 'undefined' ? null : document.activeElement;
    const focusedButton = active instanceof HTMLButtonElement && this.contains(active) ? active : null;
    renderStepper(this, view);
    // A focused button that this draw disabled (▶▶ on the last step, ◀◀ on the first) would drop
    // focus to the page, and the keys would stop working: move focus to the stepper itself, which
    // keeps the keyboard shortcuts. (Not to the button stepping the other way: a learner pressing
    // Enter a few times to reach the end would then walk straight back.)
    if (focusedButton?.disabled) this.focus();
  }

  protected setup(): void {
    if (!this.id) this.id = `sw-stepper-${this.dataset.session ?? 'default'}`;
    this.tabIndex = 0;
    this.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight Space Home End');
    this.draw();
    this.addEventListener('click', this.onClick);
    this.addEventListener('input', this.onInput);
    this.addEventListener('keydown', this.onKey);
    // The bar is sticky: what scrolls into view inside the lab (a focused unit, a step's note)
    // keeps clear of it: the page's scroll padding is the bar's height. It is set on the root's
    // scroll-padding-top, which no element inherits (a custom property there, as before, restyled
    // every element of the page, ~45 ms at 4x CPU throttling, at most steps). The padding also
    // only grows, in steps of 16 px (a bit too much is harmless), so it settles after a few steps;
    // a new window width starts again from the bar's height.
    if (typeof ResizeObserver === 'function') {
      this.heightObserver = new ResizeObserver((entries) => {
        const height = Math.ceil(entries[entries.length - 1].borderBoxSize?.[0]?.blockSize ?? this.offsetHeight);
        const margin = stickyMargin(height, this.stickyMargin, this.stickyWidth === window.innerWidth);
        this.stickyWidth = window.innerWidth;
        if (margin === this.stickyMargin) return;
        this.stickyMargin = margin;
        document.documentElement.style.scrollPaddingTop = `${margin + 8}px`;
      });
      this.heightObserver.observe(this);
    }
  }

  private heightObserver: ResizeObserver | null = null;
  /** The margin last set for the sticky bar, and the window width it was set at. */
  private stickyMargin = 0;
  private stickyWidth = 0;

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.heightObserver?.disconnect();
    this.heightObserver = null;
    this.session?.pause();
  }

  private readonly onClick = (event: Event): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.session) return;
    const session = this.session;
    const action = button.dataset.action;
    if (action === 'reset') session.reset();
    else if (action === 'previous') session.previous();
    else if (action === 'next') session.next();
    else if (action === 'play') (session.store.get().playing ? session.pause() : session.play());
    else if (action === 'why') {
      this.whyOpen = !this.whyOpen;
      this.scheduler.request();
    }
    this.keepFocus();
  };

  private readonly onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.classList.contains('sw-scrubber') && this.session) this.session.goTo(this.session.store.get().range.from + Number(input.value) - 1);
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    const session = this.session;
    if (!session || event.altKey || event.ctrlKey || event.metaKey) return;
    const onRange = (event.target as HTMLElement).classList.contains('sw-scrubber');
    const onButton = (event.target as HTMLElement).tagName === 'BUTTON';
    switch (event.key) {
      case 'ArrowRight': if (!onRange) session.next(); break;
      case 'ArrowLeft': if (!onRange) session.previous(); break;
      case 'Home': session.first(); break;
      case 'End': session.last(); break;
      case ' ':
        if (onButton) return; // Space on a button presses that button
        if (session.store.get().playing) session.pause();
        else session.play();
        break;
      default: return;
    }
    if (!onRange || event.key === 'Home' || event.key === 'End' || event.key === ' ') event.preventDefault();
    this.keepFocus();
  };

  /**
   * The step changed now but the buttons are redrawn in the next frame: when the new step is the
   * first or last and a button of the stepper has focus, draw at once, so a button this disables
   * hands its focus on (see paint) before the browser drops it to the page.
   */
  private keepFocus(): void {
    const state = this.session?.store.get();
    const active = document.activeElement;
    if (!state || !(active instanceof HTMLButtonElement) || !this.contains(active)) return;
    if (state.stepIndex === state.range.from || state.stepIndex === state.range.to) this.draw();
  }
}

if (!customElements.get('sw-stepper')) customElements.define('sw-stepper', StepperElement);
