// @vitest-environment jsdom
/**
 * The typeset-equation cache: an equation's nodes go into the panel that shows it (not a copy), a second panel showing the same TeX gets a copy, and an unchanged TeX
 * leaves the panel's nodes alone. An element keeps the equations it showed before and the ones
 * kept for it ahead (keepTex) in slots of their own, hidden and laid out, so that showing one again
 * changes a class, not the DOM; it keeps at most KEPT besides the one it shows.
 */
import { describe, expect, it } from 'vitest';
import { keepTex, KEPT, setTex } from '../../src/widgets/lib/tex.ts';

/** The slot an element shows, and its equation's root node. */
const shownSlot = (el: Element) => [...el.children].filter((c) => !c.classList.contains('sw-tex-kept'));
const shown = (el: Element) => { const slots = shownSlot(el); expect(slots).toHaveLength(1); return slots[0].firstElementChild!; };
const keptTex = (el: Element) => [...el.children].filter((c) => c.classList.contains('sw-tex-kept')).map((c) => c.getAttribute('data-slot-tex'));

describe('setTex', () => {
  it("shows an equation's nodes without copying them, copies them for a second panel, and skips an unchanged TeX", () => {
    const tex = 'z^{(1)}_{3} = 0.25';
    const a = document.body.appendChild(document.createElement('div'));
    const b = document.body.appendChild(document.createElement('div'));
    setTex(a, tex);
    const node = shown(a);
    expect(node.classList.contains('katex-display')).toBe(true);
    expect(a.getAttribute('data-tex')).toBe(tex);
    // Shown again elsewhere: the first panel keeps its nodes, the second gets equal ones.
    setTex(b, tex);
    expect(shown(a)).toBe(node);
    expect(shown(b)).not.toBe(node);
    expect(shown(b).outerHTML).toBe(node.outerHTML);
    // Another equation: the first stays in the panel, hidden from sight and from screen readers.
    setTex(a, 'L = 2');
    expect(node.isConnected).toBe(true);
    const slot = node.parentElement!;
    expect(slot.classList.contains('sw-tex-kept')).toBe(true);
    // Locked (content-visibility: hidden): not drawn, not found by find-in-page, layout kept.
    expect(slot.classList.contains('sw-tex-locked')).toBe(true);
    expect(slot.getAttribute('aria-hidden')).toBe('true');
    expect(shown(a).textContent).toContain('L');
    // And back: the same slot and nodes are shown again (a class change, no DOM moved).
    const children = [...a.children];
    setTex(a, tex);
    expect(shown(a)).toBe(node);
    expect(node.parentElement).toBe(slot);
    expect([...a.children]).toEqual(children);
    expect(slot.classList.contains('sw-tex-kept')).toBe(false);
    expect(slot.classList.contains('sw-tex-locked')).toBe(false);
    expect(slot.hasAttribute('aria-hidden')).toBe(false);
    expect(keptTex(a)).toEqual(['L = 2']);
    // The same TeX again: nothing changes.
    setTex(a, tex);
    expect([...a.children]).toEqual(children);
    expect(shown(a)).toBe(node);
  });

  it('a kept equation is typeset once: showing it later is the very node kept, in its slot', () => {
    const panel = document.body.appendChild(document.createElement('div'));
    setTex(panel, 'a = 1');
    keepTex(panel, 'b = 2');
    expect(keptTex(panel)).toEqual(['b = 2']);
    expect(panel.getAttribute('data-tex')).toBe('a = 1');
    const kept = [...panel.children].find((c) => c.getAttribute('data-slot-tex') === 'b = 2')!;
    const node = kept.firstElementChild!;
    // Keeping it again adds nothing.
    keepTex(panel, 'b = 2');
    expect(panel.children).toHaveLength(2);
    setTex(panel, 'b = 2');
    expect(shown(panel)).toBe(node);
    expect(keptTex(panel)).toEqual(['a = 1']);
    expect(panel.getAttribute('data-tex')).toBe('b = 2');
  });

  it('a kept equation is laid out once before it is locked (a locked slot keeps the layout it had, and skips it otherwise)', () => {
    const panel = document.body.appendChild(document.createElement('div'));
    setTex(panel, 'a = 1');
    // Layout is forced by reading a size: record whether the slot was locked when it was read.
    const reads: boolean[] = [];
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')!;
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
      configurable: true,
      get(this: HTMLElement) {
        if (this.classList.contains('sw-tex-slot')) reads.push(this.classList.contains('sw-tex-locked'));
        return original.get!.call(this);
      },
    });
    try {
      keepTex(panel, 'c = 3');
      keepTex(panel, 'c = 3');
    } finally {
      Object.defineProperty(HTMLElement.prototype, 'offsetHeight', original);
    }
    expect(reads).toEqual([false]);
    const kept = [...panel.children].find((c) => c.getAttribute('data-slot-tex') === 'c = 3')!;
    expect(kept.classList.contains('sw-tex-locked')).toBe(true);
  });

  it(`keeps at most ${KEPT} hidden equations, dropping the least recently shown or kept, whose nodes go back to the cache free`, () => {
    const panel = document.body.appendChild(document.createElement('div'));
    const texes = Array.from({ length: KEPT + 2 }, (_, k) => `x_{${k}} = ${k}`);
    for (const tex of texes) setTex(panel, tex);
    // The last is shown; of the others, the KEPT most recent are kept, in the order they came.
    expect(panel.getAttribute('data-tex')).toBe(texes.at(-1));
    expect(keptTex(panel)).toEqual(texes.slice(1, -1));
    // Keeping the oldest kept one again makes it the most recent: the next to go is texes[2].
    keepTex(panel, texes[1]);
    setTex(panel, 'y = 0');
    expect(keptTex(panel).sort()).toEqual([texes[1], ...texes.slice(3)].sort());
    // texes[0] was dropped from this panel; its nodes are free again, so another panel takes them without a copy.
    const other = document.body.appendChild(document.createElement('div'));
    setTex(other, texes[0]);
    expect(shown(other).parentElement!.parentElement).toBe(other);
  });

  it('what an element held before its first equation goes (a status line, text)', () => {
    const panel = document.body.appendChild(document.createElement('div'));
    panel.innerHTML = '<p class="sw-status">Loading…</p>text';
    setTex(panel, 'q = 1');
    expect(panel.querySelector('.sw-status')).toBeNull();
    expect(panel.textContent).not.toContain('Loading');
    expect(panel.children).toHaveLength(1);
  });

  it('a second panel showing an equation the first one holds gets a copy, equal to it', () => {
    const tex = '\\frac{\\partial L}{\\partial z_7} = 0.125';
    const panel = document.body.appendChild(document.createElement('div'));
    setTex(panel, tex);
    const first = shown(panel);
    const again = document.body.appendChild(document.createElement('div'));
    // The node is in the first panel (kept or shown), so this panel gets a copy.
    setTex(again, tex);
    expect(shown(again)).not.toBe(first);
    expect(shown(again).outerHTML).toBe(first.outerHTML);
  });
});
