/**
 * The current step's equation, typeset by KaTeX, then the same equation for one entry with the
 * pass's numbers substituted. The learner picks the entry with a row and a column (or a unit),
 * or by selecting it in any other widget of the session.
 */
import { select } from 'd3';
import type { EntryControl, EquationView } from '../../state/views.ts';
import { setTex } from '../lib/tex.ts';

export function renderEquation(root: HTMLElement, view: EquationView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-equation').data([null]).join('div').attr('class', 'sw-equation');
  box.selectAll('p.sw-equation-title').data([null]).join('p').attr('class', 'sw-equation-title').text(view.title);
  // Each equation is a region of its own that scrolls sideways if it is ever wider than the box:
  // reachable by Tab, so a keyboard can scroll it too.
  const general = box.selectAll<HTMLDivElement, null>('div.sw-eq-general').data([null]).join('div').attr('class', 'sw-eq-general')
    .attr('tabindex', 0).attr('role', 'region').attr('aria-label', 'The equation of this step');
  setTex(general.node()!, view.equation);
  // A wrapper that always exists keeps the pickers between the two equations in document order.
  const pickerSlot = box.selectAll<HTMLDivElement, null>('div.sw-picker-slot').data([null]).join('div').attr('class', 'sw-picker-slot');
  const pickers = pickerSlot.selectAll<HTMLDivElement, null>('div.sw-entry-pickers').data(view.controls.length ? [null] : [])
    .join((enter) => enter.insert('div', ':first-child')).attr('class', 'sw-entry-pickers').attr('role', 'group')
    .attr('aria-label', 'Entry the equation explains').attr('data-layer', view.layer ?? '');
  const fields = pickers.selectAll<HTMLLabelElement, EntryControl>('label.sw-entry-picker').data(view.controls, (d) => d.axis)
    .join('label').attr('class', 'sw-entry-picker');
  fields.selectAll('span').data((d) => [d]).join('span').text((d) => d.label);
  fields.selectAll<HTMLInputElement, EntryControl>('input').data((d) => [d]).join('input')
    .attr('type', 'number').attr('min', 0).attr('step', 1).attr('inputmode', 'numeric')
    .attr('name', (d) => d.axis).attr('max', (d) => d.max)
    .attr('aria-label', (d) => `${d.label}, 0 to ${d.max}`)
    .property('value', (d) => String(d.value));
  fields.selectAll('em').data((d) => [d]).join('em').text((d) => `0–${d.max}`);
  pickerSlot.selectAll('p.sw-eq-for').data([null]).join('p').attr('class', 'sw-eq-for')
    .text(`With the numbers, for ${view.elementLabel}${view.aside ? ` (${view.aside})` : ''}:`);
  const numbers = box.selectAll<HTMLDivElement, null>('div.sw-eq-numbers').data([null]).join('div').attr('class', 'sw-eq-numbers')
    .attr('tabindex', 0).attr('role', 'region').attr('aria-label', `The equation with the numbers, for ${view.elementLabel}`);
  setTex(numbers.node()!, view.substituted);
}
