/**
 * The lab lessons' build-time numbers (src/state/lab-facts.ts), each computed inside its test (so
 * per-test coverage credits it) and checked against the same run done here step by step with the
 * core's trainer, or by hand for the batch arithmetic of the default run.
 */
import { describe, expect, it } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist } from '../../src/data/load-node.ts';
import { createNetwork, createTrainer, type Activation, type OptimizerName, type Schedule } from '../../src/nn/index.ts';
import { batchFacts, depthComparison, gradientNormsAtStart, learningRateComparison } from '../../src/state/lab-facts.ts';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One epoch as learningRateComparison describes it, step by step. */
function byHand(learningRate: number, o: { count: number; testCount: number; batchSize: number; hidden: number[]; optimizer: OptimizerName; schedule: Schedule }) {
  const train = takeFirst(loadMnist('train'), o.count);
  const test = takeFirst(loadMnist('test'), o.testCount);
  const trainer = createTrainer(createNetwork({ sizes: [784, ...o.hidden, 10], activation: 'relu', seed: 1 }), train, {
    optimizer: { name: o.optimizer, learningRate },
    batchSize: o.batchSize,
    epochs: 1,
    shuffleSeed: 1,
    schedule: o.schedule,
  });
  const losses: number[] = [];
  const tests: number[] = [];
  const batches = Math.ceil(o.count / o.batchSize);
  const tenth = Math.max(1, Math.floor(batches / 10));
  for (let step = trainer.step(); step.kind !== 'finished'; step = trainer.step()) {
    if (step.kind === 'diverged') throw new Error('diverged');
    if (step.kind === 'batch') {
      losses.push(step.loss);
      if (losses.length > batches - tenth) tests.push(trainer.evaluate(test).accuracy);
    }
  }
  const final = trainer.evaluate(train);
  const result = {
    firstLoss: mean(losses.slice(0, tenth)),
    lastLoss: mean(losses.slice(-tenth)),
    finalTrain: { loss: final.loss, accuracy: final.accuracy },
    testAccuracy: trainer.evaluate(test).accuracy,
    lastTenthTest: { min: Math.min(...tests), max: Math.max(...tests), steps: tests.length },
    batches: losses.length,
  };
  trainer.dispose();
  return result;
}

describe('batchFacts', () => {
  it('the default run: 60,000 digits in batches of 64 are 938 batches, the last of 32; 5 epochs are 4,690 updates', () => {
    expect(batchFacts()).toEqual({ trainCount: 60000, testCount: 10000, batchSize: 64, batchesPerEpoch: 938, lastBatch: 32, epochs: 5, updates: 4690, samples: 300000 });
    expect(batchFacts(100)).toMatchObject({ batchSize: 100, batchesPerEpoch: 600, lastBatch: 100, updates: 3000 });
    expect(batchFacts(7)).toMatchObject({ batchesPerEpoch: 8572, lastBatch: 3 }); // 8571·7 = 59,997
  });
});

describe('learningRateComparison', () => {
  it('matches the run done by hand: first and last tenth, final network, test accuracy, the last tenth’s range', () => {
    const options = { count: 200, testCount: 100, batchSize: 16, hidden: [8], optimizer: 'momentum' as const, schedule: 'cosine' as const };
    const [got] = learningRateComparison([0.05], options);
    const want = byHand(0.05, options);
    expect(want.batches).toBe(13); // ⌈200 / 16⌉; a tenth is 1 batch
    expect(got).toEqual({
      learningRate: 0.05,
      schedule: 'cosine',
      batchSize: 16,
      firstLoss: want.firstLoss,
      lastLoss: want.lastLoss,
      finalTrain: want.finalTrain,
      testAccuracy: want.testAccuracy,
      lastTenthTest: { ...want.lastTenthTest, steps: 1 },
      diverged: false,
    });
  });

  it('a tenth of 25 batches is 2: the means and the late test accuracies cover two batches', () => {
    const options = { count: 400, testCount: 100, batchSize: 16, hidden: [8], optimizer: 'sgd' as const, schedule: 'constant' as const };
    const [got] = learningRateComparison([0.1], options);
    const want = byHand(0.1, options);
    expect(want.batches).toBe(25);
    expect(got.firstLoss).toBe(want.firstLoss);
    expect(got.lastLoss).toBe(want.lastLoss);
    expect(got.lastTenthTest).toEqual({ ...want.lastTenthTest, steps: 2 });
    expect(got.lastTenthTest!.min).toBeLessThanOrEqual(got.lastTenthTest!.max);
  });

  it('the defaults: 5,000 digits in batches of 32 (157 batches, a tenth of 15), one hidden layer of 32, SGD, constant η, 2,000 test digits', () => {
    const [got] = learningRateComparison([0.1]);
    const want = byHand(0.1, { count: 5000, testCount: 2000, batchSize: 32, hidden: [32], optimizer: 'sgd', schedule: 'constant' });
    expect(want.batches).toBe(157);
    expect(got).toMatchObject({ batchSize: 32, schedule: 'constant', firstLoss: want.firstLoss, lastLoss: want.lastLoss, testAccuracy: want.testAccuracy, finalTrain: want.finalTrain });
    expect(got.lastTenthTest).toEqual({ ...want.lastTenthTest, steps: 15 });
  });

  it('a run that blows up stops there: its first losses are kept, the final numbers are null', () => {
    const [blown] = learningRateComparison([100], { count: 320, testCount: 50, batchSize: 32 });
    expect(blown).toMatchObject({ learningRate: 100, diverged: true, finalTrain: null, testAccuracy: null, lastTenthTest: null });
    expect(Number.isFinite(blown.firstLoss)).toBe(true);
    expect(blown.firstLoss).toBeGreaterThan(0);
  });
});

/** ‖dL/dW‖ per layer averaged over `batches` batches, by hand. */
function normsByHand(hidden: number[], activation: Activation, batches: number): number[] {
  const trainer = createTrainer(createNetwork({ sizes: [784, ...hidden, 10], activation, seed: 1 }), takeFirst(loadMnist('train'), 64 * batches), {
    optimizer: { name: 'sgd', learningRate: 0.1 },
    batchSize: 64,
    epochs: 1,
    shuffleSeed: 1,
  });
  const sums = new Array<number>(hidden.length + 1).fill(0);
  for (let b = 0; b < batches; b++) {
    trainer.step();
    trainer.gradientNorms().forEach((n, l) => (sums[l] += n / batches));
  }
  trainer.dispose();
  return sums;
}

describe('gradientNormsAtStart', () => {
  it('averages each layer’s gradient norm over the first batches (20 by default), first layer first', () => {
    const got = gradientNormsAtStart([6, 5], 'sigmoid', 3);
    expect(got).toHaveLength(3);
    normsByHand([6, 5], 'sigmoid', 3).forEach((n, l) => expect(got[l]).toBeCloseTo(n, 12));
    const byDefault = gradientNormsAtStart([4], 'relu');
    normsByHand([4], 'relu', 20).forEach((n, l) => expect(byDefault[l]).toBeCloseTo(n, 12));
    expect(byDefault.every((n) => n > 0)).toBe(true);
  });
});

describe('depthComparison', () => {
  it('for each activation: test accuracy, the most given answer and its share, and the mean norms over every batch', () => {
    const runs = depthComparison([6, 6], ['sigmoid', 'relu'], { count: 256, testCount: 100, learningRate: 0.2, batchSize: 32 });
    expect(runs.map((r) => r.activation)).toEqual(['sigmoid', 'relu']);
    for (const got of runs) {
      const test = takeFirst(loadMnist('test'), 100);
      const trainer = createTrainer(createNetwork({ sizes: [784, 6, 6, 10], activation: got.activation, seed: 1 }), takeFirst(loadMnist('train'), 256), {
        optimizer: { name: 'sgd', learningRate: 0.2 },
        batchSize: 32,
        epochs: 1,
        shuffleSeed: 1,
      });
      const sums = [0, 0, 0];
      let batches = 0;
      for (let step = trainer.step(); step.kind === 'batch' || step.kind === 'epoch'; step = trainer.step()) {
        if (step.kind !== 'batch') continue;
        batches++;
        trainer.gradientNorms().forEach((n, l) => (sums[l] += n));
      }
      expect(batches).toBe(8);
      const e = trainer.evaluate(test);
      const answers = Array.from({ length: 10 }, (_, p) => e.confusion.reduce((s, row) => s + row[p], 0));
      const most = answers.indexOf(Math.max(...answers));
      expect(got.testAccuracy).toBe(e.accuracy);
      expect(got.mostAnswered).toBe(most);
      expect(got.mostAnsweredShare).toBe(answers[most] / 100);
      sums.forEach((s, l) => expect(got.meanNorms[l]).toBeCloseTo(s / 8, 12));
      trainer.dispose();
    }
  });

  it('the defaults: 3,000 training and 2,000 test digits, η 0.1, batches of 64 (47 batches)', () => {
    const [got] = depthComparison([5], ['relu']);
    const trainer = createTrainer(createNetwork({ sizes: [784, 5, 10], activation: 'relu', seed: 1 }), takeFirst(loadMnist('train'), 3000), {
      optimizer: { name: 'sgd', learningRate: 0.1 },
      batchSize: 64,
      epochs: 1,
      shuffleSeed: 1,
    });
    const sums = [0, 0];
    let batches = 0;
    for (let step = trainer.step(); step.kind !== 'finished'; step = trainer.step()) {
      if (step.kind === 'batch') {
        batches++;
        trainer.gradientNorms().forEach((n, l) => (sums[l] += n));
      }
    }
    expect(batches).toBe(47);
    const e = trainer.evaluate(takeFirst(loadMnist('test'), 2000));
    expect(got.testAccuracy).toBe(e.accuracy);
    sums.forEach((s, l) => expect(got.meanNorms[l]).toBeCloseTo(s / 47, 12));
    const answers = Array.from({ length: 10 }, (_, p) => e.confusion.reduce((s, row) => s + row[p], 0));
    expect(got.mostAnsweredShare).toBe(Math.max(...answers) / 2000);
    trainer.dispose();
  });

  it('a network that blows up stops there; its norms are averaged over the batches it trained', () => {
    const [got] = depthComparison([4], ['relu'], { count: 320, testCount: 50, learningRate: 100, batchSize: 32 });
    const trainer = createTrainer(createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 1 }), takeFirst(loadMnist('train'), 320), {
      optimizer: { name: 'sgd', learningRate: 100 },
      batchSize: 32,
      epochs: 1,
      shuffleSeed: 1,
    });
    const sums = [0, 0];
    let batches = 0;
    let kind = '';
    for (;;) {
      const step = trainer.step();
      kind = step.kind;
      if (step.kind !== 'batch') break;
      batches++;
      trainer.gradientNorms().forEach((n, l) => (sums[l] += n));
    }
    expect(kind).toBe('diverged');
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(10);
    sums.forEach((s, l) => expect(got.meanNorms[l]).toBeCloseTo(s / batches, 12));
    expect(got.testAccuracy).toBe(trainer.evaluate(takeFirst(loadMnist('test'), 50)).accuracy);
    trainer.dispose();
  });
});
