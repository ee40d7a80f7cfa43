// @vitest-environment jsdom
/**
 * The confusion matrix's cells: a count of four digits or more is marked (a phone draws it
 * smaller, so that it keeps a margin inside its narrow cell); the diagonal and empty cells keep
 * their own classes.
 */
import { describe, expect, it } from 'vitest';
import { renderConfusion, type ConfusionView } from '../../src/widgets/ConfusionMatrix/render.ts';

function view(counts: (truth: number, predicted: number) => number): ConfusionView {
  const cells = [];
  for (let truth = 0; truth < 10; truth++) {
    for (let predicted = 0; predicted < 10; predicted++) {
      const count = counts(truth, predicted);
      cells.push({ truth, predicted, count, share: count / 1200 });
    }
  }
  return { cells, maxShare: 0.9, selected: null, focus: { truth: 0, predicted: 0 }, accuracy: 0.9, total: 12000, source: 'a test network', builtIn: false, labHref: '/lab/', fileError: null, choices: [], chosen: 'file', offerFile: false } as ConfusionView;
}

describe('renderConfusion', () => {
  it('marks counts of four digits or more, on the diagonal and off it, and leaves the others as they were', () => {
    const root = document.createElement('div');
    // 1,135 ones read correctly, 1,000 twos read as 3s, 999 read correctly, none elsewhere but a 5.
    renderConfusion(root, view((t, p) => (t === 1 && p === 1 ? 1135 : t === 2 && p === 3 ? 1000 : t === p ? 999 : t === 4 && p === 0 ? 5 : 0)));
    const cls = (t: number, p: number) => root.querySelector(`button[data-truth="${t}"][data-predicted="${p}"]`)!.getAttribute('class');
    expect(cls(1, 1)).toBe('sw-cm-diag sw-cm-long');
    expect(cls(2, 3)).toBe('sw-cm-long');
    expect(cls(0, 0)).toBe('sw-cm-diag');
    expect(cls(4, 0)).toBeNull();
    expect(cls(5, 6)).toBe('sw-cm-zero');
    expect(root.querySelector('button[data-truth="1"][data-predicted="1"]')!.textContent).toBe('1135');
  });
});
