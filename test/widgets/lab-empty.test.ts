// @vitest-environment jsdom
/**
 * Before the first run every panel of the lab says what will appear there and which control starts
 * it (review: the going-deeper lab showed a dead area before the first run).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderNorms, renderWeights } from '../../src/widgets/Lab/render-panels.ts';
import { renderCurves } from '../../src/widgets/Lab/render-curves.ts';
import { EMPTY_TEXT } from '../../src/widgets/Lab/view.ts';

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

describe('the lab before its first run', () => {
  it('the weights panel names the Train button and what it will show, per unit or per digit', () => {
    const root = document.createElement('div');
    renderWeights(root, null, false);
    expect(root.querySelector('p.sw-weight-empty')!.textContent).toBe('Press Train above: the first layer’s weights appear here, one 28×28 image per unit (what it looks for), redrawn as it trains.');
    expect(root.querySelectorAll('canvas')).toHaveLength(0);
    renderWeights(root, null, true);
    expect(root.querySelector('p.sw-weight-empty')!.textContent).toContain('one 28×28 image per digit');
  });

  it('the gradient panel names the Train button and what it will show; a run that blew up at once says that instead', () => {
    const root = document.createElement('div');
    renderNorms(root, [], ['layer 1', 'output']);
    expect(root.querySelector('p.sw-norms-empty')!.textContent).toBe('Press Train above: one line per layer appears here, the size of its weight gradient ‖dL/dW‖ as training goes on.');
    renderNorms(root, [], ['layer 1', 'output'], [], 64);
    expect(root.querySelector('p.sw-norms-empty')!.textContent).not.toContain('Press Train');
  });

  it('the loss chart and the run history name the Train button too', () => {
    const root = document.createElement('div');
    renderCurves(root, { series: [], xMax: 20_000 }, 600);
    expect(root.querySelector('text.sw-curves-empty')!.textContent).toBe('Press Train: the curves appear here.');
    expect(EMPTY_TEXT.history).toBe('No runs yet: press Train above, and the run is listed here.');
  });
});
