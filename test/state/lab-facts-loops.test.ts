/**
 * lab-facts.ts's loops over a scripted trainer (the core's trainer replaced, the data real): what
 * each fact does when a run blows up part-way, when it trains fewer batches than its digits and
 * batch size promise (no late test accuracies: none reported rather than ±∞), and that every
 * trainer it makes is disposed of. The real trainer's numbers are checked in lab-facts-edges.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StepResult, Trainer } from '../../src/nn/index.ts';

const script: { kinds: StepResult['kind'][]; disposed: number; made: number } = { kinds: [], disposed: 0, made: 0 };

vi.mock('../../src/nn/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/nn/index.ts')>();
  return {
    ...real,
    createTrainer: (): Partial<Trainer> => {
      script.made++;
      const kinds = [...script.kinds];
      return {
        step: () => {
          const kind = kinds.shift() ?? 'finished';
          if (kind === 'batch') return { kind, epoch: 1, batch: 0, batchesPerEpoch: 1, loss: 2, accuracy: 0.5, samplesSeen: 10, learningRate: 0.1 } as StepResult;
          if (kind === 'diverged') return { kind, epoch: 1, batch: 2, loss: Number.NaN, reason: 'r', suggestion: 's' };
          if (kind === 'epoch') return { kind, result: {} as never };
          return { kind: 'finished', epochs: [] };
        },
        gradientNorms: () => [1, 2],
        evaluate: () => ({ accuracy: 0.5, loss: 1, confusion: Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (c === 3 ? r + 1 : 0))) }) as never,
        dispose: () => void script.disposed++,
      };
    },
  };
});

const { depthComparison, gradientNormsAtStart, learningRateComparison } = await import('../../src/state/lab-facts.ts');

beforeEach(() => {
  script.kinds = [];
  script.disposed = 0;
  script.made = 0;
});

describe('lab facts over a scripted trainer', () => {
  it('gradientNormsAtStart stops at a blow-up: the norms of the batches before it, over the batches asked for', () => {
    script.kinds = ['batch', 'batch', 'diverged', 'batch'];
    // Two batches of norms [1, 2], each divided by the 4 batches asked for.
    expect(gradientNormsAtStart([3], 'relu', 4)).toEqual([0.5, 1]);
    expect(script.disposed).toBe(1);
  });

  it('learningRateComparison: fewer batches than promised leaves no late test accuracies; the trainer is disposed of', () => {
    // 100 digits in batches of 10 promise 10 batches (the last tenth is the 10th); only 5 come.
    script.kinds = ['batch', 'batch', 'batch', 'batch', 'batch', 'epoch', 'finished'];
    const [run] = learningRateComparison([0.1], { count: 100, testCount: 10, batchSize: 10 });
    expect(run).toMatchObject({ diverged: false, lastTenthTest: null, testAccuracy: 0.5, firstLoss: 2, lastLoss: 2 });
    expect(script.disposed).toBe(1);
    script.kinds = ['batch', 'diverged'];
    expect(learningRateComparison([0.2, 0.3], { count: 100, testCount: 10, batchSize: 10 }).map((r) => r.diverged)).toEqual([true, true]);
    expect(script.disposed).toBe(3);
  });

  it('depthComparison disposes of each trainer and counts the answers per column', () => {
    script.kinds = ['batch', 'batch', 'epoch', 'finished'];
    const runs = depthComparison([3], ['relu', 'sigmoid'], { count: 20, testCount: 10, batchSize: 10 });
    expect(script.made).toBe(2);
    expect(script.disposed).toBe(2);
    // Every digit answered 3: the column of 3 holds 1 + 2 + … + 10 = 55 of them.
    expect(runs[0]).toMatchObject({ mostAnswered: 3, mostAnsweredShare: 5.5, meanNorms: [1, 2] });
  });
});
