/**
 * The digit picker: the 100 sample test digits as thumbnails (buttons), a random pick, the seed
 * of the initial weights and the learning rate of the update. Invalid typed values are marked
 * and explained; the session keeps its last valid value.
 */
import { select } from 'd3';
import { drawInk } from '../lib/legend.ts';
import { currentScheme } from '../lib/theme.ts';

/**
 * The note under a typed seed or learning rate the session cannot use: what was typed, what the
 * field takes (the range a link is held to), and that the last valid value stays in use:
 * '“-3” is not valid: the seed must be a whole number from 0 to 4294967295. Still using 1.'
 */
export function refusedValueNote(typed: string, param: { label: string; valid: string }, inUse: number): string {
  return `“${typed}” is not valid: ${param.label} must be ${param.valid}. Still using ${inUse}.`;
}

export interface PickerView {
  digits: { index: number; label: number; pixels: Uint8Array }[];
  /** The sample digit the session runs; null when its digit came from elsewhere (a drawing, a test digit of a link). */
  selected: number | null;
  /** The one thumbnail in the tab order (roving tabindex: the arrow keys move between them). */
  tabStop: number;
  /** Where the session's digit came from when it is not one of these (e.g. "test digit #5600"). */
  inputSource: string | null;
  seed: number;
  learningRate: number;
  /** Per field, the message for an invalid value the learner typed. */
  errors: { seed?: string; lr?: string };
}

export function renderPicker(root: HTMLElement, view: PickerView): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-picker').data([null]).join('div').attr('class', 'sw-picker');
  const settings = box.selectAll<HTMLDivElement, null>('div.sw-picker-settings').data([null]).join('div').attr('class', 'sw-picker-settings');
  const fields = [
    { key: 'seed', label: 'Seed of the initial weights', value: String(view.seed), error: view.errors.seed, attrs: { inputmode: 'numeric' } },
    { key: 'lr', label: 'Learning rate η', value: String(view.learningRate), error: view.errors.lr, attrs: { inputmode: 'decimal' } },
  ];
  const field = settings.selectAll<HTMLDivElement, (typeof fields)[number]>('div.sw-field').data(fields, (d) => d.key).join('div').attr('class', 'sw-field');
  field.selectAll<HTMLLabelElement, (typeof fields)[number]>('label').data((d) => [d]).join('label').attr('for', (d) => `${root.id}-${d.key}`).text((d) => d.label);
  field.selectAll<HTMLInputElement, (typeof fields)[number]>('input').data((d) => [d]).join('input')
    .attr('id', (d) => `${root.id}-${d.key}`).attr('name', (d) => d.key).attr('type', 'text').attr('inputmode', (d) => d.attrs.inputmode)
    .attr('aria-invalid', (d) => String(!!d.error)).attr('aria-describedby', (d) => `${root.id}-${d.key}-error`)
    .each(function (d) {
      // Don't overwrite what the learner is typing, or an invalid value they should see and fix.
      if (document.activeElement !== this && !d.error) this.value = d.value;
    });
  field.selectAll<HTMLSpanElement, (typeof fields)[number]>('span.sw-field-error').data((d) => [d]).join('span').attr('class', 'sw-field-error')
    .attr('id', (d) => `${root.id}-${d.key}-error`).attr('role', 'alert').text((d) => d.error ?? '');
  settings.selectAll<HTMLButtonElement, null>('button.sw-random').data([null]).join('button').attr('class', 'sw-random').attr('type', 'button')
    .attr('data-action', 'random').text('Random digit');

  // The digit shown comes from elsewhere: say so, and outline none of these.
  box.selectAll('p.sw-picker-source').data(view.selected === null && view.inputSource ? [view.inputSource] : []).join((enter) => enter.insert('p', 'div.sw-thumbs'))
    .attr('class', 'sw-picker-source sw-caption').text((d) => `Showing ${d}, opened from a link. Pick one of these digits to walk it instead.`);
  const grid = box.selectAll<HTMLDivElement, null>('div.sw-thumbs').data([null]).join('div').attr('class', 'sw-thumbs')
    .attr('role', 'group').attr('aria-label', `Choose one of the ${view.digits.length} test digits (arrow keys move, Enter picks)`);
  const buttons = grid.selectAll<HTMLButtonElement, PickerView['digits'][number]>('button').data(view.digits, (d) => String(d.index)).join('button')
    .attr('type', 'button').attr('data-digit', (d) => d.index)
    .attr('aria-label', (d) => `Test digit #${d.index}, labelled ${d.label}`)
    .attr('aria-pressed', (d) => String(d.index === view.selected))
    // One tab stop for the 100 thumbnails (they were 100 stops between the controls and the rest of the page).
    .attr('tabindex', (d) => (d.index === view.tabStop ? 0 : -1));
  // Images, not canvases: Chromium gives every 2D canvas a compositing layer of its own, and 100
  // of them made each frame of the page (a step of the step-through, far above) assemble and commit
  // 100 more layers. One scratch canvas draws each digit once; its PNG becomes the image.
  let scratch: HTMLCanvasElement | null = null;
  // Drawn again in another colour scheme (paper and ink are the page's colours).
  const scheme = currentScheme();
  buttons.selectAll<HTMLImageElement, PickerView['digits'][number]>('img').data((d) => [d]).join('img')
    .attr('alt', '').attr('width', 28).attr('height', 28)
    .each(function (d) {
      if (this.dataset.drawn === `${d.index}|${scheme}`) return;
      if (!scratch) {
        scratch = document.createElement('canvas');
        scratch.width = 28;
        scratch.height = 28;
      }
      if (!scratch.getContext?.('2d')) return;
      drawInk(scratch, d.pixels, 28, 28, 1 / 255);
      this.src = scratch.toDataURL();
      this.dataset.drawn = `${d.index}|${scheme}`;
    });
}
