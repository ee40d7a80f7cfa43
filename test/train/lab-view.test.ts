/**
 * The lab's pure view helpers: smoothing, the curve envelope, the progress line and the
 * divergence explanation, with hand-computed expectations.
 */
import { describe, expect, it } from 'vitest';
import type { LiveRun } from '../../src/state/lab.ts';
import { LAB_DEFAULTS, readLabUrl, toRunConfig } from '../../src/state/lab-url.ts';
import { envelope } from '../../src/widgets/Lab/render-curves.ts';
import { distinctLabels, divergenceView, formatDuration, meanGradientNorms, progressView, smoothLoss, stuckView } from '../../src/widgets/Lab/view.ts';
import { normsNote, weightsCaption } from '../../src/widgets/Lab/render-panels.ts';
import { uniqueName } from '../../src/state/lab.ts';
import { labMarkup } from '../../src/widgets/Lab/markup.ts';
import type { LabEvaluation } from '../../src/train/protocol.ts';

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
    // The default optimizer is Adam, whose step is about η whatever the gradient (the
    // momentum-and-Adam lesson): the explanation must not say "η times its gradient" for it.
    expect(d.body[1]).toContain('Adam moves every weight by about η');
    expect(d.body[1]).toContain('up to 50 at once');
    expect(d.body[1]).not.toContain('times its gradient');
    const sgd = divergenceView(run({ config: toRunConfig({ ...LAB_DEFAULTS, optimizer: 'sgd', learningRate: 50 }), diverged: { epoch: 1, batch: 1, samplesSeen: 64, loss: 165.6, reason: '', suggestion: '', learningRate: 50 } }))!;
    expect(sgd.body[1]).toBe('Why: every step moves each weight by the learning rate times its gradient. With η = 50 the steps are so large that they jump past the bottom of the loss valley and land higher up the other side; there the gradients are steeper, so the next step is larger still. The weights grow until the numbers overflow.');
    const momentum = divergenceView(run({ config: toRunConfig({ ...LAB_DEFAULTS, optimizer: 'momentum', learningRate: 50 }), diverged: { epoch: 1, batch: 1, samplesSeen: 64, loss: 165.6, reason: '', suggestion: '', learningRate: 50 } }))!;
    expect(momentum.body[1]).toContain('the learning rate times its velocity');
  });

  it('averages each layer’s gradient norm over the run, leaving out the zeros before the first batch', () => {
    expect(meanGradientNorms([{ norms: [0, 0] }, { norms: [0.01, 1] }, { norms: [0.03, 3] }], 2)).toEqual([0.02, 2]);
    expect(meanGradientNorms([], 2)).toEqual([0, 0]);
  });

  it('a run stuck at chance with vanishing gradients is explained from its own numbers and offers the ReLU contrast run', () => {
    // The network answers 7 for nearly every digit (and 1 for ten 0s); 103 right (the 7s).
    const confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (p === 7 ? (t === 7 ? 103 : 98 + (t < 5 ? 1 : 0)) : 0)));
    confusion[0][1] = 10;
    confusion[0][7] -= 9;
    // Rows: t=0 → 90 + 10 = 100, t=1..4 → 99 each, t=5,6,8,9 → 98 each, t=7 → 103: 991 digits; column 7 holds 981.
    const evaluation = { accuracy: 0.103, loss: 2.3, confusion, perClassAccuracy: [], misclassified: [], predicted: [], confidence: [], deadFraction: [] } as LabEvaluation;
    const deep = { ...toRunConfig({ ...LAB_DEFAULTS, hidden: [128, 128, 128, 128], activation: 'sigmoid', optimizer: 'sgd', learningRate: 0.1 }) };
    const history = [
      { samplesSeen: 64, norms: [0.006, 0.012, 0.05, 0.2, 0.7] },
      { samplesSeen: 128, norms: [0.008, 0.016, 0.07, 0.3, 0.9] },
    ];
    const v = stuckView(run({ config: deep, evaluation, normHistory: history }))!;
    expect(v.retryWith).toBe('relu');
    // 981 of 991 digits answered 7 = 98.99 % → 99.0 %.
    expect(v.body[0]).toBe('Test accuracy 10.3 %: no better than guessing, which is right one time in ten. The network answers 7 for 99.0 % of the test digits: it has learned which answer is safest on average, and nothing about the pixels.');
    // means: layer 1 0.007, output 0.8: 0.8 / 0.007 = 114.3 → 114 times.
    expect(v.body[1]).toContain('‖dL/dW‖ was 0.8 at the output layer but 0.007 at the first hidden layer: 114 times smaller (layer 1 0.007, layer 2 0.014, layer 3 0.06, layer 4 0.25, output 0.8)');
    expect(v.body[1]).toContain('the sigmoid slope at every layer, and that slope is at most ¼; through 4 hidden layers');
    // A ReLU run stuck without vanishing: no contrast button, another suggestion.
    const flat = stuckView(run({ config: toRunConfig({ ...LAB_DEFAULTS, learningRate: 0.0001 }), evaluation, normHistory: [{ samplesSeen: 64, norms: [0.5, 0.6] }] }))!;
    expect(flat.retryWith).toBeNull();
    expect(flat.body[1]).toMatch(/^The gradient did reach the first layer \(‖dL\/dW‖ averaged 0\.5 there and 0\.6 at the output\), so it did not vanish: with η = 0\.0001/);
    // A run that learned, or one that blew up, needs no such note.
    expect(stuckView(run({ evaluation: { ...evaluation, accuracy: 0.2 } }))).toBeNull();
    expect(stuckView(run({ evaluation, diverged: { epoch: 1, batch: 1, samplesSeen: 64, loss: 165.6, reason: '', suggestion: '', learningRate: 50 } }))).toBeNull();
  });
});

describe('lab panels say what they show (L2, L4, L5)', () => {
  it('the weight images name how many of how many units, numbered from 0', () => {
    expect(weightsCaption(128, false)).toBe('Units 0–15: the first 16 of the first hidden layer’s 128 units (numbered from 0 as in the lessons).');
    expect(weightsCaption(16, false)).toBe('All 16 units of the first hidden layer, numbered from 0 as in the lessons.');
    expect(weightsCaption(10, true)).toBe('No hidden layer: the 10 output units’ weights, one per digit.');
  });

  it('a blown-up run’s empty gradient chart says why; one measurement says a line needs two', () => {
    expect(normsNote([{ samplesSeen: 32, norms: [1, 2] }, { samplesSeen: 64, norms: [3, 4] }])).toBeNull();
    expect(normsNote([{ samplesSeen: 32, norms: [1, 2] }])).toBe('One measurement so far (the dots): a line needs two, so it appears with the next.');
    // η = 50 in the lab: one measurement at 50 digits, then the blow-up.
    expect(normsNote([{ samplesSeen: 50, norms: [17.2, 65.2] }], 100)).toBe('The loss blew up after 100 training digits and training stopped, when the gradient sizes had been measured only once (the dots, after 50 digits): a line needs two measurements.');
    expect(normsNote([], 32)).toBe('The loss blew up after 32 training digits and training stopped, before the gradient sizes were first measured.');
    expect(normsNote([{ samplesSeen: 50, norms: [1] }, { samplesSeen: 100, norms: [2] }], 150)).toBe('The loss blew up after 150 training digits and training stopped, so the lines end there.');
    expect(normsNote([{ samplesSeen: 32, norms: [1, 2] }, { samplesSeen: 64, norms: [Number.NaN, Infinity] }]))
      .toBe('The gradients became too large to compute (infinite or not a number) after 64 training digits, when the loss blew up, so nothing can be drawn from there on. Before that there were too few measurements to draw a line.');
    expect(normsNote([{ samplesSeen: 32, norms: [1] }, { samplesSeen: 64, norms: [2] }, { samplesSeen: 1000, norms: [Infinity] }]))
      .toBe('The gradients became too large to compute (infinite or not a number) after 1,000 training digits, when the loss blew up, so nothing can be drawn from there on.');
  });

  it('runs with the same settings get distinct names (#2, #3) in the history and in the legend', () => {
    expect(uniqueName('Adam η 0.001', [])).toBe('Adam η 0.001');
    expect(uniqueName('Adam η 0.001', ['Adam η 0.001'])).toBe('Adam η 0.001 #2');
    expect(uniqueName('Adam η 0.001', ['Adam η 0.001 #2', 'Adam η 0.001'])).toBe('Adam η 0.001 #3');
    expect(distinctLabels(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a #2', 'a #3']);
  });

  it('the hidden-layers hint names the "0 for none" that the field and a link accept', () => {
    const html = labMarkup({ id: 'l', settings: LAB_DEFAULTS, history: [], inside: true } as unknown as Parameters<typeof labMarkup>[0]);
    expect(html).toContain('e.g. 128 or 256,128 (up to 4, each 1–1024; 0 for none)');
    expect(readLabUrl('?lab.hidden=0')).toMatchObject({ settings: { hidden: [] }, notes: [] });
  });
});
