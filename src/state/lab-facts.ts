/**
 * Numbers the lab's lessons quote, computed by the core at build time from the real data (never
 * typed in): batches per epoch, short learning-rate comparisons, gradient norms per layer of a
 * deep sigmoid network against a deep ReLU one. Small subsets keep the build quick; each lesson
 * says which subset it used.
 */
import { takeFirst } from '../data/dataset.ts';
import { loadMnist } from '../data/load-node.ts';
import { createNetwork, createTrainer, type Activation, type OptimizerName, type Schedule } from '../nn/index.ts';
import { MNIST_CLASSES } from '../nn/serialize.ts';
import { LAB_DEFAULTS } from './lab-url.ts';

/** The default lab run's shape: how many digits, batches and updates. */
export function batchFacts(batchSize = LAB_DEFAULTS.batchSize) {
  const train = loadMnist('train');
  const batchesPerEpoch = Math.ceil(train.count / batchSize);
  const lastBatch = train.count - (batchesPerEpoch - 1) * batchSize;
  return {
    trainCount: train.count,
    testCount: loadMnist('test').count,
    batchSize,
    batchesPerEpoch,
    lastBatch,
    epochs: LAB_DEFAULTS.epochs,
    updates: batchesPerEpoch * LAB_DEFAULTS.epochs,
    samples: train.count * LAB_DEFAULTS.epochs,
  };
}

export interface ShortRun {
  learningRate: number;
  schedule: Schedule;
  batchSize: number;
  /** Mean loss of the first and of the last tenth of the batches (NaN-free: diverged runs say so). */
  firstLoss: number;
  lastLoss: number;
  /**
   * The final network on the digits it trained on: its loss and accuracy after the last step. The
   * batch losses above were each measured before that batch's own step, with the weights of the
   * moment, so their running mean is not the final network's loss. Null if it diverged.
   */
  finalTrain: { loss: number; accuracy: number } | null;
  testAccuracy: number | null;
  /** Test accuracy measured after every step of the last tenth of the batches: lowest and highest. */
  lastTenthTest: { min: number; max: number; steps: number } | null;
  diverged: boolean;
}

/** One epoch of SGD on the first `count` training digits for each η, with the same seed. */
export function learningRateComparison(rates: number[], options: { count?: number; testCount?: number; hidden?: number[]; optimizer?: OptimizerName; batchSize?: number; schedule?: Schedule } = {}): ShortRun[] {
  const count = options.count ?? 5000;
  const train = takeFirst(loadMnist('train'), count);
  const test = takeFirst(loadMnist('test'), options.testCount ?? 2000);
  const batchSize = options.batchSize ?? 32;
  const schedule = options.schedule ?? 'constant';
  const batches = Math.ceil(count / batchSize);
  const tenth = Math.max(1, Math.floor(batches / 10));
  return rates.map((learningRate) => {
    const net = createNetwork({ sizes: [784, ...(options.hidden ?? [32]), MNIST_CLASSES], activation: 'relu', seed: 1 });
    const trainer = createTrainer(net, train, { optimizer: { name: options.optimizer ?? 'sgd', learningRate }, batchSize, epochs: 1, shuffleSeed: 1, schedule });
    const losses: number[] = [];
    const lateTest: number[] = [];
    let diverged = false;
    for (;;) {
      const step = trainer.step();
      if (step.kind === 'batch') {
        losses.push(step.loss);
        if (losses.length > batches - tenth) lateTest.push(trainer.evaluate(test).accuracy);
      } else if (step.kind === 'diverged') {
        diverged = true;
        break;
      } else if (step.kind === 'finished') break;
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const final = diverged ? null : trainer.evaluate(train);
    const result: ShortRun = {
      learningRate,
      schedule,
      batchSize,
      firstLoss: mean(losses.slice(0, tenth)),
      lastLoss: mean(losses.slice(-tenth)),
      finalTrain: final && { loss: final.loss, accuracy: final.accuracy },
      testAccuracy: diverged ? null : trainer.evaluate(test).accuracy,
      lastTenthTest: diverged || lateTest.length === 0 ? null : { min: Math.min(...lateTest), max: Math.max(...lateTest), steps: lateTest.length },
      diverged,
    };
    trainer.dispose();
    return result;
  });
}

/** ‖dL/dW‖ per layer after the first few batches of a fresh network, first layer first. */
export function gradientNormsAtStart(hidden: number[], activation: Activation, batches = 20): number[] {
  const train = takeFirst(loadMnist('train'), 64 * batches);
  const net = createNetwork({ sizes: [784, ...hidden, MNIST_CLASSES], activation, seed: 1 });
  const trainer = createTrainer(net, train, { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 64, epochs: 1, shuffleSeed: 1 });
  const sums = new Array<number>(hidden.length + 1).fill(0);
  for (let b = 0; b < batches; b++) {
    const step = trainer.step();
    if (step.kind !== 'batch') break;
    trainer.gradientNorms().forEach((n, l) => (sums[l] += n / batches));
  }
  trainer.dispose();
  return sums;
}

export interface DepthRun {
  activation: Activation;
  testAccuracy: number;
  /** The digit the network answers most often on the test digits, and the share of digits it gets. */
  mostAnswered: number;
  mostAnsweredShare: number;
  /** ‖dL/dW‖ per layer averaged over every batch of the run, first layer first. */
  meanNorms: number[];
}

/**
 * The "Going deeper" lab's starting point, shrunk to build quickly: the same deep network, SGD
 * and η, one epoch on the first `count` training digits, for each activation; evaluated on the
 * first `testCount` test digits.
 */
export function depthComparison(hidden: number[], activations: Activation[], options: { count?: number; testCount?: number; learningRate?: number; batchSize?: number } = {}): DepthRun[] {
  const train = takeFirst(loadMnist('train'), options.count ?? 3000);
  const test = takeFirst(loadMnist('test'), options.testCount ?? 2000);
  return activations.map((activation) => {
    const net = createNetwork({ sizes: [784, ...hidden, MNIST_CLASSES], activation, seed: 1 });
    const trainer = createTrainer(net, train, { optimizer: { name: 'sgd', learningRate: options.learningRate ?? 0.1 }, batchSize: options.batchSize ?? 64, epochs: 1, shuffleSeed: 1 });
    const sums = new Array<number>(hidden.length + 1).fill(0);
    let batches = 0;
    for (;;) {
      const step = trainer.step();
      if (step.kind === 'batch') {
        batches++;
        trainer.gradientNorms().forEach((n, l) => (sums[l] += n));
      } else if (step.kind === 'finished' || step.kind === 'diverged') break;
    }
    const e = trainer.evaluate(test);
    trainer.dispose();
    const columns = e.confusion[0].map((_, p) => e.confusion.reduce((s, row) => s + row[p], 0));
    const mostAnswered = columns.indexOf(Math.max(...columns));
    return { activation, testAccuracy: e.accuracy, mostAnswered, mostAnsweredShare: columns[mostAnswered] / test.count, meanNorms: sums.map((s) => s / Math.max(1, batches)) };
  });
}
