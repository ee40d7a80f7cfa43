/**
 * The built-in trained network of the mistakes lesson: the step-through's shape (784-16-10, ReLU,
 * seed 1) trained for one epoch of SGD on all 60,000 training digits, when the site is built. A
 * learner who has not trained one yet still has real mistakes to read; the lesson's numbers are
 * this network's, computed by the core. Node only (it reads MNIST from disk); cached per process.
 */
import { loadMnist } from '../data/load-node.ts';
import { createNetwork, createTrainer, evaluate, type Evaluation, type Network } from '../nn/index.ts';
import { DEFAULT_CONFIG } from './session.ts';
import { storeWeights, type StoredWeights } from './trained.ts';

/** How the built-in network is trained: written once, quoted by the lesson. */
export const REFERENCE_TRAINING = { hidden: DEFAULT_CONFIG.hidden, activation: DEFAULT_CONFIG.activation, seed: DEFAULT_CONFIG.seed, optimizer: 'sgd', learningRate: 0.1, batchSize: 64, epochs: 1, shuffleSeed: 1 } as const;

export interface ReferenceNetwork {
  net: Network;
  /** Its evaluation on the 10,000 test digits. */
  test: Evaluation;
  /** The record the page embeds (the same format the tab's storage uses). */
  stored: StoredWeights;
  /** Training digits it saw. */
  trainCount: number;
}

let cached: ReferenceNetwork | undefined;

export function referenceNetwork(): ReferenceNetwork {
  if (cached) return cached;
  const train = loadMnist('train');
  const t = REFERENCE_TRAINING;
  const start = createNetwork({ sizes: [784, ...t.hidden, 10], activation: t.activation, seed: t.seed });
  const trainer = createTrainer(start, train, { optimizer: { name: t.optimizer, learningRate: t.learningRate }, batchSize: t.batchSize, epochs: t.epochs, shuffleSeed: t.shuffleSeed });
  for (;;) {
    const result = trainer.step();
    if (result.kind === 'finished') break;
    if (result.kind === 'diverged') throw new Error(`the built-in network diverged: ${result.reason}`);
  }
  const net = trainer.snapshot();
  trainer.dispose();
  const source = `the network trained when this site was built (784-${t.hidden.join('-')}-10, ${t.epochs} epoch of SGD, η ${t.learningRate})`;
  cached = { net, test: evaluate(net, loadMnist('test')), stored: storeWeights(net, source), trainCount: train.count };
  return cached;
}
