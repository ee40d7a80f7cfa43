/**
 * The numbers and phrases the "Reading the mistakes" lesson says about a network, from its test
 * results: one function for both the build (the site's own network) and the page (whichever
 * network the matrix and gallery show: a run of the lab, a weights file, the site's network), so
 * the prose always describes the network beside it. Pure; browser-safe.
 */
import type { Network } from '../nn/index.ts';
import { aDigit } from './bridge.ts';
import { confidentMistakes, topConfusions, type TestResults } from './mistakes.ts';

export interface MistakesProse {
  /** What the network is, as a noun phrase. */
  network: string;
  accuracy: string;
  wrong: string;
  worst: string;
  best: string;
  /** "a true 9 read as 4 (46 of the 1009 9s), …, and a true 5 read as 3 (… )". */
  top: string;
  confidentWrong: string;
  /** "test digit #9009, is a 4 read as 9 with p = 0.9992" */
  sure: string;
}
export type MistakesProseName = keyof MistakesProse;

/** The built-in network, described for the prose (its training settings are the build's). */
export interface BuiltInDescription {
  hidden: readonly number[];
  activation: string;
  epochs: number;
  learningRate: number;
  batchSize: number;
  trainCount: number;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const activationName = (a: string): string => (a === 'relu' ? 'ReLU' : a);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Who the network is: the site's own (with how it was trained) or the learner's (with its source and shape). */
export function describeNetwork(builtIn: BuiltInDescription | null, mine?: { net: Network; source: string }): string {
  if (builtIn && !mine) {
    const b = builtIn;
    return `the site’s own network, the step-through’s shape (784 pixels, ${b.hidden.join(', ')} hidden ${activationName(b.activation)} units, 10 outputs), trained when this site was built for ${plural(b.epochs, 'epoch')} of plain gradient descent (η = ${b.learningRate}, mini-batches of ${b.batchSize}) over all ${b.trainCount.toLocaleString('en')} training digits`;
  }
  if (!mine) return 'the network shown';
  // A run's name may already carry its accuracy from the lab; the prose gives the one measured here.
  const source = mine.source.replace(/, \d+(\.\d+)? % test accuracy$/, '');
  return `your network, ${source} (${mine.net.sizes.join('-')}, ${activationName(mine.net.activation)} units)`;
}

/** Every phrase of the prose for `results` (the network's evaluation on the test digits). */
export function mistakesProse(results: TestResults, network: string): MistakesProse {
  const { confusion } = results;
  const rowTotal = (t: number) => confusion[t].reduce((s, n) => s + n, 0);
  const perClass = confusion.map((row, digit) => ({ digit, accuracy: rowTotal(digit) ? row[digit] / rowTotal(digit) : 0 }));
  const worst = [...perClass].sort((a, b) => a.accuracy - b.accuracy || a.digit - b.digit)[0];
  const best = [...perClass].sort((a, b) => b.accuracy - a.accuracy || a.digit - b.digit)[0];
  const top = topConfusions(confusion, 3);
  const sure = confidentMistakes(results, 1)[0];
  const confidentWrong = results.misclassified.filter((k) => results.confidence[k] > 0.9).length;
  const wrong = results.misclassified.length;
  const accuracy = 1 - wrong / results.labels.length;
  const topText = top.length === 0
    ? 'none: it made no mistakes'
    : top.map((c, k) => `${k > 0 && k === top.length - 1 ? 'and ' : ''}a true ${c.truth} read as ${c.predicted} (${c.count} of the ${rowTotal(c.truth)} ${c.truth}s)`).join(', ');
  return {
    network,
    accuracy: pct(accuracy),
    wrong: wrong.toLocaleString('en'),
    worst: `${worst.digit} (${pct(worst.accuracy)} right)`,
    best: `${best.digit} (${pct(best.accuracy)})`,
    top: topText,
    confidentWrong: confidentWrong.toLocaleString('en'),
    sure: sure === undefined
      ? 'none: it made no mistakes'
      : `test digit #${sure}, is ${aDigit(results.labels[sure])} read as ${aDigit(results.predictions[sure])} with p = ${results.confidence[sure].toFixed(4)}`,
  };
}
