/**
 * Numbers the "Reading the mistakes" lesson quotes at build time: the built-in network's results on
 * the test digits, computed by the core, in the same phrases the page computes for whichever
 * network it shows (mistakes-prose.ts), so the prose built here is what the page would write.
 */
import type { TestResults } from './mistakes.ts';
import { describeNetwork, mistakesProse, type BuiltInDescription } from './mistakes-prose.ts';
import { REFERENCE_TRAINING, referenceNetwork } from './reference-network.ts';
import { loadMnist } from '../data/load-node.ts';

/** How the built-in network was trained, for the prose (also embedded in the page). */
export function builtInDescription(): BuiltInDescription {
  const t = REFERENCE_TRAINING;
  return { hidden: t.hidden, activation: t.activation, epochs: t.epochs, learningRate: t.learningRate, batchSize: t.batchSize, trainCount: referenceNetwork().trainCount };
}

let cached: ReturnType<typeof mistakesProse> | undefined;
export function mistakesFacts() {
  if (cached) return cached;
  const e = referenceNetwork().test;
  const results: TestResults = { ...e, labels: loadMnist('test').labels };
  cached = mistakesProse(results, describeNetwork(builtInDescription()));
  return cached;
}
