/**
 * Stepper controls: previous / next / play-pause / reset, a scrubber over all steps, and the
 * counter "Step 7 of 14 — backward: dL/dW for layer 2". Pure: the element wires the events.
 */
import { select } from 'd3';
import type { StepperView } from '../../state/views.ts';

export function stepperLabel(view: StepperView): string {
  return `Step ${view.position} of ${view.total} — ${view.title}`;
}

export function renderStepper(root: HTMLElement, view: StepperView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-stepper').data([null]).join('div').attr('class', 'sw-stepper')
    .attr('role', 'group').attr('aria-label', 'Step through the pass').attr('data-phase', view.phase);
  const buttons = box.selectAll<HTMLDivElement, null>('div.sw-stepper-buttons').data([null]).join('div').attr('class', 'sw-stepper-buttons');
  const specs = [
    { action: 'reset', label: 'Reset', text: '|◀', disabled: !view.ready },
    { action: 'previous', label: 'Previous step', text: '◀◀', disabled: !view.ready || view.atStart },
    { action: 'play', label: view.playing ? 'Pause' : 'Play', text: view.playing ? '❚❚' : '▶', disabled: !view.ready },
    { action: 'next', label: 'Next step', text: '▶▶', disabled: !view.ready || view.atEnd },
  ];
  buttons.selectAll<HTMLButtonElement, (typeof specs)[number]>('button').data(specs, (d) => d.action).join('button')
    .attr('type', 'button')
    .attr('data-action', (d) => d.action)
    .attr('aria-label', (d) => d.label)
    .attr('title', (d) => d.label)
    .property('disabled', (d) => d.disabled)
    .text((d) => d.text);
  box.selectAll<HTMLInputElement, null>('input.sw-scrubber').data([null]).join('input').attr('class', 'sw-scrubber')
    .attr('type', 'range').attr('min', 1).attr('max', view.total).attr('step', 1)
    .attr('aria-label', 'Step').attr('aria-valuetext', stepperLabel(view))
    .property('value', String(view.position)).property('disabled', !view.ready);
  box.selectAll<HTMLParagraphElement, null>('p.sw-step-label').data([null]).join('p').attr('class', 'sw-step-label')
    .attr('aria-live', 'polite').text(view.ready ? stepperLabel(view) : 'Loading the digit…');
  box.selectAll<HTMLParagraphElement, null>('p.sw-keys').data([null]).join('p').attr('class', 'sw-keys')
    .text('Keys: ← → step, Space play/pause, Home/End first/last.');
}
