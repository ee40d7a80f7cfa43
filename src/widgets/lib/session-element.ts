/**
 * The thin custom element every step-through widget is: it finds its session, subscribes, and
 * redraws at most once per animation frame by turning the session's state into a view and
 * handing it to a pure render function. Subclasses say which view and which render.
 */
import type { Session, SessionState } from '../../state/session.ts';
import { frameScheduler } from './schedule.ts';
import { sessionFor } from './session.ts';
import { clearStatus } from './status.ts';

export abstract class SessionElement<View> extends HTMLElement {
  protected session: Session | null = null;
  private unsubscribe: (() => void) | null = null;
  protected readonly scheduler = frameScheduler(() => this.draw(), this.localName);

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
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  protected draw(): void {
    if (!this.session) return;
    const view = this.view(this.session.store.get());
    if (view === null) return;
    clearStatus(this);
    this.paint(view);
  }
}
