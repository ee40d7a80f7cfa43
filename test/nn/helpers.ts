import { imageAsFloats } from '../../src/data/dataset.ts';
import { loadSample } from '../../src/data/load-node.ts';

/** Digit `index` of the 100-digit sample as network input and its label. */
export function digit(index: number): { x: Float32Array; y: number } {
  const sample = loadSample();
  return { x: imageAsFloats(sample, index), y: sample.labels[index] };
}

/** Largest elementwise |a − b|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expectSameLength(a, b);
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] - b[k]));
  return max;
}

function expectSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
}
