/**
 * KaTeX for widgets that retypeset on every step. Typesetting and then parsing its HTML are the
 * costliest JavaScript of a step (a few hundred nodes per equation). Each TeX string's nodes are
 * kept once built, so revisiting a step or an entry puts the same nodes back; `typesetAhead`
 * typesets in a Web Worker and `keepTex` lays the result out hidden, both ahead of time (the
 * equation panel does so for the neighbouring steps while the page is idle); an element whose TeX
 * is unchanged is left alone (no DOM churn, no relayout).
 */
import katex from 'katex';
import { recordMeasure } from './measure.ts';
import { texHtml } from './tex-html.ts';
import type { TexReply } from './tex-worker.ts';

/** How many typeset equations to keep (each a few hundred nodes): a 13-step walk, both equations of every step and a few entries. */
const CAPACITY = 64;
const nodes = new Map<string, Element>();
/** HTML the worker typeset, not yet parsed into nodes (most recent last). */
const typeset = new Map<string, string>();

let worker: Worker | null | undefined;
let nextId = 0;
const waiting = new Map<number, { tex: string; started: number; done: (ok: boolean) => void }>();

/** The page's typesetting worker, started on first use; null where there is none (tests, or it failed to start or load). */
function texWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker !== 'function') return null;
  try {
    const started = new Worker(new URL('./tex-worker.ts', import.meta.url), { type: 'module', name: 'stepwise-tex' });
    started.onmessage = (event: MessageEvent<TexReply>) => {
      const job = waiting.get(event.data.id);
      if (!job) return;
      waiting.delete(event.data.id);
      if (typeset.size >= CAPACITY) typeset.delete(typeset.keys().next().value!);
      typeset.set(job.tex, event.data.html);
      // From the request to the reply (the worker's queue and its typesetting), for the browser tests.
      recordMeasure('sw-tex-worker', job.started);
      job.done(true);
    };
    // A worker that cannot load or breaks: every waiting equation (and every later one) is typeset on the page.
    started.onerror = () => {
      started.terminate();
      worker = null;
      for (const job of waiting.values()) job.done(false);
      waiting.clear();
    };
    worker = started;
  } catch {
    worker = null;
  }
  return worker;
}

/**
 * Typesets `tex` in the typesetting worker, so that building its nodes later only parses HTML.
 * Resolves true once its HTML is ready; false at once when there is no worker (or it fails), in
 * which case `texNode` typesets on the page as before.
 */
export function typesetAhead(tex: string): Promise<boolean> {
  if (nodes.has(tex) || typeset.has(tex)) return Promise.resolve(true);
  const typesetter = texWorker();
  if (!typesetter) return Promise.resolve(false);
  return new Promise((done) => {
    const id = ++nextId;
    waiting.set(id, { tex, started: performance.now(), done });
    typesetter.postMessage({ id, tex });
  });
}

/** The typeset nodes of `tex` (one root element), built once and kept, most recently used last. */
function texNode(tex: string): Element {
  let node = nodes.get(tex);
  if (node === undefined) {
    const holder = document.createElement('div');
    holder.innerHTML = typeset.get(tex) ?? texHtml(tex);
    typeset.delete(tex);
    node = holder.childElementCount === 1 ? holder.firstElementChild! : holder;
    // Out of its holder: a node still in one looked as if another panel showed it, and every
    // prepared equation was cloned (a few hundred nodes) the first time it was shown.
    if (node !== holder) node.remove();
    if (nodes.size >= CAPACITY) nodes.delete(nodes.keys().next().value!);
  } else {
    nodes.delete(tex);
  }
  nodes.set(tex, node);
  return node;
}

/**
 * How many equations an element keeps laid out but hidden besides the one it shows (the steps
 * before and after, and the last ones left). Showing a kept one is a class change: the browser
 * has laid out its few hundred nodes already (at 4x CPU throttling that layout and its style were
 * about half of the equation panel's frame).
 */
export const KEPT = 4;
const SLOT = 'sw-tex-slot';
/** The class of a slot kept hidden (widgets.css: no height). */
const HIDDEN = 'sw-tex-kept';
/**
 * The class that locks a kept slot (widgets.css: `content-visibility: hidden`): not drawn, not read
 * by screen readers, not found by find-in-page, its layout skipped but kept from when it was last
 * laid out. Showing it is one class change at its root. (`visibility: hidden` did the same but
 * changed the style and the paint of each of its few hundred nodes: a paired 3.4 ms more on a
 * step's longest task at 4x CPU throttling, 7.1 ms more in all, measured with test/e2e/ab-step.ts.)
 */
const LOCKED = 'sw-tex-locked';
/** When each slot was last shown or kept (the least recent goes first when an element keeps too many). */
const used = new WeakMap<Element, number>();
let clock = 0;

/** Hides a slot (kept for later) or shows it, to the eye and to screen readers alike. */
function conceal(slot: Element, hidden: boolean, locked = hidden): void {
  slot.classList.toggle(HIDDEN, hidden);
  slot.classList.toggle(LOCKED, locked);
  if (hidden) slot.setAttribute('aria-hidden', 'true');
  else slot.removeAttribute('aria-hidden');
}

function slotOf(element: HTMLElement, tex: string): HTMLElement | null {
  for (const child of element.children) if (child.classList.contains(SLOT) && child.getAttribute('data-slot-tex') === tex) return child as HTMLElement;
  return null;
}

/**
 * A hidden slot holding `tex`'s nodes, appended to `element` (the nodes copied if another element
 * holds them). `layOut`: laid out now, then locked (a locked slot keeps the layout it had), for a
 * slot kept ahead in idle time; without it the slot is locked unlaid (it is about to be shown).
 */
function newSlot(element: HTMLElement, tex: string, layOut = false): HTMLElement {
  let node = texNode(tex);
  if (node.parentNode) node = node.cloneNode(true) as Element;
  const slot = document.createElement('div');
  slot.className = SLOT;
  conceal(slot, true, !layOut);
  slot.setAttribute('data-slot-tex', tex);
  slot.append(node);
  element.append(slot);
  if (layOut) {
    void slot.offsetHeight;
    slot.classList.add(LOCKED);
  }
  return slot;
}

/** Hides all but the most recently used `KEPT` hidden slots' worth (the shown one stays). */
function trim(element: HTMLElement): void {
  const kept = [...element.children].filter((child) => child.classList.contains(HIDDEN));
  kept.sort((a, b) => (used.get(b) ?? 0) - (used.get(a) ?? 0));
  for (const slot of kept.slice(KEPT)) {
    // Its nodes go back to the cache free (a later setTex takes them without a copy).
    slot.firstElementChild?.remove();
    slot.remove();
  }
}

/**
 * Typesets `tex` into `element` unless it already shows exactly that (recorded in `data-tex`).
 * The equation shown before stays in the element, hidden and laid out, so that going back shows
 * it without laying it out again.
 */
export function setTex(element: HTMLElement, tex: string): void {
  if (element.getAttribute('data-tex') === tex) return;
  // Anything not in a slot (an element's first equation before slots existed, or text) goes.
  for (const child of [...element.childNodes]) if (!(child instanceof Element && child.classList.contains(SLOT))) child.remove();
  const slot = slotOf(element, tex) ?? newSlot(element, tex);
  for (const child of element.children) if (child !== slot && !child.classList.contains(HIDDEN)) conceal(child, true);
  conceal(slot, false);
  used.set(slot, ++clock);
  element.setAttribute('data-tex', tex);
  trim(element);
}

/**
 * Puts `tex` into `element` hidden, laid out while the page is idle, so that a later `setTex` of
 * it only changes a class (the equation panel keeps the steps before and after this way).
 */
export function keepTex(element: HTMLElement, tex: string): void {
  const slot = slotOf(element, tex) ?? newSlot(element, tex, true);
  if (slot.classList.contains(HIDDEN)) used.set(slot, ++clock);
  trim(element);
}

/** Inline TeX (in a sentence), not cached: prose changes only when the pass does. */
export function texInlineHtml(tex: string): string {
  return katex.renderToString(tex, { displayMode: false, throwOnError: false, output: 'htmlAndMathml' });
}
