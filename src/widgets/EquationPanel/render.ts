/**
 * The current step's equation, typeset by KaTeX, then the same equation for one element with the
 * pass's numbers substituted. The learner picks the element by number (or by clicking an entry
 * in a quantity view).
 */
import katex from 'katex';
import { select } from 'd3';
import type { EquationView } from '../../state/views.ts';

export function renderEquation(root: HTMLElement, view: EquationView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-equation').data([null]).join('div').attr('class', 'sw-equation');
  box.selectAll('p.sw-equation-title').data([null]).join('p').attr('class', 'sw-equation-title').text(view.title);
  const general = box.selectAll<HTMLDivElement, null>('div.sw-eq-general').data([null]).join('div').attr('class', 'sw-eq-general');
  if (general.attr('data-tex') !== view.equation) {
    katex.render(view.equation, general.node()!, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
    general.attr('data-tex', view.equation);
  }
  // A wrapper that always exists keeps the picker between the two equations in document order.
  const pickerSlot = box.selectAll<HTMLDivElement, null>('div.sw-picker-slot').data([null]).join('div').attr('class', 'sw-picker-slot');
  // The entry picker comes and goes (the loss has one entry); it always goes back first in the slot.
  const picker = pickerSlot.selectAll<HTMLLabelElement, null>('label.sw-element-picker').data(view.elementCount > 1 ? [null] : [])
    .join((enter) => enter.insert('label', ':first-child'))
    .attr('class', 'sw-element-picker');
  picker.selectAll('span').data([null]).join('span').text('Explain entry ');
  picker.selectAll<HTMLInputElement, null>('input').data([null]).join('input').attr('type', 'number').attr('min', 0)
    .attr('max', view.elementCount - 1).attr('step', 1).attr('aria-label', `Entry to explain, 0 to ${view.elementCount - 1}`)
    .property('value', String(view.element));
  picker.selectAll('em').data([null]).join('em').text(` of 0–${view.elementCount - 1}`);
  pickerSlot.selectAll('p.sw-eq-for').data([null]).join('p').attr('class', 'sw-eq-for').text(`With the numbers, for ${view.elementLabel}:`);
  const numbers = box.selectAll<HTMLDivElement, null>('div.sw-eq-numbers').data([null]).join('div').attr('class', 'sw-eq-numbers');
  if (numbers.attr('data-tex') !== view.substituted) {
    katex.render(view.substituted, numbers.node()!, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
    numbers.attr('data-tex', view.substituted);
  }
}
