/**
 * KaTeX for widgets that retypeset on every step. Typesetting and then parsing its HTML are the
 * costliest JavaScript of a step (a few hundred nodes per equation). Each TeX string's nodes are
 * kept once built, so revisiting a step or an entry puts the same nodes back; `prepareTex` builds
 * them ahead of time (the equation panel prepares the neighbouring steps while the page is idle);
 * an element whose TeX is unchanged is left alone (no DOM churn, no relayout).
 */
import katex from 'katex';

/** How many typeset equations to keep (each a few hundred nodes): a 13-step walk, both equations of every step and a few entries. */
const CAPACITY = 64;
const nodes = new Map<string, Element>();

/** The HTML KaTeX makes of `tex` in display mode (MathML for screen readers included). */
export function texHtml(tex: string): string {
  return katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
}

/** The typeset nodes of `tex` (one root element), built once and kept, most recently used last. */
function texNode(tex: string): Element {
  let node = nodes.get(tex);
  if (node === undefined) {
    const holder = document.createElement('div');
    holder.innerHTML = texHtml(tex);
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

/** Typesets `tex` ahead of time, so that showing it later only inserts nodes. */
export function prepareTex(tex: string): void {
  texNode(tex);
}

/** Typesets `tex` into `element` unless it already shows exactly that (recorded in `data-tex`). */
export function setTex(element: HTMLElement, tex: string): void {
  if (element.getAttribute('data-tex') === tex) return;
  let node = texNode(tex);
  // The same equation shown by another panel of the page: that one keeps its nodes, this one gets a copy.
  if (node.parentNode && node.parentNode !== element) node = node.cloneNode(true) as Element;
  element.replaceChildren(node);
  element.setAttribute('data-tex', tex);
}

/** Inline TeX (in a sentence), not cached: prose changes only when the pass does. */
export function texInlineHtml(tex: string): string {
  return katex.renderToString(tex, { displayMode: false, throwOnError: false, output: 'htmlAndMathml' });
}
