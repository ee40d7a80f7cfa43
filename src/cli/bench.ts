/**
 * `npm run bench`: one epoch of the 784-128-10 ReLU network (SGD, learning rate 0.1, batch 64)
 * on all 60,000 training digits, with Stepwise's trainer and, in the same process, with TF.js
 * (pure-JS `cpu` backend and the `wasm` backend with SIMD on one thread, using TF.js's own
 * gradients). Prints the median of N runs (default 3), samples/s, test accuracy and the ratios.
 *
 * Every contender trains the same number of batches in the same shuffled order from the same
 * kind of initialisation; only the arithmetic differs.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadMnist } from '../data/load-node.ts';
import type { Dataset } from '../data/dataset.ts';
import { createNetwork, createRng, evaluate, shuffleInPlace, train } from '../nn/index.ts';
import { intFlag, runCommand, type FlagSpec } from './args.ts';

const SPEC: Record<string, FlagSpec> = {
  runs: { help: 'rounds; each runs every contender once (medians are reported)', default: '3' },
  only: { help: 'comma-separated subset of: stepwise,tfjs-wasm,tfjs-cpu', default: 'stepwise,tfjs-wasm,tfjs-cpu' },
  samples: { help: 'training digits per epoch (fewer for a quick look)', default: '60000' },
};

const HIDDEN = 128;
const LEARNING_RATE = 0.1;
const BATCH = 64;

interface Run {
  seconds: number;
  testAccuracy: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function stepwiseRun(trainSet: Dataset, testSet: Dataset, seed: number): Promise<Run> {
  const net = createNetwork({ sizes: [784, HIDDEN, 10], activation: 'relu', seed });
  const started = performance.now();
  const result = await train(net, trainSet, { optimizer: { name: 'sgd', learningRate: LEARNING_RATE }, batchSize: BATCH, epochs: 1, shuffleSeed: seed });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 'completed') throw new Error(`Stepwise training ${result.status}`);
  return { seconds, testAccuracy: evaluate(net, testSet).accuracy };
}

type Tf = typeof import('@tensorflow/tfjs');

let tfModule: Tf | null = null;

/** Loads TF.js once (both backends registered) and switches to `backend`. */
async function useTf(backend: 'cpu' | 'wasm'): Promise<Tf> {
  if (!tfModule) {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    // One thread, SIMD: the configuration a browser page gets without cross-origin isolation.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths(`${dist}/`);
    tfModule = tf;
  }
  const tf = tfModule;
  await tf.setBackend(backend);
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`TF.js could not start its ${backend} backend`);
  return tf;
}

async function tfRun(tf: Tf, trainSet: Dataset, testSet: Dataset, seed: number): Promise<Run> {
  const { count } = trainSet;
  const toTensors = (set: Dataset, n: number) =>
    tf.tidy(() => ({
      x: tf.tensor2d(Float32Array.from(set.pixels.subarray(0, n * 784), (v) => v / 255), [n, 784]),
      y: tf.oneHot(tf.tensor1d(Int32Array.from(set.labels.subarray(0, n)), 'int32'), 10).toFloat(),
    }));
  const data = toTensors(trainSet, count);
  const rng = createRng(seed);
  const heStd = (fanIn: number) => Math.sqrt(2 / fanIn);
  const normal = (n: number, std: number) => Float32Array.from({ length: n }, () => rng.normal() * std);
  const W1 = tf.variable(tf.tensor2d(normal(784 * HIDDEN, heStd(784)), [784, HIDDEN]));
  const b1 = tf.variable(tf.zeros([HIDDEN]));
  const W2 = tf.variable(tf.tensor2d(normal(HIDDEN * 10, heStd(HIDDEN)), [HIDDEN, 10]));
  const b2 = tf.variable(tf.zeros([10]));
  const model = (x: import('@tensorflow/tfjs').Tensor2D) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, W1), b1)), W2), b2);
  const optimizer = tf.train.sgd(LEARNING_RATE);
  const order = new Uint32Array(count).map((_, k) => k);
  shuffleInPlace(order, createRng(seed));
  const started = performance.now();
  for (let start = 0; start < count; start += BATCH) {
    const indices = tf.tensor1d(Int32Array.from(order.subarray(start, Math.min(count, start + BATCH))), 'int32');
    tf.tidy(() => {
      const x = tf.gather(data.x, indices) as import('@tensorflow/tfjs').Tensor2D;
      const y = tf.gather(data.y, indices);
      // TF.js's own autodiff computes the gradients here.
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model(x)) as import('@tensorflow/tfjs').Scalar);
    });
    indices.dispose();
  }
  await W1.data(); // wait for the backend to finish
  const seconds = (performance.now() - started) / 1000;
  const test = toTensors(testSet, testSet.count);
  const accuracy = tf.tidy(() => tf.mean(tf.equal(tf.argMax(model(test.x as import('@tensorflow/tfjs').Tensor2D), 1), tf.argMax(test.y, 1)).toFloat()).dataSync()[0]);
  tf.dispose([data.x, data.y, test.x, test.y, W1, b1, W2, b2]);
  optimizer.dispose();
  return { seconds, testAccuracy: accuracy };
}

await runCommand('Benchmark one training epoch against TF.js in the same process.\n\nUsage: npm run bench -- [options]', SPEC, async (flags) => {
  const runs = intFlag(flags.runs, 'runs', 1, 20);
  const samples = intFlag(flags.samples, 'samples', 64, 60000);
  const only = String(flags.only).split(',');
  const fullTrain = loadMnist('train');
  const trainSet: Dataset = samples === fullTrain.count ? fullTrain : { ...fullTrain, count: samples, pixels: fullTrain.pixels.subarray(0, samples * 784), labels: fullTrain.labels.subarray(0, samples) };
  const testSet = loadMnist('test');
  console.log(`784-${HIDDEN}-10 ReLU, SGD lr ${LEARNING_RATE}, batch ${BATCH}, one epoch of ${samples} digits; ${runs} interleaved round(s), medians; Node ${process.version}`);

  const all: { name: string; run: (seed: number) => Promise<Run> }[] = [
    { name: 'stepwise', run: (seed) => stepwiseRun(trainSet, testSet, seed) },
    { name: 'tfjs-wasm', run: async (seed) => tfRun(await useTf('wasm'), trainSet, testSet, seed) },
    { name: 'tfjs-cpu', run: async (seed) => tfRun(await useTf('cpu'), trainSet, testSet, seed) },
  ];
  const contenders = all.filter((c) => only.includes(c.name));
  // Rounds interleave the contenders, so a burst of load on this shared machine hits a round,
  // not one contender; each round's ratio compares runs made minutes apart at most.
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const accuracies = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < runs; round++) {
    for (const contender of contenders) {
      process.stderr.write(`round ${round + 1}/${runs}: ${contender.name}…\n`);
      const result = await contender.run(1 + round);
      times.get(contender.name)!.push(result.seconds);
      accuracies.get(contender.name)!.push(result.testAccuracy);
    }
  }
  const ours = times.get('stepwise');
  console.log(`\n${'contender'.padEnd(11)} ${'s/epoch'.padStart(9)} ${'samples/s'.padStart(10)} ${'test acc'.padStart(9)} ${'× stepwise'.padStart(11)}   runs (s)`);
  const ratioOf = (name: string): number | null => {
    const theirs = times.get(name);
    return ours && theirs ? median(theirs.map((t, k) => t / ours[k])) : null;
  };
  for (const { name } of contenders) {
    const seconds = median(times.get(name)!);
    const ratio = ratioOf(name);
    console.log(
      `${name.padEnd(11)} ${seconds.toFixed(2).padStart(9)} ${Math.round(samples / seconds).toString().padStart(10)} ${(100 * median(accuracies.get(name)!)).toFixed(2).padStart(8)}% ${(ratio === null ? '–' : `${ratio.toFixed(1)}×`).padStart(11)}   ${times.get(name)!.map((t) => t.toFixed(2)).join(', ')}`,
    );
  }
  console.log('(× stepwise: the median over rounds of that round\'s time divided by Stepwise\'s)');
  for (const [name, target] of [['tfjs-cpu', 10], ['tfjs-wasm', 3]] as const) {
    const ratio = ratioOf(name);
    if (ratio !== null) console.log(`target: at most 1/${target} of ${name}'s time; Stepwise takes ${(1 / ratio).toFixed(3)} of it ${ratio >= target ? '(met)' : '(NOT met)'}`);
  }
  return 0;
});
