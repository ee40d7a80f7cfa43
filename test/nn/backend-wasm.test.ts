/**
 * The WebAssembly SIMD backend equals the readable reference (src/nn/reference.ts): one batch's
 * loss, gradients and evaluation for a table of shapes (odd widths, padded inside the kernels),
 * activations, batch sizes 1–9, 64 and 300 (split into chunks), sparse MNIST digits and dense
 * synthetic images of an odd size; every optimizer's update equals optimizers.ts; padded units
 * stay exactly 0; a few hundred batches follow the TypeScript backend's loss trajectory; the
 * fallback to TypeScript works when the kernels cannot load. Every test of the kernels runs on both
 * builds, plain SIMD and relaxed SIMD (where this engine runs it), and the fallback from the
 * relaxed build to the plain one is forced by a directory without the relaxed build.
 *
 * Tolerance (float32): |wasm − reference| ≤ 1e-5 · (1 + max |reference|) per array, the reference
 * computed in float64 from the same float32 weights and inputs.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKernelBackend, loadWasmBackend, WASM_DIR } from '../../src/data/kernels-node.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import {
  cloneNetwork, createNetwork, createOptimizer, createRng, createTrainer, describeBackend, INPUT_SCALE, type Activation, type LabelledImages, type Network, type OptimizerSettings, type Vec,
} from '../../src/nn/index.ts';
import * as reference from '../../src/nn/reference.ts';
import { wasmRelaxedSimdSupported, type WasmBackend } from '../../src/nn/backends/wasm/session.ts';

const TOLERANCE = 1e-5;
/** The default build here (relaxed SIMD in Node 22, which runs it). */
const wasm: WasmBackend = await loadWasmBackend();
/** Both builds are held to the reference: plain SIMD (Node 20, browsers without relaxed SIMD) and relaxed SIMD (the default where it runs). */
const BUILDS: [string, WasmBackend][] = [
  ['plain SIMD', await loadWasmBackend({ relaxed: false })],
  ...(wasmRelaxedSimdSupported() ? [['relaxed SIMD', await loadWasmBackend({ relaxed: true })] as [string, WasmBackend]] : []),
];

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tolerance = TOLERANCE): void {
  expect(actual.length, what).toBe(expected.length);
  let scale = 1;
  for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]));
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
  expect(worst, `${what}: max |wasm − reference| = ${worst}`).toBeLessThanOrEqual(tolerance * scale);
}

const settings = (name: OptimizerSettings['name'], learningRate: number): Required<OptimizerSettings> => ({ name, learningRate, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });

/** The reference's pass over `rows` of `images`: summed loss, number correct, mean gradients, per-digit confidence. */
function referenceBatch(net: Network, images: LabelledImages, rows: number[]) {
  const size = images.rows * images.cols;
  const last = net.layers.length - 1;
  const dLdW = net.layers.map((layer) => new Float64Array(layer.W.length));
  const dLdb = net.layers.map((layer) => new Float64Array(layer.outSize));
  const W = net.layers.map((layer) => Float64Array.from(layer.W));
  const b = net.layers.map((layer) => Float64Array.from(layer.b));
  let lossSum = 0;
  let correct = 0;
  const confidence: number[] = [];
  for (const row of rows) {
    const x = Float64Array.from(images.pixels.subarray(row * size, (row + 1) * size), (v) => Math.fround(v * INPUT_SCALE));
    const y = images.labels[row];
    const zs: Vec[] = [];
    const as: Vec[] = [x];
    net.layers.forEach((layer, l) => {
      const z = new Float64Array(layer.outSize);
      const a = new Float64Array(layer.outSize);
      reference.linear(W[l], b[l], as[l], z);
      if (l < last) reference.activate(net.activation, z, a);
      else reference.softmax(z, a);
      zs.push(z);
      as.push(a);
    });
    const p = as[last + 1];
    lossSum += reference.crossEntropy(zs[last], y);
    let guess = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[guess]) guess = c;
    if (guess === y) correct++;
    confidence.push(p[guess]);
    let dLdz: Vec = new Float64Array(p.length);
    reference.outputError(p, y, dLdz);
    for (let l = last; l >= 0; l--) {
      const layer = net.layers[l];
      const gW = new Float64Array(layer.W.length);
      const gb = new Float64Array(layer.outSize);
      reference.weightGradient(dLdz, as[l], gW);
      reference.biasGradient(dLdz, gb);
      gW.forEach((v, k) => (dLdW[l][k] += v / rows.length));
      gb.forEach((v, k) => (dLdb[l][k] += v / rows.length));
      if (l === 0) break;
      const dLda = new Float64Array(layer.inSize);
      reference.inputGradient(W[l], dLdz, dLda);
      const below = new Float64Array(layer.inSize);
      reference.activationGradient(net.activation, zs[l - 1], as[l], dLda, below);
      dLdz = below;
    }
  }
  return { lossSum, correct, dLdW, dLdb, confidence };
}

/** `count` dense images of rows × cols random bytes 1–255 (no blank pixel), `classes` labels. */
function denseImages(count: number, rows: number, cols: number, classes: number, seed: number): LabelledImages {
  const rng = createRng(seed);
  return {
    count, rows, cols,
    pixels: Uint8Array.from({ length: count * rows * cols }, () => 1 + rng.int(255)),
    labels: Uint8Array.from({ length: count }, () => rng.int(classes)),
  };
}

const sample = loadSample();
const dense = denseImages(64, 5, 7, 3, 1); // 35 inputs: not a multiple of 16, every pixel inked
const trainHead: LabelledImages = (() => {
  const train = loadMnist('train');
  return { ...train, count: 300, pixels: train.pixels.subarray(0, 300 * 784), labels: train.labels.subarray(0, 300) };
})();

type Case = { name: string; images: LabelledImages; sizes: number[]; batch: number };
const SHAPES: Omit<Case, 'batch'>[] = [
  { name: 'MNIST 784-13-10', images: sample, sizes: [784, 13, 10] },
  { name: 'MNIST 784-27-5-10', images: sample, sizes: [784, 27, 5, 10] },
  { name: 'MNIST 784-1-10', images: sample, sizes: [784, 1, 10] },
  { name: 'MNIST 784-33-10', images: sample, sizes: [784, 33, 10] },
  { name: 'dense 35-7-3', images: dense, sizes: [35, 7, 3] },
  // Widths the kernels cut into several passes of up to seven f32x4: 128 → 7+7+6+6+6, 60 → 5+5+5, 32 → 4+4.
  { name: 'MNIST 784-128-10', images: sample, sizes: [784, 128, 10] },
  { name: 'MNIST 784-57-30-10', images: sample, sizes: [784, 57, 30, 10] },
];
const BATCHES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 64];
const CASES: Case[] = [
  ...SHAPES.flatMap((shape) => BATCHES.map((batch) => ({ ...shape, batch }))),
  { name: 'MNIST 784-13-10 (chunks of 256)', images: trainHead, sizes: [784, 13, 10], batch: 300 },
];
const ACTIVATIONS: Activation[] = ['relu', 'sigmoid', 'tanh'];

/** The reference's results, computed once for both builds (the same network and rows). */
const memos = new Map<string, ReturnType<typeof referenceBatch>>();
const memo = (key: string, compute: () => ReturnType<typeof referenceBatch>) => memos.get(key) ?? memos.set(key, compute()).get(key)!;

describe.each(BUILDS)('%s build', (_build, wasm) => {
describe.each(ACTIVATIONS)('wasm = reference, %s', (activation) => {
  it.each(CASES)('$name, batch $batch: loss, correct, gradients, evaluation', ({ images, sizes, batch }) => {
    const net = createNetwork({ sizes, activation, seed: sizes.length + batch });
    net.layers.forEach((layer, l) => layer.b.forEach((_, k) => (layer.b[k] = Math.fround(0.05 * Math.sin(k + l)))));
    const session = wasm.createSession(net, images, settings('sgd', 0.1), batch);
    const rows = Array.from({ length: batch }, (_, s) => (s * 37 + 11) % images.count);
    const tally = session.forwardBackward(Uint32Array.from(rows), batch);
    const key = `${activation} ${sizes.join('-')} ${batch} ${images.count}`;
    const expected = memo(`${key} batch`, () => referenceBatch(net, images, rows));
    expectClose([tally.lossSum], [expected.lossSum], 'loss');
    expect(tally.correct).toBe(expected.correct);
    const dLdW = net.layers.map((layer) => new Float32Array(layer.W.length));
    const dLdb = net.layers.map((layer) => new Float32Array(layer.outSize));
    session.readGradients(dLdW, dLdb);
    net.layers.forEach((_, l) => {
      expectClose(dLdW[l], expected.dLdW[l], `dL/dW of layer ${l + 1}`);
      expectClose(dLdb[l], expected.dLdb[l], `dL/db of layer ${l + 1}`);
    });
    const evaluation = session.evaluate(images);
    const all = memo(`${key} all`, () => referenceBatch(net, images, Array.from({ length: images.count }, (_, k) => k)));
    expectClose([evaluation.lossSum], [all.lossSum], 'evaluation loss');
    expectClose(evaluation.confidence, all.confidence, 'confidence');
    session.dispose();
  });
});

describe('wasm optimizers = optimizers.ts', () => {
  // Gradients read before the update are computed then (`materialize`); read after it, the update
  // computed them itself, fused with the optimizer (a batch of at most 64 digits): both must agree.
  it.each([
    ['sgd', 0.1, 'before'], ['momentum', 0.05, 'before'], ['adam', 0.01, 'before'],
    ['sgd', 0.1, 'after'], ['momentum', 0.05, 'after'], ['adam', 0.01, 'after'],
  ] as const)('%s: three updates in a row, gradients read %s the update', (name, learningRate, when) => {
    const net = createNetwork({ sizes: [784, 13, 5, 10], activation: 'tanh', seed: 4 });
    const session = wasm.createSession(net, sample, settings(name, learningRate), 9);
    const mirror = cloneNetwork(net);
    const optimizer = createOptimizer(mirror, settings(name, learningRate));
    const dLdW = net.layers.map((layer) => new Float32Array(layer.W.length));
    const dLdb = net.layers.map((layer) => new Float32Array(layer.outSize));
    for (let step = 0; step < 3; step++) {
      const rows = Uint32Array.from({ length: 9 }, (_, s) => (step * 9 + s * 5) % sample.count);
      session.forwardBackward(rows, 9);
      if (when === 'before') session.readGradients(dLdW, dLdb);
      session.update(learningRate * (1 - step / 10)); // a changing rate, as a schedule gives
      if (when === 'after') session.readGradients(dLdW, dLdb);
      optimizer.settings.learningRate = learningRate * (1 - step / 10);
      session.readParameters(net); // the wasm session’s parameters after its update
      // Apply the TypeScript optimizer to the previous parameters with the same gradients.
      optimizer.step(mirror, dLdW, dLdb);
      mirror.layers.forEach((layer, l) => {
        expectClose(net.layers[l].W, layer.W, `W of layer ${l + 1} after step ${step + 1}`);
        expectClose(net.layers[l].b, layer.b, `b of layer ${l + 1} after step ${step + 1}`);
      });
      // Continue both from the same parameters (the wasm session's), so errors do not compound.
      mirror.layers.forEach((layer, l) => {
        layer.W.set(net.layers[l].W);
        layer.b.set(net.layers[l].b);
      });
    }
  });
});

describe('wasm SGD fused with the weight gradient', () => {
  // A batch of at most 64 digits leaves its weight gradients pending; SGD then computes them into
  // the weights directly (W + Σ value · (−η dz)), touching only rows of inputs that were nonzero.
  // The gradients stay readable afterwards: θ_after must equal θ_before − η g with that g.
  it.each([
    { sizes: [784, 13, 10], batch: 1, activation: 'relu' },
    { sizes: [784, 27, 5, 10], batch: 7, activation: 'tanh' },
    { sizes: [784, 33, 10], batch: 64, activation: 'sigmoid' },
    { sizes: [784, 13, 10], batch: 100, activation: 'relu' }, // two chunks: computed eagerly
  ] as const)('$sizes, batch $batch, $activation: θ − η g, the gradients still readable after', ({ sizes, batch, activation }) => {
    const images = batch > 64 ? trainHead : sample;
    const net = createNetwork({ sizes: [...sizes], activation, seed: 6 });
    const session = wasm.createSession(net, images, settings('sgd', 0.5), batch);
    for (let step = 0; step < 3; step++) {
      const rows = Uint32Array.from({ length: batch }, (_, s) => (step * 31 + s * 7) % images.count);
      session.forwardBackward(rows, batch);
      const before = cloneNetwork(net);
      session.readParameters(before);
      session.update(0.5 - step / 10);
      const after = cloneNetwork(net);
      session.readParameters(after);
      const dLdW = net.layers.map((layer) => new Float32Array(layer.W.length));
      const dLdb = net.layers.map((layer) => new Float32Array(layer.outSize));
      session.readGradients(dLdW, dLdb);
      const expected = referenceBatch(before, images, Array.from(rows));
      before.layers.forEach((layer, l) => {
        expectClose(dLdW[l], expected.dLdW[l], `dL/dW of layer ${l + 1} read after the update`);
        const rate = 0.5 - step / 10;
        expectClose(after.layers[l].W, layer.W.map((w, k) => w - rate * dLdW[l][k]), `W of layer ${l + 1} after step ${step + 1}`);
        expectClose(after.layers[l].b, layer.b.map((b, k) => b - rate * dLdb[l][k]), `b of layer ${l + 1} after step ${step + 1}`);
      });
    }
    expect(session.paddingMax()).toBe(0);
    session.dispose();
  });
});

describe('padded units', () => {
  it.each(ACTIVATIONS)('stay exactly 0 in weights, gradients and Adam state (%s, widths 5 and 13)', (activation) => {
    const net = createNetwork({ sizes: [784, 5, 13, 10], activation, seed: 2 });
    const session = wasm.createSession(net, sample, settings('adam', 0.01), 10);
    for (let step = 0; step < 20; step++) {
      session.forwardBackward(Uint32Array.from({ length: 10 }, (_, s) => (step * 10 + s) % sample.count), 10);
      session.update(0.01);
    }
    expect(session.paddingMax()).toBe(0);
  });
});

describe('wasm trainer', () => {
  it('follows the TypeScript backend’s loss trajectory for 300 batches (|Δ mean batch loss| ≤ 1e-4)', () => {
    const train = loadMnist('train');
    const losses = (backend?: WasmBackend) => {
      const trainer = createTrainer(createNetwork({ sizes: [784, 128, 10], activation: 'relu', seed: 1 }), train, {
        optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 64, epochs: 1, shuffleSeed: 1, backend,
      });
      const out: number[] = [];
      for (let k = 0; k < 300; k++) {
        const step = trainer.step();
        if (step.kind === 'batch') out.push(step.loss);
      }
      const weights = trainer.snapshot();
      trainer.dispose();
      return { out, weights };
    };
    const ts = losses();
    const simd = losses(wasm);
    expect(simd.out).toHaveLength(300);
    let worst = 0;
    simd.out.forEach((loss, k) => (worst = Math.max(worst, Math.abs(loss - ts.out[k]))));
    expect(worst).toBeLessThanOrEqual(1e-4);
    expectClose(simd.weights.layers[0].W, ts.weights.layers[0].W, 'W¹ after 300 batches', 1e-4);
  });

  it('the same seeds give bit-identical weights; the trainer says which backend ran', () => {
    const run = () => {
      const trainer = createTrainer(createNetwork({ sizes: [784, 12, 10], activation: 'sigmoid', seed: 5 }), sample, {
        optimizer: { name: 'momentum', learningRate: 0.05 }, batchSize: 7, epochs: 2, shuffleSeed: 3, schedule: 'cosine', backend: wasm,
      });
      expect(trainer.backendName).toBe('wasm');
      while (trainer.step().kind !== 'finished');
      return trainer.snapshot();
    };
    const a = run();
    const b = run();
    a.layers.forEach((layer, l) => expect(Array.from(layer.W)).toEqual(Array.from(b.layers[l].W)));
  });
});

});

describe('loading', () => {
  it('auto picks WebAssembly when the kernels load, and falls back to TypeScript when they cannot', async () => {
    expect((await loadKernelBackend('auto')).name).toBe('wasm');
    expect((await loadKernelBackend('auto', { dir: '/nonexistent' })).name).toBe('ts');
    expect((await loadKernelBackend('ts')).name).toBe('ts');
    await expect(loadKernelBackend('wasm', { dir: '/nonexistent' })).rejects.toThrow(/npm run wasm/);
  });

  it('both builds load; only the relaxed one says it uses relaxed SIMD, and the page and CLI say which ran', async () => {
    const plain = await loadWasmBackend({ relaxed: false });
    const relaxed = await loadWasmBackend({ relaxed: true });
    expect(plain.relaxed).toBe(false);
    expect(relaxed.relaxed).toBe(true);
    expect(describeBackend(plain)).toBe('WebAssembly SIMD');
    expect(describeBackend(relaxed)).toBe('WebAssembly relaxed SIMD');
    expect(describeBackend(await loadKernelBackend('ts'))).toBe('TypeScript');
  });

  it('the default build is relaxed SIMD exactly where the engine validates the relaxed build (Node 22: yes)', () => {
    const validates = WebAssembly.validate(readFileSync(join(WASM_DIR, 'kernels-relaxed.wasm')));
    expect(wasmRelaxedSimdSupported()).toBe(validates);
    expect(wasm.relaxed).toBe(validates);
    expect(validates).toBe(Number(process.versions.node.split('.')[0]) >= 22);
  });

  it('falls back to the plain-SIMD build when the relaxed build is missing (forced), and reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-plain-only-'));
    try {
      copyFileSync(join(WASM_DIR, 'kernels.wasm'), join(dir, 'kernels.wasm'));
      const fallback = await loadWasmBackend({ dir });
      expect(fallback.relaxed).toBe(false);
      const trainer = createTrainer(createNetwork({ sizes: [784, 12, 10], activation: 'relu', seed: 5 }), sample, { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 8, epochs: 1, shuffleSeed: 1, backend: fallback });
      expect(trainer.arithmetic).toBe('WebAssembly SIMD');
      expect(trainer.step().kind).toBe('batch');
      trainer.dispose();
      await expect(loadWasmBackend({ dir, relaxed: true })).rejects.toThrow(/npm run wasm/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('forward alone (for profiling)', () => {
  it('gives the same loss and count as forward + backward, in both backends', async () => {
    for (const backend of [wasm, await loadKernelBackend('ts')]) {
      const net = createNetwork({ sizes: [784, 20, 10], activation: 'relu', seed: 8 });
      const session = backend.createSession(net, sample, settings('sgd', 0.1), 16);
      const rows = Uint32Array.from({ length: 16 }, (_, s) => s * 3);
      const forward = { ...session.forward(rows, 16) };
      const both = session.forwardBackward(rows, 16);
      expect(forward.correct).toBe(both.correct);
      expect(forward.lossSum).toBeCloseTo(both.lossSum, 10);
      session.dispose();
    }
  });
  it('a batch cut short at the forward stage (the bench profile) has the full batch\'s loss and count, no gradients, and the cut can be lifted', () => {
    const net = createNetwork({ sizes: [784, 20, 10], activation: 'relu', seed: 8 });
    const session = wasm.createSession(net, sample, settings('sgd', 0.1), 16);
    const rows = Uint32Array.from({ length: 16 }, (_, s) => s * 3);
    const full = { ...session.forwardBackward(rows, 16) };
    const dLdW = net.layers.map((layer) => new Float32Array(layer.W.length));
    const dLdb = net.layers.map((layer) => new Float32Array(layer.outSize));
    session.readGradients(dLdW, dLdb);
    session.profileStop('forward');
    const cut = { ...session.forwardBackward(rows, 16) };
    expect(cut.lossSum).toBe(full.lossSum);
    expect(cut.correct).toBe(full.correct);
    session.profileStop('gather');
    expect(session.forwardBackward(rows, 16).lossSum).toBe(0); // nothing computed past the gather
    session.profileStop(null);
    expect(session.forwardBackward(rows, 16).lossSum).toBe(full.lossSum);
    const again = net.layers.map((layer) => new Float32Array(layer.W.length));
    session.readGradients(again, dLdb);
    expect(again[0]).toEqual(dLdW[0]);
    session.dispose();
  });
});
