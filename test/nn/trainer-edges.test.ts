/**
 * The trainer's checks at their edges and the parts of its state machine the longer tests pass
 * over: the exact messages, the limits (batch = the whole set, 1000 epochs, shuffle seed 0), the
 * divergence wording, a learning-rate change after the end, the evaluation's checks.
 */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { takeFirst } from '../../src/data/dataset.ts';
import { createNetwork, createTrainer, explodingLoss, validateTrainOptions, type LabelledImages, type TrainerOptions } from '../../src/nn/index.ts';

const small = (count = 12): LabelledImages => takeFirst(loadSample(), count);
const net = () => createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 2 });
const options = (extra: Partial<TrainerOptions> = {}): TrainerOptions => ({
  optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 4, epochs: 1, shuffleSeed: 1, ...extra,
});

describe('validateTrainOptions at its edges', () => {
  it('accepts a batch of the whole set, 1000 epochs, shuffle seed 0 and both schedules', () => {
    const set = small();
    for (const extra of [{ batchSize: 12 }, { batchSize: 1 }, { epochs: 1000 }, { shuffleSeed: 0 }, { schedule: 'cosine' as const }, { schedule: 'constant' as const }]) {
      expect(() => validateTrainOptions(net(), set, options(extra))).not.toThrow();
    }
  });

  it.each([
    ['an empty set', {}, 0, 'the training set is empty'],
    ['a batch one larger than the set', { batchSize: 13 }, 12, 'batch size 13 is larger than the training set (12 digits): try 64'],
    ['a fractional batch', { batchSize: 1.5 }, 12, 'batch size must be a whole number of at least 1 (got 1.5): try 64'],
    ['1001 epochs', { epochs: 1001 }, 12, 'epochs must be a whole number from 1 to 1000 (got 1001)'],
    ['0 epochs', { epochs: 0 }, 12, 'epochs must be a whole number from 1 to 1000 (got 0)'],
    ['fractional epochs', { epochs: 2.5 }, 12, 'epochs must be a whole number from 1 to 1000 (got 2.5)'],
    ['an unknown schedule', { schedule: 'step' as never }, 12, 'unknown schedule "step": use constant or cosine'],
    ['a negative shuffle seed', { shuffleSeed: -1 }, 12, 'shuffle seed must be a whole number ≥ 0 (got -1)'],
    ['a fractional shuffle seed', { shuffleSeed: 0.5 }, 12, 'shuffle seed must be a whole number ≥ 0 (got 0.5)'],
  ])('refuses %s', (_name, extra, count, message) => {
    const set = count === 0 ? { ...small(), count: 0 } : small(count);
    expect(() => validateTrainOptions(net(), set, options(extra))).toThrow(message);
  });

  it('refuses images of another size than the input layer', () => {
    const set = { ...small(), rows: 27 };
    expect(() => validateTrainOptions(net(), set, options())).toThrow("images have 756 pixels but the network's input layer has 784 units");
  });

  it('checks the optimizer first', () => {
    expect(() => validateTrainOptions(net(), { ...small(), count: 0 }, options({ optimizer: { name: 'sgd', learningRate: 0 } }))).toThrow(/greater than 0/);
  });
});

describe('the trainer around its edges', () => {
  it('the loss limit is ten times the loss of a uniform guess: 10 ln 10 for ten classes', () => {
    expect(explodingLoss(10)).toBeCloseTo(23.02585093, 7);
    expect(explodingLoss(2)).toBeCloseTo(6.93147181, 7);
  });

  it('one batch per epoch when the batch is the whole set; the last batch of an epoch is short', () => {
    const whole = createTrainer(net(), small(), options({ batchSize: 12, epochs: 2 }));
    expect(whole.batchesPerEpoch).toBe(1);
    expect(whole.step()).toMatchObject({ kind: 'batch', epoch: 1, batch: 0, samplesSeen: 12 });
    expect(whole.step()).toMatchObject({ kind: 'epoch', result: { epoch: 1 } });
    expect(whole.step()).toMatchObject({ kind: 'batch', epoch: 2, batch: 0, samplesSeen: 24 });
    const odd = createTrainer(net(), small(), options({ batchSize: 5 }));
    expect(odd.batchesPerEpoch).toBe(3);
    odd.step();
    odd.step();
    expect(odd.step()).toMatchObject({ kind: 'batch', batch: 2, samplesSeen: 12 });
    expect(odd.backendName).toBe('ts');
  });

  it('an epoch reports its time and speed; the epoch result is the mean over the set', () => {
    const trainer = createTrainer(net(), small(), options({ batchSize: 6 }));
    const t0 = performance.now();
    const a = trainer.step();
    const b = trainer.step();
    const epoch = trainer.step();
    const wall = (performance.now() - t0) / 1000;
    if (a.kind !== 'batch' || b.kind !== 'batch' || epoch.kind !== 'epoch') throw new Error('unexpected steps');
    expect(epoch.result.loss).toBeCloseTo((a.loss * 6 + b.loss * 6) / 12, 6);
    expect(epoch.result.trainAccuracy).toBeCloseTo((a.accuracy + b.accuracy) / 2, 9);
    expect(epoch.result.seconds).toBeGreaterThan(0);
    // Seconds, measured inside the steps: no more than the wall-clock time around them.
    expect(epoch.result.seconds).toBeLessThanOrEqual(wall);
    expect(epoch.result.samplesPerSecond).toBeCloseTo(12 / epoch.result.seconds, 6);
    expect(trainer.step()).toMatchObject({ kind: 'finished' });
  });

  it('a change of learning rate after the run has ended is checked but not recorded', () => {
    const trainer = createTrainer(net(), small(), options({ batchSize: 12 }));
    trainer.step();
    trainer.step();
    expect(trainer.step().kind).toBe('finished');
    trainer.setLearningRate(0.5);
    expect(trainer.changes()).toEqual([]);
    expect(trainer.learningRate()).toBe(0.1);
    expect(() => trainer.setLearningRate(-1)).toThrow(/greater than 0/);
  });

  it('a change made between batches applies from the next batch of the same epoch', () => {
    const trainer = createTrainer(net(), small(), options({ batchSize: 4 }));
    trainer.step();
    trainer.setLearningRate(0.05);
    expect(trainer.learningRate()).toBe(0.05);
    expect(trainer.changes()).toEqual([{ epoch: 1, batch: 1, samplesSeen: 4, learningRate: 0.05 }]);
    expect(trainer.step()).toMatchObject({ kind: 'batch', learningRate: 0.05 });
  });

  it('divergence: the reason names the loss and the limit; the suggestion a tenth of the rate to three figures', () => {
    const trainer = createTrainer(net(), small(), options({ optimizer: { name: 'sgd', learningRate: 77.7 }, batchSize: 1, epochs: 50 }));
    let step = trainer.step();
    while (step.kind !== 'diverged' && step.kind !== 'finished') step = trainer.step();
    expect(step.kind).toBe('diverged');
    if (step.kind !== 'diverged') return;
    expect(step.suggestion).toBe('The learning rate 77.7 is too large for sgd: try 7.77.');
    if (Number.isFinite(step.loss)) {
      expect(step.loss).toBeGreaterThan(explodingLoss(10));
      expect(step.reason).toBe(`the loss exploded to ${step.loss.toFixed(1)} (above 23.0) at epoch ${step.epoch}, batch ${step.batch + 1}`);
    } else {
      expect(step.reason).toBe(`the loss became ${step.loss} at epoch ${step.epoch}, batch ${step.batch + 1}: the weights overflowed`);
    }
    // A diverged run reports its gradient norms (not the zeros of a run that has not started).
    expect(trainer.gradientNorms()).toHaveLength(2);
  });

  it('evaluate refuses images of another size and an empty set', () => {
    const trainer = createTrainer(net(), small(), options());
    expect(() => trainer.evaluate({ ...small(), cols: 27 })).toThrow("images have 756 pixels but the network's input layer has 784 units");
    expect(() => trainer.evaluate({ ...small(), count: 0 })).toThrow('cannot evaluate an empty set of digits');
    expect(trainer.evaluate(small()).confusion.flat().reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('snapshot copies the weights and keeps the network’s description; dispose ends the trainer', () => {
    const start = net();
    const trainer = createTrainer(start, small(), options());
    trainer.step();
    const snap = trainer.snapshot();
    expect(snap).toMatchObject({ sizes: [784, 4, 10], activation: 'relu', seed: 2 });
    expect(Array.from(snap.layers[0].W)).not.toEqual(Array.from(start.layers[0].W));
    trainer.dispose();
    expect(() => trainer.snapshot()).toThrow('this trainer was disposed: create a new one to train again');
    expect(() => trainer.evaluate(small())).toThrow(/disposed/);
    trainer.dispose();
  });
  it('a first batch that already blows up: the loss is over the limit, and the gradient norms are that batch’s', () => {
    const loud = net();
    // No digit of the twelve is a 3; a logit of 1000 for class 3 makes every loss about 1000.
    expect(Array.from(small().labels)).not.toContain(3);
    loud.layers[1].b[3] = 1000;
    const set = small();
    const trainer = createTrainer(loud, set, options({ batchSize: 12 }));
    const step = trainer.step();
    expect(step).toMatchObject({ kind: 'diverged', epoch: 1, batch: 0 });
    const norms = trainer.gradientNorms();
    expect(norms.some((n) => n > 0)).toBe(true);
  });

  it('weights that overflow float32 give a non-finite loss: "the loss became NaN … the weights overflowed"', () => {
    const huge = net();
    huge.layers[0].W.fill(3e38);
    huge.layers[1].W.fill(3e38);
    const trainer = createTrainer(huge, small(), options({ batchSize: 4 }));
    const step = trainer.step();
    expect(step.kind).toBe('diverged');
    if (step.kind !== 'diverged') return;
    expect(Number.isFinite(step.loss)).toBe(false);
    expect(step.reason).toBe(`the loss became ${step.loss} at epoch 1, batch 1: the weights overflowed`);
  });
  it('a trainer disposed at the end of an epoch refuses to step rather than close the epoch', () => {
    const trainer = createTrainer(net(), small(), options({ batchSize: 12, epochs: 2 }));
    expect(trainer.step().kind).toBe('batch');
    trainer.dispose();
    expect(() => trainer.step()).toThrow('this trainer was disposed: create a new one to train again');
  });
});
