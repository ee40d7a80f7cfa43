/**
 * Boxes that scroll sideways (a wide table, a long display equation on a phone) must be reachable
 * by keyboard, or a learner without a mouse cannot read what is cut off. Chromium only makes a
 * scroller focusable on its own when it has no focusable content, and not in every version, so
 * the site does it explicitly: every box matching SCROLLERS that is wider inside than outside gets
 * `tabindex="0"`, a name ("Scrollable table: …") and `data-sw-scroller` (its focus ring); a box that fits again loses
 * them (so the Tab order has no stops that do nothing). Widgets that already make their own boxes
 * focusable (the equation panel) keep their own attributes: a box with a tabindex we did not set is
 * left alone.
 */

import { whenIdle } from './schedule.ts';

/** Sideways-scrolling boxes of the site's prose and widgets. */
export const SCROLLERS = [
  '.katex-display',
  '.sw-tex-display',
  'main table:not([class])',
  '.sw-table-scroll',
  '.sw-cm-wrap',
  '.sw-opt-wrap',
  '.sw-chain-eq',
  '.sw-q-slot',
].join(', ');

const MARK = 'swScroller';

/** What the box holds, for its accessible name: a table's caption or first header, or the equation's TeX. */
export function scrollerName(el: Element): string {
  const table = el.matches('table') ? el : el.querySelector('table');
  if (table) {
    const caption = table.querySelector('caption')?.textContent?.trim();
    const header = table.querySelector('th')?.textContent?.trim();
    return `Scrollable table${caption ? `: ${caption}` : header ? ` (first column: ${header})` : ''}`;
  }
  const tex = el.querySelector('annotation')?.textContent?.trim();
  if (tex) return `Scrollable equation: ${tex.length > 80 ? `${tex.slice(0, 79)}…` : tex}`;
  return 'Scrollable box';
}

/** Whether a box's content is wider than the box (a pixel of rounding is not overflow). */
export function overflows(el: Element): boolean {
  return el.scrollWidth > el.clientWidth + 1;
}

/**
 * Marks or unmarks every scroller under `root`. Returns how many are focusable because of us.
 * A box nested in one that is already marked is skipped (one Tab stop per scroll, not two).
 */
export function markScrollers(root: ParentNode = document): number {
  let marked = 0;
  for (const el of root.querySelectorAll<HTMLElement>(SCROLLERS)) if (markScroller(el)) marked++;
  return marked;
}

/** Marks or unmarks one scroller; true when it is a Tab stop because of us. */
function markScroller(el: HTMLElement): boolean {
  const ours = el.dataset[MARK] === '1';
  if (!ours && el.hasAttribute('tabindex')) return false;
  // Inside a box that is already a Tab stop and scrolls (ours, or a widget's named region), the outer box scrolls.
  const outer = el.parentElement?.closest<HTMLElement>(`[data-sw-scroller], [role="region"][tabindex]`);
  // The outer box first: reading a width lays out what changed since the last frame (the equation
  // panel's kept equations, inserted in idle time, were laid out here, ~70 ms of a 24-step walk at 4x).
  const wide = !outer && overflows(el);
  if (wide) {
    if (!ours) {
      el.dataset[MARK] = '1';
      el.tabIndex = 0;
      if (!el.matches('table')) el.setAttribute('role', 'region');
      if (!el.hasAttribute('aria-label')) {
        el.setAttribute('aria-label', scrollerName(el));
        el.dataset.swScrollerLabel = '1';
      }
    }
    return true;
  }
  if (ours) {
    delete el.dataset[MARK];
    el.removeAttribute('tabindex');
    if (!el.matches('table')) el.removeAttribute('role');
    if (el.dataset.swScrollerLabel === '1') {
      el.removeAttribute('aria-label');
      delete el.dataset.swScrollerLabel;
    }
  }
  return false;
}

/**
 * Marks or unmarks the scrollers a change at `changed` can have made wider or narrower: those
 * around it and those inside it (a step redraws a few widgets; the page has dozens of scrollers).
 */
export function markScrollersAround(changed: Iterable<Node>): void {
  // A step changes hundreds of nodes, most of them inside a few drawings: each drawing is looked
  // at once, as its outermost <svg> (no scroller is inside one), and each element once.
  const elements = new Set<Element>();
  for (const node of changed) {
    let el = node instanceof Element ? node : node.parentElement;
    while (el instanceof SVGElement && el.ownerSVGElement) el = el.ownerSVGElement;
    if (el) elements.add(el);
  }
  const boxes = new Set<HTMLElement>();
  for (const el of elements) {
    if (!el.isConnected) continue;
    for (let box = el.closest<HTMLElement>(SCROLLERS); box; box = box.parentElement?.closest<HTMLElement>(SCROLLERS) ?? null) boxes.add(box);
    for (const box of el.querySelectorAll<HTMLElement>(SCROLLERS)) boxes.add(box);
  }
  for (const box of boxes) markScroller(box);
}

/**
 * Keeps the marks true as the page changes: after load, after a resize, and after widgets redraw
 * (batched into idle time, so a step of the step-through never waits for it).
 */
export function watchScrollers(root: HTMLElement = document.body): () => void {
  // Cancels the marking waiting for idle time (null when none waits).
  let pending: (() => void) | null = null;
  // What changed since the last marking: everything (load, resize) or the nodes mutated.
  let everything = true;
  const changed = new Set<Node>();
  // Idle time after a step's last frame (reading widths between its frames would lay out half of it).
  const idle = typeof window.requestIdleCallback === 'function'
    ? (cb: () => void) => whenIdle(cb)
    : (cb: () => void) => { const timer = window.setTimeout(cb, 50); return () => window.clearTimeout(timer); };
  const run = () => {
    pending = null;
    // The whole page's scrollers, each asked for its widths, took a fifth of a walk's JavaScript
    // (idle time, but a key pressed meanwhile waited): after a redraw only the boxes around it.
    if (everything) markScrollers(root);
    else markScrollersAround(changed);
    everything = false;
    changed.clear();
  };
  const schedule = () => {
    pending ??= idle(run);
  };
  const scheduleAll = () => {
    everything = true;
    schedule();
  };
  scheduleAll();
  window.addEventListener('resize', scheduleAll);
  const observer = new MutationObserver((records) => {
    if (!everything) for (const record of records) changed.add(record.target);
    schedule();
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    window.removeEventListener('resize', scheduleAll);
    pending?.();
  };
}
