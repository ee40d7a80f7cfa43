// @vitest-environment jsdom
/**
 * The lab's curves redraw incrementally: while a run trains only the loss canvas changes (its
 * data-points count); the axes, accuracy marks and legend are rebuilt only when what they show
 * changes (an epoch's end, a new scale, another run), so a redraw several times a second costs no
 * SVG rebuild, style or layout.
 */
import { describe, expect, it } from 'vitest';
import { renderCurves } from '../../src/widgets/Lab/render-curves.ts';
import type { CurveSeries } from '../../src/widgets/Lab/view.ts';
import { mutationsOf } from './mutations.ts';

function series(batches: number, epochs: number, key = 'live-1'): CurveSeries {
  const samplesSeen = Array.from({ length: batches }, (_, k) => 64 * (k + 1));
  const loss = samplesSeen.map((_, k) => 2.3 / (1 + k / 50));
  const acc = Array.from({ length: epochs }, (_, e) => ({ x: 64 * 100 * (e + 1), y: 0.9 + e / 100 }));
  return { key, label: `run ${key}`, colour: 'var(--sw-run-0)', raw: { samplesSeen, loss }, smooth: { samplesSeen, loss }, testAccuracy: acc, trainAccuracy: acc, changes: [], diverged: null, live: true };
}

describe('renderCurves draws incrementally', () => {
  it('more batches of the same run, same scales: only the canvas (its size stays, its point count changes) and the SVG’s description', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    renderCurves(root, { series: [series(100, 1)], xMax: 64 * 500 }, 800);
    const canvas = root.querySelector<HTMLCanvasElement>('canvas.sw-curves-loss')!;
    expect(canvas.dataset.points).toBe('100');
    const tick = root.querySelector('g.sw-x .tick');
    const changed = await mutationsOf(root, () => renderCurves(root, { series: [series(160, 1)], xMax: 64 * 500 }, 800));
    expect(canvas.dataset.points).toBe('160');
    // The same tick node (the axis was not rebuilt); nothing added or removed anywhere.
    expect(root.querySelector('g.sw-x .tick')).toBe(tick);
    expect(changed.filter((m) => m.type === 'childList')).toEqual([]);
    const touched = new Set(changed.map((m) => `${(m.target as Element).tagName.toLowerCase()}.${m.attributeName}`));
    // The description names the latest smoothed loss, so it changes too; nothing else is written.
    expect([...touched].sort()).toEqual(['canvas.data-points', 'svg.aria-label']);
  });

  it('an epoch’s end redraws the accuracy marks and the legend; a new width rebuilds the axes', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    renderCurves(root, { series: [series(100, 1)], xMax: 64 * 500 }, 800);
    expect(root.querySelectorAll('circle.sw-test-dot')).toHaveLength(1);
    renderCurves(root, { series: [series(200, 2)], xMax: 64 * 500 }, 800);
    expect(root.querySelectorAll('circle.sw-test-dot')).toHaveLength(2);
    expect(root.querySelector('.sw-run-key')?.textContent).toContain('test 91.0 %');
    const ticks = () => [...root.querySelectorAll('g.sw-x .tick')].map((t) => t.getAttribute('transform'));
    const before = ticks();
    renderCurves(root, { series: [series(200, 2)], xMax: 64 * 500 }, 400);
    expect(root.querySelector('svg.sw-curves')?.getAttribute('width')).toBe('400');
    expect(ticks()).not.toEqual(before);
  });

  it('a second run overlaid: two runs in the SVG, the canvas and the legend, the key to the lines last', () => {
    const root = document.createElement('div');
    document.body.append(root);
    renderCurves(root, { series: [], xMax: 1000 }, 800);
    expect(root.querySelector('.sw-curves-empty')).not.toBeNull();
    renderCurves(root, { series: [series(50, 1), { ...series(80, 1, 'run-b'), live: false }], xMax: 64 * 500 }, 800);
    expect(root.querySelectorAll('g.sw-run')).toHaveLength(2);
    expect(root.querySelector<HTMLElement>('canvas.sw-curves-loss')?.dataset.points).toBe('50,80');
    const items = [...root.querySelectorAll('.sw-curves-legend li')].map((li) => li.className);
    expect(items).toEqual(['sw-run-key', 'sw-run-key', 'sw-line-key']);
    expect(root.querySelector('.sw-curves-empty')).toBeNull();
  });

  it('the key names the dashed η mark only when a curve has one', () => {
    const root = document.createElement('div');
    document.body.append(root);
    const key = () => root.querySelector('.sw-line-key')?.textContent ?? '';
    renderCurves(root, { series: [series(100, 1)], xMax: 64 * 500 }, 800);
    expect(key()).not.toContain('η changed');
    expect(root.querySelectorAll('g.sw-lr-change')).toHaveLength(0);
    renderCurves(root, { series: [{ ...series(100, 1), changes: [{ x: 64 * 50, learningRate: 0.01 }] }], xMax: 64 * 500 }, 800);
    expect(key()).toContain('dashed vertical: η changed');
    expect(root.querySelectorAll('g.sw-lr-change')).toHaveLength(1);
  });
});
