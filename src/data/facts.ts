/**
 * Facts about MNIST that lessons quote, computed from the data at build time (never typed in).
 */
import { loadMnist } from './load-node.ts';

export interface MnistFacts {
  trainCount: number;
  testCount: number;
  rows: number;
  cols: number;
  /** rows × cols: the length of the vector the network reads. */
  inputs: number;
  /** Training digits per class 0–9. */
  trainLabelCounts: number[];
  /** Fraction of all training pixels that are exactly 0 (background). */
  zeroFraction: number;
  /** The first test digit: its label and its brightest pixel. */
  first: { label: number; inkPixels: number; brightest: { row: number; col: number; byte: number; value: number } };
}

export function mnistFacts(): MnistFacts {
  const train = loadMnist('train');
  const test = loadMnist('test');
  const inputs = train.rows * train.cols;
  const trainLabelCounts = new Array<number>(10).fill(0);
  for (const label of train.labels) trainLabelCounts[label]++;
  let zeros = 0;
  for (const byte of train.pixels) if (byte === 0) zeros++;
  let brightest = 0;
  let inkPixels = 0;
  for (let i = 0; i < inputs; i++) {
    if (test.pixels[i] > test.pixels[brightest]) brightest = i;
    if (test.pixels[i] > 0) inkPixels++;
  }
  const byte = test.pixels[brightest];
  return {
    trainCount: train.count,
    testCount: test.count,
    rows: train.rows,
    cols: train.cols,
    inputs,
    trainLabelCounts,
    zeroFraction: zeros / train.pixels.length,
    first: { label: test.labels[0], inkPixels, brightest: { row: Math.floor(brightest / test.cols), col: brightest % test.cols, byte, value: byte / 255 } },
  };
}
