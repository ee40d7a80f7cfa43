// @vitest-environment jsdom
/**
 * The steppers' notes repeated where a lesson opens (review: ?backprop.step=zzz put its note ~2,360 px
 * down the backprop lesson, above the stepper, where a learner who followed the link never looked).
 */
import { describe, expect, it } from 'vitest';
import { renderLinkNotes, whereText, type LinkNoteGroup } from '../../src/widgets/LinkNotes/render.ts';

const refused = 'The link\'s step "zzz" is not one of this stepper\'s steps, so it opens on step 1 of 13, forward: z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾.';
const group = (session: string, section: string | null, notes: string[]): LinkNoteGroup => ({ session, section, target: `stepper-${session}`, notes });

describe('link notes where the page opens', () => {
  it('one stepper with a note: the note, where its stepper is, and a link to the stepper\'s own notes', () => {
    const root = document.createElement('sw-link-notes');
    root.hidden = true;
    renderLinkNotes(root, [group('backprop', 'The whole pass', [refused])]);
    expect(root.hidden).toBe(false);
    const aside = root.querySelector('aside.sw-link-notes')!;
    expect(aside.getAttribute('aria-label')).toBe('Note on the stepper below');
    expect(aside.querySelector('.sw-link-note-where')!.textContent).toBe('The stepper in “The whole pass”, further down:');
    expect([...aside.querySelectorAll('li')].map((li) => li.textContent)).toEqual([refused]);
    const link = aside.querySelector('a')!;
    expect([link.getAttribute('href'), link.textContent]).toEqual(['#stepper-backprop', 'Go to the stepper']);
  });

  it('two steppers: only the one with notes is listed, and its link names its section; none left: hidden and empty', () => {
    const root = document.createElement('sw-link-notes');
    const groups = [group('softmax', 'Softmax', []), group('loss', 'The loss', ['a', 'b'])];
    renderLinkNotes(root, groups);
    expect([...root.querySelectorAll('.sw-link-note-group')].map((g) => g.getAttribute('data-session'))).toEqual(['loss']);
    expect(root.querySelector('aside')!.getAttribute('aria-label')).toBe('Note on the stepper below');
    renderLinkNotes(root, [group('softmax', 'Softmax', ['c']), groups[1]]);
    expect(root.querySelector('aside')!.getAttribute('aria-label')).toBe('Notes on the steppers below');
    expect([...root.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['#stepper-softmax', 'Go to the stepper in “Softmax”'],
      ['#stepper-loss', 'Go to the stepper in “The loss”'],
    ]);
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['c', 'a', 'b']);
    renderLinkNotes(root, [group('softmax', 'Softmax', []), group('loss', 'The loss', [])]);
    expect(root.hidden).toBe(true);
    expect(root.querySelector('aside')).toBeNull();
  });

  it('a stepper outside any section is "further down" without a name', () => {
    expect(whereText(group('x', null, ['n']))).toBe('The stepper further down');
  });
});
