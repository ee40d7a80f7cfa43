/**
 * Writes that skip what is already there. d3's `attr` and `text` write on every call, and every
 * write of an attribute invalidates the element's style (a text write replaces its text node and
 * relayouts its line), even when the value is the same. A step of the step-through redraws a few
 * hundred marks of which most keep their values, so the widgets write through these.
 */
import type { BaseType, Selection } from 'd3';

type Value<D> = string | number | boolean | null | ((d: D, i: number) => string | number | boolean | null);

/** Sets an element's text only if it differs. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets an element's attribute only if it differs (null removes it). */
export function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Sets attribute `name` on each element of `selection` only where its value changes (null removes it). */
export function attrIfChanged<E extends Element, D, P extends BaseType, PD>(selection: Selection<E, D, P, PD>, name: string, value: Value<D>): Selection<E, D, P, PD> {
  return selection.each(function (d, i) {
    const v = typeof value === 'function' ? value(d, i) : value;
    setAttr(this, name, v === null ? null : String(v));
  });
}

/** Sets the text of each element of `selection` only where it changes. */
export function textIfChanged<E extends Element, D, P extends BaseType, PD>(selection: Selection<E, D, P, PD>, value: string | ((d: D, i: number) => string)): Selection<E, D, P, PD> {
  return selection.each(function (d, i) {
    setText(this, typeof value === 'function' ? value(d, i) : value);
  });
}
