/**
 * <sw-link-notes>: follows every stepper session of the page that reads the address and repeats
 * its notes where the page opens, with a link to the stepper's own notes (which get an id and
 * tabindex -1, so following the link moves focus there and a screen reader reads them). The
 * stepper's notes stay where they are and remain the live region: this copy is not announced
 * again, but it is the first thing after the title, so it is the first thing reached.
 */
import { sessionFor } from '../lib/session.ts';
import { renderLinkNotes, type LinkNoteGroup } from './render.ts';

/** The heading of the section `element` is in: the last h2 before it, if any. */
function sectionOf(element: Element): string | null {
  const headings = [...document.querySelectorAll('main h2')].filter((h) => h.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
  return headings.at(-1)?.textContent?.trim() || null;
}

class LinkNotesElement extends HTMLElement {
  private unsubscribers: (() => void)[] = [];

  connectedCallback(): void {
    const declarations = [...document.querySelectorAll<HTMLElement>('sw-session')].filter((d) => d.dataset.url !== 'false');
    const groups: LinkNoteGroup[] = declarations.map((d) => {
      const session = d.dataset.session ?? 'default';
      if (!d.id) d.id = `stepper-${session}`;
      d.tabIndex = -1;
      d.dataset.linkTarget = '';
      return { session, section: sectionOf(d), target: d.id, notes: [] };
    });
    declarations.forEach((d, k) => {
      // Called at once and on every change of the session (each step): redraw only when the notes changed.
      this.unsubscribers.push(sessionFor(d).store.subscribe((state) => {
        if (state.notes === groups[k].notes) return;
        groups[k] = { ...groups[k], notes: state.notes };
        renderLinkNotes(this, groups);
      }));
    });
  }

  disconnectedCallback(): void {
    for (const stop of this.unsubscribers) stop();
    this.unsubscribers = [];
  }
}

if (!customElements.get('sw-link-notes')) customElements.define('sw-link-notes', LinkNotesElement);
