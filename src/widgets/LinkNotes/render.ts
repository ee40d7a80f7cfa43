/**
 * The notes of a page's steppers, repeated where the page opens (review: a link with a refused
 * value, ?backprop.step=zzz, put its note just above the stepper, some 2,360 px down the backprop
 * lesson, where a learner who followed the link never looked). Pure.
 */
import { select } from 'd3';

export interface LinkNoteGroup {
  /** The session's name (`backprop`). */
  session: string;
  /** The heading of the section the stepper is in, if any ("The whole pass"). */
  section: string | null;
  /** The id of the stepper's own notes (its <sw-session>), where the link leads. */
  target: string;
  /** The session's notes, as the stepper shows them. */
  notes: string[];
}

/** Where a group's stepper is, in words: 'The stepper in “The whole pass”, further down'. */
export function whereText(group: LinkNoteGroup): string {
  return group.section ? `The stepper in “${group.section}”, further down` : 'The stepper further down';
}

/** Renders the groups that have notes into `root`; `root` is hidden when none has. */
export function renderLinkNotes(root: HTMLElement, groups: LinkNoteGroup[]): void {
  const shown = groups.filter((g) => g.notes.length > 0);
  root.hidden = shown.length === 0;
  const box = select(root).selectAll<HTMLElement, null>('aside.sw-link-notes').data(shown.length ? [null] : []).join('aside')
    .attr('class', 'sw-link-notes').attr('aria-label', shown.length === 1 ? 'Note on the stepper below' : 'Notes on the steppers below');
  const group = box.selectAll<HTMLDivElement, LinkNoteGroup>('div.sw-link-note-group').data(shown, (g) => g.session).join((enter) => {
    const div = enter.append('div').attr('class', 'sw-link-note-group');
    div.append('p').attr('class', 'sw-link-note-where');
    div.append('ul');
    div.append('p').append('a').attr('class', 'sw-link-note-go');
    return div;
  }).attr('data-session', (g) => g.session);
  group.select('p.sw-link-note-where').text((g) => `${whereText(g)}:`);
  group.select('ul').selectAll<HTMLLIElement, string>('li').data((g) => g.notes).join('li').text((t) => t);
  group.select('a.sw-link-note-go').attr('href', (g) => `#${g.target}`).text(shown.length === 1 ? 'Go to the stepper' : (g) => `Go to the stepper${g.section ? ` in “${g.section}”` : ''}`);
}
