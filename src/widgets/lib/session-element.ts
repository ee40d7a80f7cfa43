/**
 * The thin custom element every step-through widget is: it finds its session, subscribes, and
 * redraws at most once per animation frame by turning the session's state into a view and
 * handing it to a pure render function. Subclasses say which view and which render.
 */
import type { Session, SessionState } from '../../state/session.ts';
import { frameScheduler } from './schedule.ts';
import { sessionFor } from './session.ts';
import { clearStatus } from './status.ts';
import { recordMeasure } from './measure.ts';
import { onSchemeChange } from './theme.ts';

export abstract class SessionElement<View> extends HTMLElement {
  protected session: Session | null = null;
  private unsubscribe: (() => void) | null = null;
  protected readonly scheduler = frameScheduler(() => this.draw(), this.localName, () => this.inView);
  /**
   * Whether the element is on screen (or nearly): a step redraws the widgets in view within its
   * frame and the others in idle time. True until the first IntersectionObserver report.
   */
  private inView = true;
  private intersectionObserver: IntersectionObserver | null = null;
  /**
   * The element's content width in CSS pixels, kept by a ResizeObserver so that drawing never
   * reads layout (reading clientWidth after another widget wrote the DOM forces a synchronous
   * layout of the whole page, once per widget per step). 0 until first measured.
   */
  protected width = 0;
  private resizeObserver: ResizeObserver | null = null;
  /** Stops redrawing when the system's colour scheme changes (the canvases and colour scales are the scheme's). */
  private unwatchScheme: (() => void) | null = null;

  /** The view to draw for a state, or null while there is nothing to show yet. */
  protected abstract view(state: SessionState): View | null;
  /** Draws the view (a widget's pure render function). */
  protected abstract paint(view: View): void;
  /** Extra wiring after the session is known (event listeners). */
  protected setup(): void {}

  connectedCallback(): void {
    this.session = sessionFor(this);
    this.setup();
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
    this.unwatchScheme = onSchemeChange(() => this.scheduler.request());
    if (typeof ResizeObserver === 'function') {
      this.resizeObserver = new ResizeObserver((entries) => {
        const width = Math.round(entries[entries.length - 1].contentRect.width);
        // Redraw only for a real change of width (not sub-pixel jitter).
        if (Math.abs(width - this.width) > 4) {
          this.width = width;
          this.scheduler.request();
        }
      });
      this.resizeObserver.observe(this);
    }
    if (typeof IntersectionObserver === 'function') {
      this.intersectionObserver = new IntersectionObserver((entries) => {
        this.inView = entries[entries.length - 1].isIntersecting;
        if (this.inView) this.scheduler.flush();
      }, { rootMargin: '0px' });
      this.intersectionObserver.observe(this);
    }
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unwatchScheme?.();
    this.unwatchScheme = null;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.intersectionObserver?.disconnect();
    this.intersectionObserver = null;
  }

  protected draw(): void {
    if (!this.session) return;
    const started = performance.now();
    const view = this.view(this.session.store.get());
    // The view's share of the redraw (the rest is the render), for profiling: see frameScheduler.
    recordMeasure(`sw-view:${this.localName}`, started);
    if (view === null) return;
    clearStatus(this);
    this.paint(view);
  }
}
