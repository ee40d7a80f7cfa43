// @vitest-environment jsdom
/**
 * Sideways scrollers are Tab stops with a name exactly while they overflow. jsdom has no layout,
 * so each box's scrollWidth and clientWidth are set by hand: 600 inside a 300 px box overflows,
 * 301 inside 300 is a rounding pixel and does not.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { markScrollers, markScrollersAround, scrollerName } from '../../src/widgets/lib/scrollers.ts';

function size(el: Element, scrollWidth: number, clientWidth: number): void {
  Object.defineProperty(el, 'scrollWidth', { configurable: true, get: () => scrollWidth });
  Object.defineProperty(el, 'clientWidth', { configurable: true, get: () => clientWidth });
}

beforeEach(() => {
  document.body.innerHTML = `<main>
    <table id="t"><caption>Loss after one step, by learning rate</caption><tr><th>η</th></tr></table>
    <table id="u"><tr><th>epoch</th></tr></table>
    <span class="katex-display" id="k"><annotation>L = -\\log p_y</annotation></span>
    <div class="sw-eq-numbers" role="region" tabindex="0" aria-label="The equation with the numbers"><span class="katex-display" id="inner"><annotation>z</annotation></span></div>
    <div class="sw-table-scroll" id="wrap"><table class="x"><tr><th>run</th></tr></table></div>
  </main>`;
});

describe('markScrollers', () => {
  it('makes a box that overflows a named Tab stop, and a box that fits none', () => {
    const t = document.getElementById('t')!;
    const u = document.getElementById('u')!;
    const k = document.getElementById('k')!;
    size(t, 600, 300);
    size(u, 301, 300);
    size(k, 900, 358);
    expect(markScrollers(document)).toBe(2);
    expect(t.tabIndex).toBe(0);
    expect(t.getAttribute('aria-label')).toBe('Scrollable table: Loss after one step, by learning rate');
    expect(t.hasAttribute('role')).toBe(false); // a table keeps its table semantics
    expect(u.hasAttribute('tabindex')).toBe(false);
    expect(k.getAttribute('role')).toBe('region');
    expect(k.getAttribute('aria-label')).toBe('Scrollable equation: L = -\\log p_y');
    expect(k.dataset.swScroller).toBe('1');
  });

  it('takes its marks back when the box fits again, and leaves a name it did not set', () => {
    const t = document.getElementById('t')!;
    const k = document.getElementById('k')!;
    k.setAttribute('aria-label', 'Softmax');
    size(t, 600, 300);
    size(k, 900, 358);
    markScrollers(document);
    expect(k.getAttribute('aria-label')).toBe('Softmax');
    size(t, 300, 300);
    size(k, 358, 358);
    expect(markScrollers(document)).toBe(0);
    expect(t.hasAttribute('tabindex')).toBe(false);
    expect(t.hasAttribute('aria-label')).toBe(false);
    expect(k.hasAttribute('role')).toBe(false);
    expect(k.getAttribute('aria-label')).toBe('Softmax');
    expect(k.dataset.swScroller).toBeUndefined();
  });

  it('leaves boxes a widget made focusable itself, and what scrolls inside them', () => {
    const inner = document.getElementById('inner')!;
    size(inner, 900, 300);
    expect(markScrollers(document)).toBe(0);
    expect(inner.hasAttribute('tabindex')).toBe(false);
    expect(inner.parentElement!.getAttribute('aria-label')).toBe('The equation with the numbers');
  });

  it('names a wrapper by the table inside it', () => {
    const wrap = document.getElementById('wrap')!;
    size(wrap, 700, 390);
    expect(markScrollers(document)).toBe(1);
    expect(wrap.getAttribute('role')).toBe('region');
    expect(wrap.getAttribute('aria-label')).toBe('Scrollable table (first column: run)');
    expect(scrollerName(document.createElement('div'))).toBe('Scrollable box');
  });
});

describe('markScrollersAround', () => {
  it('marks the scrollers around and inside what changed, and leaves the others as they were', () => {
    const t = document.getElementById('t')!;
    const u = document.getElementById('u')!;
    const k = document.getElementById('k')!;
    for (const el of [t, u, k]) size(el, 600, 300);
    // A change inside table t (its header's text) and one that holds display k: t and k are asked, u is not.
    markScrollersAround([t.querySelector('th')!.firstChild!, k.parentElement!.querySelector('#k')!]);
    expect(t.getAttribute('tabindex')).toBe('0');
    expect(k.getAttribute('aria-label')).toBe('Scrollable equation: L = -\\log p_y');
    expect(u.hasAttribute('tabindex')).toBe(false);
    // The main element changed: every scroller inside it is asked, and one that fits again is unmarked.
    size(t, 300, 300);
    markScrollersAround([document.querySelector('main')!]);
    expect(t.hasAttribute('tabindex')).toBe(false);
    expect(u.getAttribute('tabindex')).toBe('0');
    // A node no longer in the page is skipped.
    const gone = document.createElement('span');
    expect(() => markScrollersAround([gone])).not.toThrow();
  });

  it('looks at a drawing once however many of its nodes changed, as its outermost <svg>', () => {
    const slot = document.createElement('div');
    slot.className = 'sw-q-slot';
    slot.innerHTML = `<svg><g>${'<rect></rect>'.repeat(40)}<svg><text>1</text></svg></g></svg>`;
    document.querySelector('main')!.append(slot);
    let reads = 0;
    Object.defineProperty(slot, 'scrollWidth', { configurable: true, get: () => { reads++; return 900; } });
    Object.defineProperty(slot, 'clientWidth', { configurable: true, get: () => 300 });
    const changed = [...slot.querySelectorAll('rect'), slot.querySelector('text')!.firstChild!, slot.querySelector('g')!];
    // Looked at: the outer <svg> alone (one search below it), not each of the 42 nodes.
    const searches = vi.spyOn(Element.prototype, 'querySelectorAll');
    markScrollersAround(changed);
    expect(searches.mock.contexts).toEqual([slot.firstElementChild]);
    searches.mockRestore();
    expect(reads).toBe(1);
    expect(slot.getAttribute('tabindex')).toBe('0');
    expect(slot.getAttribute('aria-label')).toBe('Scrollable box');
  });

  it('does not read the widths of a box inside a widget\'s scrolling region (reading one lays out what changed since the last frame)', () => {
    const inner = document.getElementById('inner')!;
    let reads = 0;
    Object.defineProperty(inner, 'scrollWidth', { configurable: true, get: () => { reads++; return 900; } });
    Object.defineProperty(inner, 'clientWidth', { configurable: true, get: () => { reads++; return 300; } });
    markScrollersAround([inner.parentElement!]);
    markScrollers(document);
    expect(reads).toBe(0);
    expect(inner.hasAttribute('tabindex')).toBe(false);
  });
});
