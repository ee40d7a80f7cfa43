/**
 * The lab's pure view helpers: smoothing, the curve envelope, the progress line and the
 * divergence explanation, with hand-computed expectations.
 */
import { describe, expect, it } from 'vitest';
import type { LiveRun } from '../../src/state/lab.ts';
import { LAB_DEFAULTS, toRunConfig } from '../../src/state/lab-url.ts';
import { envelope } from '../../src/widgets/Lab/render-curves.ts';
import { divergenceView, formatDuration, progressView, smoothLoss } from '../../src/widgets/Lab/view.ts';

const run = (over: Partial<LiveRun> = {}): LiveRun => ({
  runId: 1, config: toRunConfig(LAB_DEFAULTS), backend: 'wasm', batchesPerEpoch: 938, trainCount: 60000, epoch: 2, batch: 99,
  samplesSeen: 66400, samplesPerSecond: 20000, learningRate: 0.001, accuracy: 0.9, loss: { samplesSeen: [], loss: [] }, epochs: [], changes: [],
  gradientNorms: [], normHistory: [], firstLayer: null, evaluation: null, diverged: null, trainSeconds: 3, ...over,
});

describe('lab views', () => {
  it('smooths with a bias-corrected moving average (the first point is the first loss)', () => {
    const s = smoothLoss({ samplesSeen: [1, 2, 3], loss: [2, 1, Number.NaN] }, 0.5);
    expect(s.samplesSeen).toEqual([1, 2]);
    // average: 1 then 0.5·1 + 0.5·1 = 1; corrections 0.5 and 0.75 → 2 and 4/3
    expect(s.loss[0]).toBeCloseTo(2, 12);
    expect(s.loss[1]).toBeCloseTo(4 / 3, 12);
  });

  it('keeps the lowest and highest loss of each pixel column, in order', () => {
    const pts = { samplesSeen: [1, 2, 3, 4, 5, 6, 7, 8], loss: [5, 1, 3, 9, 2, 2, 8, 4] };
    // 2 columns: samples 1–3 → column 0, 4–7 → 1 (floor(s/8·2)), 8 → column 2.
    expect(envelope(pts, 2)).toEqual([0, 1, 3, 4, 7]);
    expect(envelope({ samplesSeen: [1, 2], loss: [1, Number.NaN] }, 10)).toEqual([0]);
  });

  it('the progress line says epoch, batch, speed and time left', () => {
    const p = progressView(run());
    expect(p.fraction).toBeCloseTo(66400 / 300000, 12);
    // (300000 − 66400) / 20000 = 11.68 s
    expect(p.text).toBe('Epoch 2 of 5 · batch 100 of 938 · 20,000 samples/s · about 12 s left');
    expect(formatDuration(125)).toBe('2 min 05 s');
  });

  it('explains a blow-up with the place, the why, and a ten times smaller η', () => {
    const d = divergenceView(run({ diverged: { epoch: 1, batch: 1, samplesSeen: 64, loss: 165.6, reason: '', suggestion: '', learningRate: 50 } }))!;
    expect(d.suggestion).toBe(5);
    expect(d.body[0]).toBe('At epoch 1, batch 2 (after 64 training digits), the mean loss of a batch jumped to 165.6, more than ten times the loss of a blind guess between the ten digits. The lab stopped the run there.');
    expect(d.body[2]).toMatch(/η = 5\./);
    expect(divergenceView(run())).toBeNull();
  });
});
