// @vitest-environment jsdom
/**
 * The typeset-equation cache: a prepared equation is moved into the panel that shows it (its
 * nodes, not a copy), a second panel showing the same TeX gets a copy, and an unchanged TeX
 * leaves the panel's nodes alone.
 */
import { describe, expect, it } from 'vitest';
import { prepareTex, setTex } from '../../src/widgets/lib/tex.ts';

describe('setTex', () => {
  it('shows a prepared equation without copying it, copies it for a second panel, and skips an unchanged TeX', () => {
    const tex = 'z^{(1)}_{3} = 0.25';
    prepareTex(tex);
    const a = document.body.appendChild(document.createElement('div'));
    const b = document.body.appendChild(document.createElement('div'));
    setTex(a, tex);
    const shown = a.firstElementChild!;
    expect(shown.classList.contains('katex-display')).toBe(true);
    expect(a.getAttribute('data-tex')).toBe(tex);
    // Shown again elsewhere: the first panel keeps its nodes, the second gets equal ones.
    setTex(b, tex);
    expect(a.firstElementChild).toBe(shown);
    expect(b.firstElementChild).not.toBe(shown);
    expect(b.firstElementChild!.outerHTML).toBe(shown.outerHTML);
    // Another equation and back: the kept nodes return (the same element, not a new typesetting).
    setTex(a, 'L = 2');
    expect(shown.isConnected).toBe(false);
    setTex(a, tex);
    expect(a.firstElementChild).toBe(shown);
    // The same TeX again: nothing is replaced.
    const before = a.firstElementChild;
    setTex(a, tex);
    expect(a.firstElementChild).toBe(before);
  });

  it('moves a prepared equation into the first panel that shows it (it was cloned before: a few hundred nodes)', () => {
    const tex = '\\frac{\\partial L}{\\partial z_7} = 0.125';
    prepareTex(tex);
    const panel = document.body.appendChild(document.createElement('div'));
    setTex(panel, tex);
    const first = panel.firstElementChild!;
    setTex(panel, 'x');
    const again = document.body.appendChild(document.createElement('div'));
    // The one node kept for this TeX is now free, so this panel gets that very node.
    setTex(again, tex);
    expect(again.firstElementChild).toBe(first);
  });
});

