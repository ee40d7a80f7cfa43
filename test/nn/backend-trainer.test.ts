/** The steppable trainer: its state machine, learning-rate changes, reproducibility, evaluation. */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import {
  createNetwork, createRng, createTrainer, forward, shuffleInPlace, train, type LabelledImages, type Network, type StepResult,
} from '../../src/nn/index.ts';
import { meanGradients } from '../../src/nn/backends/ts/batch.ts';
import { maxAbsDiff } from './helpers.ts';

const sample = loadSample(); // 100 digits
const net = (seed = 3, sizes = [784, 16, 10]): Network => createNetwork({ sizes, activation: 'relu', seed });
const sgd = (learningRate = 0.1) => ({ name: 'sgd' as const, learningRate });

/** The shuffled order of epoch 1 for a shuffle seed, as the trainer draws it. */
function firstOrder(seed: number, count: number): number[] {
  const order = Array.from({ length: count }, (_, k) => k);
  shuffleInPlace(order, createRng(seed));
  return order;
}

describe('trainer state machine', () => {
  it('trains ceil(count / batch) batches per epoch, closes each epoch, then stays finished', () => {
    const trainer = createTrainer(net(), sample, { optimizer: sgd(), batchSize: 32, epochs: 2, shuffleSeed: 1 });
    const kinds: string[] = [];
    const steps: StepResult[] = [];
    for (let k = 0; k < 12; k++) {
      const step = trainer.step();
      kinds.push(step.kind);
      steps.push(step);
    }
    expect(kinds).toEqual(['batch', 'batch', 'batch', 'batch', 'epoch', 'batch', 'batch', 'batch', 'batch', 'epoch', 'finished', 'finished']);
    const batches = steps.filter((s) => s.kind === 'batch');
    expect(batches.map((b) => [b.epoch, b.batch, b.samplesSeen])).toEqual([
      [1, 0, 32], [1, 1, 64], [1, 2, 96], [1, 3, 100], [2, 0, 132], [2, 1, 164], [2, 2, 196], [2, 3, 200],
    ]);
    expect(batches.every((b) => b.batchesPerEpoch === 4 && b.learningRate === 0.1)).toBe(true);
    const epochs = steps.filter((s) => s.kind === 'epoch').map((s) => s.result);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // The epoch's loss is the mean over its digits: batch means weighted by batch sizes.
    const first = batches.slice(0, 4);
    expect(epochs[0].loss).toBeCloseTo((first[0].loss * 32 + first[1].loss * 32 + first[2].loss * 32 + first[3].loss * 4) / 100, 6);
    expect(epochs[0].trainAccuracy).toBeCloseTo((first[0].accuracy * 32 + first[1].accuracy * 32 + first[2].accuracy * 32 + first[3].accuracy * 4) / 100, 9);
    const finished = steps[10];
    expect(finished.kind === 'finished' && finished.epochs).toEqual(epochs);
    trainer.dispose();
  });

  it('stops at a diverging batch, leaves the weights as they were before it, and stays diverged', () => {
    const trainer = createTrainer(net(), sample, { optimizer: sgd(100), batchSize: 10, epochs: 3, shuffleSeed: 1 });
    let step: StepResult = trainer.step();
    let before = trainer.snapshot();
    let guard = 0;
    while (step.kind === 'batch' || step.kind === 'epoch') {
      before = trainer.snapshot();
      step = trainer.step();
      if (++guard > 100) throw new Error('never diverged');
    }
    expect(step.kind).toBe('diverged');
    if (step.kind !== 'diverged') return;
    expect(step.suggestion).toMatch(/learning rate 100 is too large for sgd: try 10/);
    expect(step.reason).toMatch(new RegExp(`epoch ${step.epoch}, batch ${step.batch + 1}`));
    expect(trainer.step()).toBe(step);
    const after = trainer.snapshot();
    after.layers.forEach((layer, l) => expect(maxAbsDiff(layer.W, before.layers[l].W)).toBe(0));
  });

  it('refuses settings that cannot train, with a message naming the fix', () => {
    expect(() => createTrainer(net(), sample, { optimizer: sgd(), batchSize: 0, epochs: 1, shuffleSeed: 1 })).toThrow(/batch size .* try 64/);
    expect(() => createTrainer(net(), sample, { optimizer: sgd(-1), batchSize: 8, epochs: 1, shuffleSeed: 1 })).toThrow(/greater than 0/);
    const trainer = createTrainer(net(), sample, { optimizer: sgd(), batchSize: 8, epochs: 1, shuffleSeed: 1 });
    expect(() => trainer.setLearningRate(Number.NaN)).toThrow(/not a number/);
    trainer.dispose();
    expect(() => trainer.step()).toThrow(/disposed/);
  });
});

describe('learning rate changed mid-run', () => {
  it('takes effect at the very next batch: W ← W − η_new · (that batch’s mean gradient)', () => {
    const start = net(5);
    const trainer = createTrainer(start, sample, { optimizer: sgd(0.1), batchSize: 20, epochs: 1, shuffleSeed: 9 });
    trainer.step();
    const before = trainer.snapshot();
    trainer.setLearningRate(0.02);
    expect(trainer.changes()).toEqual([{ epoch: 1, batch: 1, samplesSeen: 20, learningRate: 0.02 }]);
    const step = trainer.step();
    expect(step.kind === 'batch' && step.learningRate).toBe(0.02);
    const rows = firstOrder(9, sample.count).slice(20, 40);
    const gradients = meanGradients(before, sample, rows);
    const after = trainer.snapshot();
    after.layers.forEach((layer, l) => {
      const expected = before.layers[l].W.map((w, k) => w - 0.02 * gradients.dLdW[l][k]);
      expect(maxAbsDiff(layer.W, expected)).toBeLessThan(1e-6);
    });
    trainer.dispose();
  });

  it('follows the cosine schedule from the new base rate', () => {
    const trainer = createTrainer(net(), sample, { optimizer: sgd(0.4), batchSize: 25, epochs: 2, shuffleSeed: 1, schedule: 'cosine' });
    const rates: number[] = [];
    for (let k = 0; k < 10; k++) {
      if (k === 4) trainer.setLearningRate(0.2); // before epoch 1 is closed: first used by batch 0 of epoch 2
      const step = trainer.step();
      if (step.kind === 'batch') rates.push(step.learningRate);
    }
    const cosine = (t: number) => 0.5 * (1 + Math.cos((Math.PI * t) / 8));
    expect(rates).toEqual([0.4 * cosine(0), 0.4 * cosine(1), 0.4 * cosine(2), 0.4 * cosine(3), 0.2 * cosine(4), 0.2 * cosine(5), 0.2 * cosine(6), 0.2 * cosine(7)]);
    expect(trainer.changes()).toEqual([{ epoch: 2, batch: 0, samplesSeen: 100, learningRate: 0.2 }]);
  });
});

describe('reproducible and equal to the whole-run loop', () => {
  const run = (seed: number, shuffleSeed: number): Network => {
    const trainer = createTrainer(net(seed, [784, 12, 10]), sample, { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 7, epochs: 2, shuffleSeed });
    while (trainer.step().kind !== 'finished');
    return trainer.snapshot();
  };
  it('the same seeds give bit-identical weights; another shuffle seed gives other weights', () => {
    const a = run(1, 2);
    const b = run(1, 2);
    const c = run(1, 3);
    a.layers.forEach((layer, l) => {
      expect(Array.from(layer.W)).toEqual(Array.from(b.layers[l].W));
      expect(Array.from(layer.b)).toEqual(Array.from(b.layers[l].b));
    });
    expect(maxAbsDiff(a.layers[0].W, c.layers[0].W)).toBeGreaterThan(0);
  });

  it('train() writes the same weights into the network as stepping the trainer', async () => {
    const stepped = run(1, 2);
    const target = net(1, [784, 12, 10]);
    const result = await train(target, sample, { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 7, epochs: 2, shuffleSeed: 2, test: sample });
    expect(result.status).toBe('completed');
    expect(result.epochs[1].testAccuracy).toBeGreaterThan(0);
    target.layers.forEach((layer, l) => expect(Array.from(layer.W)).toEqual(Array.from(stepped.layers[l].W)));
  });

  it('leaves the network it was given untouched', () => {
    const start = net();
    const copy = Float32Array.from(start.layers[0].W);
    const trainer = createTrainer(start, sample, { optimizer: sgd(), batchSize: 10, epochs: 1, shuffleSeed: 1 });
    trainer.step();
    expect(Array.from(start.layers[0].W)).toEqual(Array.from(copy));
  });
});

describe('evaluation and gradient norms', () => {
  it('confidence is the predicted class’s probability; accuracy and loss match single-digit passes', () => {
    const start = net(4);
    const trainer = createTrainer(start, sample, { optimizer: sgd(), batchSize: 10, epochs: 1, shuffleSeed: 1 });
    const evaluation = trainer.evaluate(sample);
    let correct = 0;
    let loss = 0;
    for (let k = 0; k < sample.count; k++) {
      const trace = forward(start, imageAsFloats(sample, k), sample.labels[k]);
      const p = Array.from(trace.probabilities);
      const guess = p.indexOf(Math.max(...p));
      expect(evaluation.predictions[k]).toBe(guess);
      expect(evaluation.confidence[k]).toBeCloseTo(p[guess], 6);
      if (guess === sample.labels[k]) correct++;
      else expect(evaluation.misclassified).toContain(k);
      loss += trace.loss;
    }
    expect(evaluation.accuracy).toBe(correct / sample.count);
    expect(evaluation.loss).toBeCloseTo(loss / sample.count, 5);
    expect(evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(sample.count);
  });

  it('deadFraction counts the hidden units never active on the set', () => {
    const start = net(4, [784, 8, 6, 10]);
    // Units 2 and 5 of layer 1 and unit 0 of layer 2 can never switch on: a bias of −1000.
    for (const [l, o] of [[0, 2], [0, 5], [1, 0]]) start.layers[l].b[o] = -1000;
    const trainer = createTrainer(start, sample, { optimizer: sgd(), batchSize: 10, epochs: 1, shuffleSeed: 1 });
    expect(trainer.evaluate(sample).deadFraction).toEqual([2 / 8, 1 / 6]);
    const sigmoid = createTrainer(createNetwork({ sizes: [784, 5, 10], activation: 'sigmoid', seed: 1 }), sample, { optimizer: sgd(), batchSize: 10, epochs: 1, shuffleSeed: 1 });
    expect(sigmoid.evaluate(sample).deadFraction).toEqual([0]);
  });

  it('gradientNorms are ‖dL/dW‖ of the latest batch', () => {
    const start = net(6, [784, 10, 7, 10]);
    const trainer = createTrainer(start, sample, { optimizer: sgd(), batchSize: 16, epochs: 1, shuffleSeed: 4 });
    expect(trainer.gradientNorms()).toEqual([0, 0, 0]);
    trainer.step();
    const gradients = meanGradients(start, sample, firstOrder(4, sample.count).slice(0, 16));
    const norms = gradients.dLdW.map((g) => Math.sqrt(Array.from(g).reduce((sum, v) => sum + v * v, 0)));
    trainer.gradientNorms().forEach((norm, l) => expect(norm).toBeCloseTo(norms[l], 5));
  });
});

describe('the training set is read once, when the run starts', () => {
  it('later changes to the pixels do not reach the run; evaluation reads the pixels as they are now', () => {
    const pixels = sample.pixels.slice();
    const mutable: LabelledImages = { ...sample, pixels };
    const a = createTrainer(net(), mutable, { optimizer: sgd(), batchSize: 10, epochs: 1, shuffleSeed: 1 });
    const b = createTrainer(net(), sample, { optimizer: sgd(), batchSize: 10, epochs: 1, shuffleSeed: 1 });
    const before = a.evaluate(mutable);
    pixels.fill(0);
    a.step();
    b.step();
    expect(Array.from(a.snapshot().layers[0].W)).toEqual(Array.from(b.snapshot().layers[0].W));
    // A blank image set: every digit gets the same prediction now (no stale sparse cache).
    const blank = a.evaluate(mutable);
    expect(new Set(blank.predictions).size).toBe(1);
    expect(new Set(before.predictions).size).toBeGreaterThan(1);
  });
});
