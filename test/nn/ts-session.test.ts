/**
 * The TypeScript backend's training session at its interface: forward alone tallies what
 * forward-backward tallies, readGradients hands out the batch-mean gradients (equal to the
 * batched pass's), batch sizes outside 1..maxBatch and a disposed session are refused with a
 * reason, and evaluation counts a hidden unit as dead only when no digit activates it, for each
 * activation.
 */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { createNetwork, forward, predicted, tsBackend, type Activation, type Network } from '../../src/nn/index.ts';
import { createWorkspace, meanGradients } from '../../src/nn/backends/ts/batch.ts';
import { evaluateNetwork } from '../../src/nn/backends/ts/index.ts';

const sgd = { name: 'sgd' as const, learningRate: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
const net = (sizes = [784, 40, 36, 10], activation: Activation = 'relu'): Network => createNetwork({ sizes, activation, seed: 5 });

describe('the TypeScript training session', () => {
  it('forward alone tallies the loss and hits of forward-backward, and leaves the gradients alone', () => {
    const sample = loadSample();
    const session = tsBackend.createSession(net(), sample, sgd, 8);
    const rows = Uint32Array.from([3, 14, 15, 92, 65, 35, 89, 79]);
    const both = { ...session.forwardBackward(rows, 8) };
    const norms = session.gradientNorms();
    const alone = { ...session.forward(Uint32Array.from([1, 2, 3]), 3) };
    expect(session.gradientNorms()).toEqual(norms);
    const again = { ...session.forward(rows, 8) };
    expect(again).toEqual(both);
    expect(alone.lossSum).not.toBe(both.lossSum);
  });

  it('forward and forward-backward tally the summed loss and the hits of exactly the digits asked for', () => {
    const sample = loadSample();
    const start = net([784, 12, 10]);
    // Single-digit reference passes: the loss of each digit and whether its prediction is right.
    const reference = (rows: number[]) => rows.map((k) => forward(start, imageAsFloats(sample, k), sample.labels[k]));
    const tally = (rows: number[]) => ({
      lossSum: reference(rows).reduce((sum, t) => sum + t.loss, 0),
      correct: reference(rows).filter((t, k) => predicted(t) === sample.labels[rows[k]]).length,
    });
    const session = tsBackend.createSession(start, sample, sgd, 9);
    const first = [3, 14, 15, 92, 65, 35, 89, 79, 32];
    const both = { ...session.forwardBackward(Uint32Array.from(first), 9) };
    expect(both.correct).toBe(tally(first).correct);
    expect(both.lossSum).toBeCloseTo(tally(first).lossSum, 4);
    const other = [0, 1, 2, 4, 5];
    const alone = { ...session.forward(Uint32Array.from(other), 5) };
    expect(alone.correct).toBe(tally(other).correct);
    expect(alone.lossSum).toBeCloseTo(tally(other).lossSum, 4);
    expect(tally(first).correct).toBeGreaterThan(0);
  });

  it('readGradients hands out the batch-mean gradients of the last forward-backward', () => {
    const sample = loadSample();
    const start = net();
    const session = tsBackend.createSession(start, sample, sgd, 5);
    const rows = [3, 14, 15, 92, 65];
    session.forwardBackward(Uint32Array.from(rows), 5);
    const dLdW = start.layers.map((l) => new Float32Array(l.W.length));
    const dLdb = start.layers.map((l) => new Float32Array(l.b.length));
    session.readGradients(dLdW, dLdb);
    const expected = meanGradients(start, sample, rows);
    start.layers.forEach((_, l) => {
      expect(Array.from(dLdW[l])).toEqual(Array.from(expected.dLdW[l]));
      expect(Array.from(dLdb[l])).toEqual(Array.from(expected.dLdb[l]));
    });
    expect(dLdW[1].some((v) => v !== 0)).toBe(true);
  });

  it.each(['forwardBackward', 'forward'] as const)('%s takes 1 to maxBatch digits', (method) => {
    const session = tsBackend.createSession(net(), loadSample(), sgd, 4);
    const rows = Uint32Array.from([0, 1, 2, 3, 4]);
    expect(() => session[method](rows, 0)).toThrow(new RangeError('a batch holds 1 to 4 digits (got 0)'));
    expect(() => session[method](rows, 5)).toThrow(new RangeError('a batch holds 1 to 4 digits (got 5)'));
    expect(session[method](rows, 4).lossSum).toBeGreaterThan(0);
    expect(session[method](rows, 1).lossSum).toBeGreaterThan(0);
  });

  it('a disposed session refuses every use with the reason', () => {
    const session = tsBackend.createSession(net(), loadSample(), sgd, 4);
    session.dispose();
    const rows = Uint32Array.from([0]);
    const message = 'this training session was disposed: start a new run';
    expect(() => session.forward(rows, 1)).toThrow(message);
    expect(() => session.forwardBackward(rows, 1)).toThrow(message);
    expect(() => session.update(0.1)).toThrow(message);
    expect(() => session.gradientNorms()).toThrow(message);
    expect(() => session.evaluate(loadSample())).toThrow(message);
  });
});

describe('dead units in an evaluation', () => {
  it.each([
    // z = −1000 saturates every activation: ReLU gives 0, sigmoid exactly 0 in float32, tanh exactly −1.
    ['relu', -1000, 1],
    ['sigmoid', -1000, 1],
    ['tanh', -1000, 1],
    // z = +1000: ReLU is active (z > 0); sigmoid is exactly 1 and tanh exactly 1: saturated, dead.
    ['relu', 1000, 0],
    ['sigmoid', 1000, 1],
    ['tanh', 1000, 1],
    // z = −0.5: tanh is active below zero too (a = −0.46); ReLU is not, sigmoid is (a = 0.38).
    ['tanh', -0.5, 0],
    ['relu', -0.5, 1],
    ['sigmoid', -0.5, 0],
    // z = 0.5: alive in every activation.
    ['relu', 0.5, 0],
    ['sigmoid', 0.5, 0],
    ['tanh', 0.5, 0],
  ] as const)('%s with every hidden z = %d: dead fraction %d', (activation, z, dead) => {
    const sample = loadSample();
    const n = net([784, 3, 10], activation);
    n.layers[0].W.fill(0);
    n.layers[0].b.fill(z);
    expect(evaluateNetwork(n, sample).deadFraction).toEqual([dead]);
  });

  it.each(['relu', 'sigmoid', 'tanh'] as const)('%s: a reused workspace larger than the set (rows past it hold old numbers) gives the same answer', (activation) => {
    const sample = loadSample();
    const n = net([784, 3, 10], activation);
    n.layers[0].W.fill(0);
    n.layers[0].b.fill(-1000); // every hidden unit dead on every digit
    const fresh = evaluateNetwork(n, sample);
    const ws = createWorkspace(n, 128);
    ws.Z[0].fill(0.25); // what an earlier, longer evaluation might have left there
    ws.A[0].fill(0.25);
    const reused = evaluateNetwork(n, sample, ws);
    expect(reused.deadFraction).toEqual([1]);
    expect(reused.deadFraction).toEqual(fresh.deadFraction);
    expect(Array.from(reused.predictions)).toEqual(Array.from(fresh.predictions));
  });

  it('a unit active on a single digit is alive', () => {
    const sample = loadSample();
    const n = net([784, 2, 10], 'relu');
    n.layers[0].W.fill(0);
    n.layers[0].b.fill(-1);
    // Unit 0 reads one pixel k (digit 57's first inked one): 2·x − 1 > 0 only on digits where that
    // pixel is brighter than half. Unit 1 never fires.
    let k = 0;
    while (sample.pixels[57 * 784 + k] === 0) k++;
    n.layers[0].W[k] = 2;
    const bright = Array.from({ length: sample.count }, (_, d) => sample.pixels[d * 784 + k] / 255 > 0.5).filter(Boolean).length;
    expect(bright).toBeGreaterThan(0);
    expect(evaluateNetwork(n, sample).deadFraction).toEqual([0.5]);
  });
});
