/**
 * The TypeScript backend's dead-unit count reads each unit's own activity on each digit: a tiny
 * network on a 2 × 2 "image" where hidden unit 0 fires only on digit 0, unit 1 only on digit 1 and
 * unit 2 never. Both digits go through one batch, so reading a neighbouring unit or the other
 * digit's row would move the count (kills index.ts's `s * width + o` mutants, ts-session group).
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, type Activation } from '../../src/nn/index.ts';
import type { LabelledImages } from '../../src/nn/batch.ts';
import { evaluateNetwork } from '../../src/nn/backends/ts/index.ts';

/** Digit d lights pixel d fully (x = 1), nothing else. */
function images(count: number): LabelledImages {
  const pixels = new Uint8Array(count * 4);
  for (let d = 0; d < count; d++) pixels[d * 4 + d] = 255;
  return { count, rows: 2, cols: 2, pixels, labels: Uint8Array.from({ length: count }, (_, d) => d % 2) };
}

/**
 * Hidden unit o (o = 0, 1) has weight `w` from pixel o and bias `b`, unit 2 only the bias `b`:
 * on its own digit unit o has z = w + b, everywhere else z = b.
 */
function network(activation: Activation, w: number, b: number) {
  const net = createNetwork({ sizes: [4, 3, 2], activation, seed: 3 });
  const hidden = net.layers[0];
  hidden.W.fill(0);
  hidden.b.fill(b);
  hidden.W[0 * 4 + 0] = w;
  hidden.W[1 * 4 + 1] = w;
  return net;
}

describe('dead units, each read from its own row', () => {
  it.each([
    // ReLU: z = 2 − 1 = 1 > 0 on the unit's own digit, z = −1 elsewhere.
    ['relu', 2, -1],
    // Sigmoid and tanh: z = 1000 saturates (a is exactly 1 in float32: f′ = 0, dead); on the
    // unit's own digit z = −1000 + 1000 = 0, a = 0.5 (sigmoid) or 0 (tanh): active.
    ['sigmoid', -1000, 1000],
    ['tanh', -1000, 1000],
  ] as const)('%s: unit 0 fires on digit 0 only, unit 1 on digit 1 only, unit 2 never: 1 of 3 dead', (activation, w, b) => {
    const tally = evaluateNetwork(network(activation, w, b), images(2));
    expect(tally.deadFraction).toEqual([1 / 3]);
  });

  it.each([
    ['relu', 2, -1],
    ['sigmoid', -1000, 1000],
    ['tanh', -1000, 1000],
  ] as const)('%s: with digit 0 alone, units 1 and 2 never fire: 2 of 3 dead', (activation, w, b) => {
    expect(evaluateNetwork(network(activation, w, b), images(1)).deadFraction).toEqual([2 / 3]);
  });
});
