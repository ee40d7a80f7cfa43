/**
 * Writes that skip what is already there. d3's `attr` and `text` write on every call, and every
 * write of an attribute invalidates the element's style (a text write replaces its text node and
 * relayouts its line), even when the value is the same. A step of the step-through redraws a few
 * hundred marks of which most keep their values, so the widgets write through these.
 */
import type { BaseType, Selection } from 'd3';

type Value<D> = string | number | boolean | null | ((d: D, i: number) => string | number | boolean | null);

/** Sets attribute `name` on each element of `selection` only where its value changes (null removes it). */
export function attrIfChanged<E extends Element, D, P extends BaseType, PD>(selection: Selection<E, D, P, PD>, name: string, value: Value<D>): Selection<E, D, P, PD> {
  return selection.each(function (d, i) {
    const v = typeof value === 'function' ? value(d, i) : value;
    if (v === null) {
      if (this.hasAttribute(name)) this.removeAttribute(name);
      return;
    }
    const text = String(v);
    if (this.getAttribute(name) !== text) this.setAttribute(name, text);
  });
}

/** Sets the text of each element of `selection` only where it changes. */
export function textIfChanged<E extends Element, D, P extends BaseType, PD>(selection: Selection<E, D, P, PD>, value: string | ((d: D, i: number) => string)): Selection<E, D, P, PD> {
  return selection.each(function (d, i) {
    const text = typeof value === 'function' ? value(d, i) : value;
    if (this.textContent !== text) this.textContent = text;
  });
}
