/**
 * Stepper controls: previous / next / play-pause / reset, a scrubber over the steps of the
 * range, the counter "Step 7 of 13 — backward: ∂L/∂W⁽²⁾ = ∂L/∂z⁽²⁾ · a⁽¹⁾ᵀ", and beside them the
 * narration: why this step computes what it does, with the numbers. On a phone the bar is compact
 * and the narration opens with "Why?". Pure: the element wires the events.
 */
import { select } from 'd3';
import type { StepperView } from '../../state/views.ts';
import { attrIfChanged, textIfChanged } from '../lib/dom.ts';

export interface StepperPanelView extends StepperView {
  /** What the step computes, in words. */
  summary: string;
  /** Two or three sentences of why, with the numbers of the entry being explained. */
  narration: string;
  /** Whether the narration is open on a small screen. */
  whyOpen: boolean;
}

export function stepperLabel(view: StepperView): string {
  return `Step ${view.position} of ${view.total} — ${view.title}`;
}

export function renderStepper(root: HTMLElement, view: StepperPanelView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-stepper').data([null]).join('div').attr('class', 'sw-stepper')
    .attr('role', 'group').attr('aria-label', 'Step through the pass').attr('data-phase', view.phase)
    .attr('data-why', view.whyOpen ? 'open' : 'closed');
  const controls = box.selectAll<HTMLDivElement, null>('div.sw-stepper-controls').data([null]).join('div').attr('class', 'sw-stepper-controls');
  const buttons = controls.selectAll<HTMLDivElement, null>('div.sw-stepper-buttons').data([null]).join('div').attr('class', 'sw-stepper-buttons');
  const specs = [
    { action: 'reset', label: 'Reset', text: '|◀', disabled: !view.ready },
    { action: 'previous', label: 'Previous step', text: '◀◀', disabled: !view.ready || view.atStart },
    { action: 'play', label: view.playing ? 'Pause' : 'Play', text: view.playing ? '❚❚' : '▶', disabled: !view.ready },
    { action: 'next', label: 'Next step', text: '▶▶', disabled: !view.ready || view.atEnd },
  ];
  // Only the play button's label and the disabled states change from step to step.
  const buttonNodes = buttons.selectAll<HTMLButtonElement, (typeof specs)[number]>('button').data(specs, (d) => d.action)
    .join((enter) => enter.append('button').attr('type', 'button').attr('data-action', (d) => d.action))
    .property('disabled', (d) => d.disabled);
  attrIfChanged(buttonNodes, 'aria-label', (d) => d.label);
  attrIfChanged(buttonNodes, 'title', (d) => d.label);
  textIfChanged(buttonNodes, (d) => d.text);
  controls.selectAll<HTMLInputElement, null>('input.sw-scrubber').data([null]).join('input').attr('class', 'sw-scrubber')
    .attr('type', 'range').attr('min', 1).attr('max', view.total).attr('step', 1)
    .attr('aria-label', 'Step').attr('aria-valuetext', stepperLabel(view))
    .property('value', String(view.position)).property('disabled', !view.ready);
  controls.selectAll<HTMLButtonElement, null>('button.sw-why').data([null]).join('button').attr('class', 'sw-why').attr('type', 'button')
    .attr('data-action', 'why').attr('aria-expanded', String(view.whyOpen)).attr('aria-controls', `${root.id || 'sw-stepper'}-narration`)
    .text(view.whyOpen ? 'Hide' : 'Why?');
  // Word by word, each word unbreakable: a phone wraps the label between words, never inside a
  // symbol (the browser would otherwise break "a⁽¹⁾ᵀ" after its bracket).
  // The spaces stay outside the spans, so that none hangs past the end of a line.
  const text = view.ready ? stepperLabel(view) : 'Loading the digit…';
  const label = controls.selectAll<HTMLParagraphElement, null>('p.sw-step-label').data([null]).join('p').attr('class', 'sw-step-label')
    .attr('aria-live', 'polite').node()!;
  if (label.textContent !== text) {
    label.replaceChildren(...text.split(' ').flatMap((word, k) => {
      const span = label.ownerDocument.createElement('span');
      span.textContent = word;
      return k ? [' ', span] : [span];
    }));
  }
  const narration = box.selectAll<HTMLDivElement, null>('div.sw-narration').data([null]).join('div').attr('class', 'sw-narration')
    .attr('id', `${root.id || 'sw-stepper'}-narration`);
  narration.selectAll('p.sw-step-summary').data([null]).join('p').attr('class', 'sw-step-summary')
    .text(view.ready ? `${view.summary[0].toUpperCase()}${view.summary.slice(1)}.` : '');
  narration.selectAll('p.sw-narration-text').data([null]).join('p').attr('class', 'sw-narration-text').text(view.narration);
  box.selectAll<HTMLParagraphElement, null>('p.sw-keys').data([null]).join('p').attr('class', 'sw-keys')
    .text('Keys: ← → step, Space play/pause, Home/End first/last.');
}

/**
 * The room (px) kept clear under the sticky bar of `height` px: the bar's height rounded up to
 * 16 px, never less than what was kept before at the same window width (`sameWidth`), so the
 * page-wide custom property changes only a few times in a walk, not at every step.
 */
export function stickyMargin(height: number, previous: number, sameWidth: boolean): number {
  const margin = Math.ceil(height / 16) * 16;
  return sameWidth ? Math.max(margin, previous) : margin;
}
