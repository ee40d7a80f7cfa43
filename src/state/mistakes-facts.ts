/**
 * Numbers the "Reading the mistakes" lesson quotes: the built-in network's results on the test
 * digits, computed at build time by the core (the page recomputes the same from the same weights).
 */
import { confidentMistakes, topConfusions, type TestResults } from './mistakes.ts';
import { REFERENCE_TRAINING, referenceNetwork } from './reference-network.ts';
import { loadMnist } from '../data/load-node.ts';

export function mistakesFacts() {
  const ref = referenceNetwork();
  const test = loadMnist('test');
  const e = ref.test;
  const results: TestResults = { ...e, labels: test.labels };
  const perClass = e.perClassAccuracy.map((accuracy, digit) => ({ digit, accuracy }));
  const worst = [...perClass].sort((a, b) => a.accuracy - b.accuracy)[0];
  const best = [...perClass].sort((a, b) => b.accuracy - a.accuracy)[0];
  const top = topConfusions(e.confusion, 3);
  const sure = confidentMistakes(results, 1)[0];
  const rowTotal = (t: number) => e.confusion[t].reduce((s, n) => s + n, 0);
  const confidentWrong = e.misclassified.filter((k) => e.confidence[k] > 0.9).length;
  return {
    training: REFERENCE_TRAINING,
    trainCount: ref.trainCount,
    testCount: test.count,
    accuracy: e.accuracy,
    wrong: e.misclassified.length,
    worst,
    best,
    top: top.map((c) => ({ ...c, rowTotal: rowTotal(c.truth) })),
    sure: { index: sure, label: test.labels[sure], predicted: e.predictions[sure], confidence: e.confidence[sure] },
    confidentWrong,
  };
}
