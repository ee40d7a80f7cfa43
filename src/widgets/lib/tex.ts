/**
 * KaTeX for widgets that retypeset on every step. Typesetting is the costliest part of a step
 * (parsing and building a few hundred nodes per equation); the HTML of each TeX string is kept,
 * so revisiting a step or an entry only sets it again, and an element whose TeX is unchanged is
 * left alone (no DOM churn, no relayout).
 */
import katex from 'katex';

/** How many typeset equations to keep: a 13-step walk with a few entries each fits many times. */
const CAPACITY = 256;
const cache = new Map<string, string>();

/** The HTML KaTeX makes of `tex` in display mode (MathML for screen readers included), cached. */
export function texHtml(tex: string): string {
  let html = cache.get(tex);
  if (html === undefined) {
    html = katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
    if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value!);
  } else {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(tex);
  }
  cache.set(tex, html);
  return html;
}

/** Typesets `tex` into `element` unless it already shows exactly that (recorded in `data-tex`). */
export function setTex(element: HTMLElement, tex: string): void {
  if (element.getAttribute('data-tex') === tex) return;
  element.innerHTML = texHtml(tex);
  element.setAttribute('data-tex', tex);
}

/** Inline TeX (in a sentence), not cached: prose changes only when the pass does. */
export function texInlineHtml(tex: string): string {
  return katex.renderToString(tex, { displayMode: false, throwOnError: false, output: 'htmlAndMathml' });
}
