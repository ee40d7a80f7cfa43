/**
 * The learning-rate lesson's build-time comparison: the final network's numbers are measured after
 * the last step (not the running batch loss), and the late test accuracies bracket the final one.
 */
import { describe, expect, it } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist } from '../../src/data/load-node.ts';
import { createNetwork, createTrainer, evaluate } from '../../src/nn/index.ts';
import { learningRateComparison } from '../../src/state/lab-facts.ts';

describe('learningRateComparison', () => {
  // 640 digits in batches of 32: 20 batches, so the last tenth is 2 batches. Computed inside the
  // tests (once), not in the describe body, so per-test coverage credits them (README).
  let runs: ReturnType<typeof learningRateComparison> | undefined;
  const compared = () => (runs ??= learningRateComparison([0.1, 50], { count: 640, testCount: 300 }));

  it('the final network’s training loss and accuracy are its own, after the last step', () => {
    const [run] = compared();
    const train = takeFirst(loadMnist('train'), 640);
    const trainer = createTrainer(createNetwork({ sizes: [784, 32, 10], activation: 'relu', seed: 1 }), train, { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 32, epochs: 1, shuffleSeed: 1 });
    while (trainer.step().kind !== 'finished');
    const final = evaluate(trainer.snapshot(), train);
    expect(run.finalTrain!.loss).toBeCloseTo(final.loss, 6);
    expect(run.finalTrain!.accuracy).toBe(final.accuracy);
    expect(run.finalTrain!.loss).not.toBeCloseTo(run.lastLoss, 3); // a different quantity from the running mean
  });

  it('the test accuracy after each of the last tenth’s steps brackets the final one (the last of them)', () => {
    const [run] = compared();
    expect(run.lastTenthTest!.steps).toBe(2);
    expect(run.lastTenthTest!.min).toBeLessThanOrEqual(run.testAccuracy!);
    expect(run.lastTenthTest!.max).toBeGreaterThanOrEqual(run.testAccuracy!);
    expect(run.schedule).toBe('constant');
  });

  it('a diverged run has no final network numbers', () => {
    const [, blown] = compared();
    expect(blown.diverged).toBe(true);
    expect(blown).toMatchObject({ finalTrain: null, testAccuracy: null, lastTenthTest: null });
  });
});
