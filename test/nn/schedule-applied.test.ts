/**
 * The trainer really applies the optimizer and the schedule: a network small enough to train by
 * hand (one pixel in, two classes out, weights starting at zero) and updates worked out on paper.
 *
 * With W = b = 0 the logits are 0, p = (½, ½), and for label 0 the output error is
 * dL/dz = p − onehot(0) = (−½, ½). With the pixel x = 1: dL/dW = dL/dz · x = (−½, ½), dL/db = (−½, ½).
 */
import { describe, expect, it } from 'vitest';
import { loadWasmBackend } from '../../src/data/kernels-node.ts';
import { createNetwork, createTrainer, train, tsBackend, type KernelBackend, type LabelledImages, type Network, type Schedule, type TrainerOptions } from '../../src/nn/index.ts';

// Both backends must give the hand-computed numbers: the TypeScript one and the WebAssembly one.
const backends: [string, KernelBackend][] = [['ts', tsBackend], ['wasm', await loadWasmBackend()]];

/** One-pixel images: byte 255 is the input 1, byte 0 the input 0. */
function pixels(bytes: number[], labels: number[]): LabelledImages {
  return { count: bytes.length, rows: 1, cols: 1, pixels: Uint8Array.from(bytes), labels: Uint8Array.from(labels) };
}

/** sizes [1, 2]: a single softmax layer, W and b both zero. */
function zeroNetwork(): Network {
  const net = createNetwork({ sizes: [1, 2], activation: 'relu', seed: 1 });
  net.layers[0].W.fill(0);
  net.layers[0].b.fill(0);
  return net;
}

/** Runs the trainer to the end; returns the final weights and each batch's learning rate. */
function run(data: LabelledImages, options: Omit<TrainerOptions, 'shuffleSeed'>): { W: number[]; b: number[]; rates: number[] } {
  const trainer = createTrainer(zeroNetwork(), data, { shuffleSeed: 1, ...options });
  expect(trainer.backendName).toBe(options.backend?.name ?? 'ts');
  const rates: number[] = [];
  for (let guard = 0; guard < 100; guard++) {
    const result = trainer.step();
    if (result.kind === 'batch') rates.push(result.learningRate);
    if (result.kind === 'finished' || result.kind === 'diverged') break;
  }
  const net = trainer.snapshot();
  trainer.dispose();
  return { W: Array.from(net.layers[0].W), b: Array.from(net.layers[0].b), rates };
}

// Two batches (one digit, two epochs), η = 1:
//   step 1 at scale s₁: W = b = s₁ · (½, −½).
//   step 2: z = W + b = (2·½s₁, −2·½s₁); with s₁ = 1, z = (1, −1), p₀ = 1 / (1 + e⁻²) = 0.8807971,
//   dL/dz = (p₀ − 1, 1 − p₀) = (−0.1192029, 0.1192029); W₀ = ½ + s₂ · 0.1192029.
// Constant: s = (1, 1) → W₀ = 0.6192029. Cosine over T = 2 batches: s = (1, ½(1 + cos(π/2))) = (1, ½)
//   → W₀ = 0.5596015. A trainer that ignored the schedule would give the constant result.
const oneDigit = pixels([255], [0]);
describe.each(backends)('the schedule the trainer applies, by hand (%s backend)', (_name, backend) => {
  it.each([
    ['constant', [1, 1], 0.6192029220],
    ['cosine', [1, 0.5], 0.5596014610],
  ] as const)('%s: η per batch %j, W₀ after two batches %s', (schedule: Schedule, rates, w0) => {
    const result = run(oneDigit, { optimizer: { name: 'sgd', learningRate: 1 }, batchSize: 1, epochs: 2, schedule, backend });
    expect(result.rates).toEqual(rates);
    expect(result.W[0]).toBeCloseTo(w0, 6);
    expect(result.W[1]).toBeCloseTo(-w0, 6);
    expect(result.b[0]).toBeCloseTo(w0, 6);
  });

  it('cosine over four batches: η = η₀ · (1, 0.854, 0.5, 0.146)', () => {
    const { rates } = run(oneDigit, { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 1, epochs: 4, schedule: 'cosine', backend });
    const expected = [1, 0.5 * (1 + Math.SQRT1_2), 0.5, 0.5 * (1 - Math.SQRT1_2)].map((s) => 0.1 * s);
    expect(rates).toHaveLength(4);
    rates.forEach((rate, k) => expect(rate).toBeCloseTo(expected[k], 12));
  });

  it('a learning rate set mid-run is scheduled too, from the next batch on', () => {
    const trainer = createTrainer(zeroNetwork(), oneDigit, { optimizer: { name: 'sgd', learningRate: 1 }, batchSize: 1, epochs: 4, shuffleSeed: 1, schedule: 'cosine', backend });
    const rates: number[] = [];
    for (let k = 0; k < 8; k++) {
      const result = trainer.step();
      if (result.kind === 'batch') rates.push(result.learningRate);
      if (rates.length === 2 && result.kind === 'batch') trainer.setLearningRate(0.2);
    }
    // Batches 3 and 4 of 4 are at scales ½ and 0.146 of the new base rate 0.2.
    expect(rates.slice(2)).toEqual([0.2 * 0.5, expect.closeTo(0.2 * 0.5 * (1 - Math.SQRT1_2), 12)]);
    trainer.dispose();
  });
});

describe.each(backends)('the optimizer the trainer applies, by hand (%s backend)', (_name, backend) => {
  // Two batches of the same digit, η as given, constant schedule.
  // momentum (μ = 0.9, η = 1): step 1 as SGD, W = (½, −½); step 2: v = 0.9·(−½) + (−0.1192029)
  //   = −0.5692029, W₀ = ½ + 0.5692029 = 1.0692029.
  // adam (η = 0.1): step 1 moves every parameter by η·sign(g): W₀ = 0.1. Step 2: z = (0.2, −0.2),
  //   p₀ = 1 / (1 + e^−0.4) = 0.5986877, g = −0.4013123; m = 0.09·(−½) + 0.1·g = −0.0851312,
  //   m̂ = m / 0.19 = −0.4480591; v = 0.000999·¼ + 0.001·g² = 0.0004108016, v̂ = 0.2055035,
  //   W₀ = 0.1 + 0.1 · 0.4480591 / 0.4533250 = 0.1988384.
  it.each([
    ['sgd', 1, 0.6192029220],
    ['momentum', 1, 1.0692029220],
    ['adam', 0.1, 0.1988384],
  ] as const)('%s (η = %s): W₀ after two batches is %s', (name, learningRate, w0) => {
    const result = run(oneDigit, { optimizer: { name, learningRate }, batchSize: 1, epochs: 2, backend });
    expect(result.W[0]).toBeCloseTo(w0, 5);
    expect(result.W[1]).toBeCloseTo(-w0, 5);
  });
});

describe.each(backends)('a batch trains on the mean of its digits’ gradients (%s backend)', (_name, backend) => {
  // Digits x = 1 and x = 0, both label 0, one batch of two, SGD η = 1, from zero weights:
  //   dL/dz is (−½, ½) for both; dL/dW = mean(x · dL/dz) = ((−½ + 0)/2, (½ + 0)/2) = (−¼, ¼);
  //   dL/db = mean(dL/dz) = (−½, ½). A sum instead of a mean would double both.
  it('W moves by the mean of x·dL/dz, b by the mean of dL/dz', () => {
    const result = run(pixels([255, 0], [0, 0]), { optimizer: { name: 'sgd', learningRate: 1 }, batchSize: 2, epochs: 1, backend });
    expect(result.W[0]).toBeCloseTo(0.25, 6);
    expect(result.W[1]).toBeCloseTo(-0.25, 6);
    expect(result.b[0]).toBeCloseTo(0.5, 6);
    expect(result.b[1]).toBeCloseTo(-0.5, 6);
  });

  it('train() writes the same hand-computed weights back into the network it was given', async () => {
    const net = zeroNetwork();
    const result = await train(net, oneDigit, { optimizer: { name: 'sgd', learningRate: 1 }, batchSize: 1, epochs: 2, shuffleSeed: 1, schedule: 'cosine', backend });
    expect(result.status).toBe('completed');
    expect(net.layers[0].W[0]).toBeCloseTo(0.5596014610, 6);
  });
});
