/**
 * `npm run --silent trace -- --set test --index 0 --hidden 32 --activation relu --seed 1 --lr 0.1 [--weights w.json]`
 * Prints the trace document of one pass (forward, backward, one SGD step) as JSON on stdout.
 */
import { readFileSync } from 'node:fs';
import { imageAsFloats } from '../data/dataset.ts';
import { loadMnist } from '../data/load-node.ts';
import { createNetwork, createPass, traceToJson, weightsFromJson } from '../nn/index.ts';
import { UsageError, activationFlag, choiceFlag, hiddenFlag, intFlag, numberFlag, runCommand, type FlagSpec } from './args.ts';

const SPEC: Record<string, FlagSpec> = {
  set: { help: 'train or test', default: 'test' },
  index: { help: 'which digit of the set', default: '0' },
  hidden: { help: 'hidden layer widths, comma-separated', default: '32' },
  activation: { help: 'relu, sigmoid or tanh', default: 'relu' },
  seed: { help: 'seed of the initial weights', default: '1' },
  lr: { help: 'learning rate of the SGD step in "updated"', default: '0.1' },
  weights: { help: 'trace a trained network from this weights JSON (overrides --hidden, --activation, --seed)' },
};

await runCommand('Print one forward and backward pass as a trace document.\n\nUsage: npm run --silent trace -- [options]', SPEC, async (flags) => {
  const set = choiceFlag(flags.set, 'set', ['train', 'test'] as const);
  const data = loadMnist(set);
  const index = intFlag(flags.index, 'index', 0, data.count - 1);
  const learningRate = numberFlag(flags.lr, 'lr');
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new UsageError(`--lr must be a positive number, got "${String(flags.lr)}"`);
  let net;
  if (flags.weights) {
    let text: string;
    try {
      text = readFileSync(String(flags.weights), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --weights ${String(flags.weights)}: ${(error as Error).message}`);
    }
    net = weightsFromJson(text);
  } else {
    net = createNetwork({ sizes: [data.rows * data.cols, ...hiddenFlag(flags.hidden), 10], activation: activationFlag(flags.activation), seed: intFlag(flags.seed, 'seed', 0, 0xffffffff) });
  }
  const pass = createPass(net, imageAsFloats(data, index), data.labels[index], learningRate);
  process.stdout.write(`${JSON.stringify(traceToJson(pass, { set, index }))}\n`);
  return 0;
});
