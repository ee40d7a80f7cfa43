/**
 * `npm run bench`: one epoch of a ReLU network (default 784-128-10; `--hidden 256,128` for the
 * deeper one), SGD with learning rate 0.1, batch 64, on all 60,000 training digits, by:
 *   - wasm: Stepwise's trainer on the WebAssembly backend, the build the CLI and the lab use here
 *     (relaxed SIMD's fused multiply-add where the engine runs it, else plain SIMD); on request
 *     wasm-plain and wasm-relaxed, one build by name,
 *   - ts: Stepwise's trainer on the TypeScript backend (the fallback),
 *   - tfjs-wasm, tfjs-cpu: TF.js 4.22 in the same process (its own autodiff; SIMD, one thread),
 *   - numpy: src/cli/bench-numpy.py, a NumPy + OpenBLAS trainer on one BLAS thread, when python3
 *     with NumPy is installed (said so when it is not).
 * Every contender starts from the same initial weights and trains the same batches in the same
 * shuffled order; only the arithmetic differs. Times cover the epoch's training loop only (data
 * preparation and the backends' one-off setup are reported apart). Rounds interleave the
 * contenders; it prints medians, samples/s, test accuracy and the median per-round ratio.
 * `--profile` adds where each Stepwise backend's CPU time goes (forward, backward, update).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKernelBackend } from '../data/kernels-node.ts';
import type { WasmTrainingSession } from '../nn/backends/wasm/session.ts';
import { loadMnist, mnistSourceDir } from '../data/load-node.ts';
import type { Dataset } from '../data/dataset.ts';
import { createNetwork, createRng, createTrainer, describeBackend, shuffleInPlace, type KernelBackend, type Network } from '../nn/index.ts';
import { hiddenFlag, intFlag, runCommand, type FlagSpec } from './args.ts';

const CONTENDERS = ['wasm', 'wasm-plain', 'wasm-relaxed', 'ts', 'numpy', 'tfjs-wasm', 'tfjs-cpu'] as const;
type Contender = (typeof CONTENDERS)[number];

const SPEC: Record<string, FlagSpec> = {
  runs: { help: 'rounds; each runs every contender once (medians are reported)', default: '3' },
  only: { help: `comma-separated subset of: ${CONTENDERS.join(',')}`, default: CONTENDERS.filter((c) => c !== 'wasm-plain' && c !== 'wasm-relaxed').join(',') },
  hidden: { help: 'hidden layer widths, e.g. 128 or 256,128', default: '128' },
  samples: { help: 'training digits per epoch (fewer for a quick look)', default: '60000' },
  profile: { help: 'also show where the WebAssembly and TypeScript backends spend an epoch', boolean: true },
};

const LEARNING_RATE = 0.1;
const BATCH = 64;

interface Run {
  seconds: number;
  /** CPU time of the training loop (this process's, or Python's process_time): less inflated than wall time when the machine is shared. */
  cpuSeconds: number;
  testAccuracy: number;
  /** One-off work before the epoch (backend session, data conversion), not in `seconds`. */
  setupSeconds?: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** CPU seconds (user + system) of this process since `since`. */
const cpuOf = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** The epoch's order: exactly the trainer's first shuffle for this seed. */
function epochOrder(count: number, seed: number): Uint32Array {
  const order = new Uint32Array(count).map((_, k) => k);
  shuffleInPlace(order, createRng(seed));
  return order;
}

function stepwiseRun(backend: KernelBackend, net: Network, trainSet: Dataset, testSet: Dataset, seed: number): Run {
  const opened = performance.now();
  const trainer = createTrainer(net, trainSet, { optimizer: { name: 'sgd', learningRate: LEARNING_RATE }, batchSize: BATCH, epochs: 1, shuffleSeed: seed, backend });
  const started = performance.now();
  const cpu = process.cpuUsage();
  let step = trainer.step();
  while (step.kind === 'batch') step = trainer.step();
  const cpuSeconds = cpuOf(cpu);
  const seconds = (performance.now() - started) / 1000;
  if (step.kind !== 'epoch') throw new Error(`Stepwise training ended with ${step.kind}`);
  const testAccuracy = trainer.evaluate(testSet).accuracy;
  trainer.dispose();
  return { seconds, cpuSeconds, testAccuracy, setupSeconds: (started - opened) / 1000 };
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

async function tfRun(tf: Tf, net: Network, trainSet: Dataset, testSet: Dataset, seed: number): Promise<Run> {
  type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
  const { count } = trainSet;
  const prepared = performance.now();
  const toTensors = (set: Dataset, n: number) =>
    tf.tidy(() => ({
      x: tf.tensor2d(Float32Array.from(set.pixels.subarray(0, n * 784), (v) => v / 255), [n, 784]),
      y: tf.oneHot(tf.tensor1d(Int32Array.from(set.labels.subarray(0, n)), 'int32'), 10).toFloat(),
    }));
  const data = toTensors(trainSet, count);
  // Stepwise's initial weights, W [out, in] → TF.js's kernel [in, out].
  const variables = net.layers.map((layer) => ({
    W: tf.variable(tf.tensor2d(layer.W as Float32Array, [layer.outSize, layer.inSize]).transpose()),
    b: tf.variable(tf.tensor1d(layer.b as Float32Array)),
  }));
  const model = (x: Tensor2D): Tensor2D =>
    variables.reduce<Tensor2D>((a, { W, b }, l) => {
      const z = tf.add(tf.matMul(a, W), b) as Tensor2D;
      return l < variables.length - 1 ? tf.relu(z) : z;
    }, x);
  const optimizer = tf.train.sgd(LEARNING_RATE);
  const order = epochOrder(count, seed);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let start = 0; start < count; start += BATCH) {
    const indices = tf.tensor1d(Int32Array.from(order.subarray(start, Math.min(count, start + BATCH))), 'int32');
    tf.tidy(() => {
      const x = tf.gather(data.x, indices) as Tensor2D;
      const y = tf.gather(data.y, indices);
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model(x)) as import('@tensorflow/tfjs').Scalar);
    });
    indices.dispose();
  }
  await variables[0].W.data(); // wait for the backend to finish
  const cpuSeconds = cpuOf(cpu);
  const seconds = (performance.now() - started) / 1000;
  const test = toTensors(testSet, testSet.count);
  const accuracy = tf.tidy(() => tf.mean(tf.equal(tf.argMax(model(test.x as Tensor2D), 1), tf.argMax(test.y, 1)).toFloat()).dataSync()[0]);
  tf.dispose([data.x, data.y, test.x, test.y, ...variables.flatMap(({ W, b }) => [W, b])]);
  optimizer.dispose();
  return { seconds, cpuSeconds, testAccuracy: accuracy, setupSeconds: (started - prepared) / 1000 };
}

/** One BLAS thread, whichever BLAS NumPy was built with. */
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', BLIS_NUM_THREADS: '1', VECLIB_MAXIMUM_THREADS: '1' };
const NUMPY_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'bench-numpy.py');

/** NumPy's version if `python3` with NumPy runs here, else null. */
function numpyVersion(): string | null {
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8', env: { ...process.env, ...ONE_THREAD } });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

function numpyRun(net: Network, samples: number, seed: number): Run {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
  try {
    const weights = net.layers.flatMap((layer) => [layer.W as Float32Array, layer.b as Float32Array]);
    const flat = new Float32Array(weights.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const array of weights) {
      flat.set(array, at);
      at += array.length;
    }
    writeFileSync(join(dir, 'weights.bin'), flat);
    writeFileSync(join(dir, 'order.bin'), epochOrder(samples, seed));
    const spec = { mnistDir: mnistSourceDir(), samples, sizes: net.sizes, learningRate: LEARNING_RATE, batchSize: BATCH, weights: join(dir, 'weights.bin'), order: join(dir, 'order.bin') };
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const run = spawnSync('python3', [NUMPY_SCRIPT, join(dir, 'spec.json')], { encoding: 'utf8', env: { ...process.env, ...ONE_THREAD } });
    if (run.status !== 0) throw new Error(`the NumPy trainer failed: ${run.stderr.trim().split('\n').at(-1)}`);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { seconds: number; cpuSeconds: number; testAccuracy: number };
    return { seconds: result.seconds, cpuSeconds: result.cpuSeconds, testAccuracy: result.testAccuracy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where an epoch goes in a backend, in CPU seconds: each part is the difference of two epochs that
 * stop at successive stages of the training step, so the parts add up to a training epoch of the
 * code that trains. The WebAssembly backend: gathering and filing the inputs, layer 0's forward,
 * the rest of the forward (with softmax and loss), the backward pass (every dz), then dL/dW fused
 * with the update. The TypeScript backend: forward, backward (with dL/dW), update. Each stage runs
 * `rounds` epochs interleaved with the others; medians.
 */
function profile(backend: KernelBackend, sizes: number[], trainSet: Dataset, rounds = 3): [string, number][] {
  const net = createNetwork({ sizes, activation: 'relu', seed: 1 });
  const session = backend.createSession(net, trainSet, { name: 'sgd', learningRate: LEARNING_RATE, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, BATCH);
  const order = epochOrder(trainSet.count, 1);
  const rows = new Uint32Array(BATCH);
  const epoch = (work: (size: number) => void): number => {
    const cpu = process.cpuUsage();
    for (let start = 0; start < trainSet.count; start += BATCH) {
      const size = Math.min(BATCH, trainSet.count - start);
      rows.set(order.subarray(start, start + size));
      work(size);
    }
    return cpuOf(cpu);
  };
  const staged = 'profileStop' in session ? (session as WasmTrainingSession) : null;
  const train = (size: number) => {
    session.forwardBackward(rows, size);
    session.update(LEARNING_RATE);
  };
  // Cumulative stages: [name of the part it adds, how to run one epoch up to its end].
  const stages: [string, () => number][] = staged
    ? [
        ...(['gather', 'layer0', 'forward'] as const).map((stop, k): [string, () => number] => [
          ['gather + file', 'layer-0 forward', 'rest of forward'][k],
          () => {
            staged.profileStop(stop);
            const t = epoch((size) => session.forwardBackward(rows, size));
            staged.profileStop(null);
            return t;
          },
        ]),
        ['backward', () => epoch((size) => session.forwardBackward(rows, size))],
        ['dL/dW + update', () => epoch(train)],
      ]
    : [
        ['forward', () => epoch((size) => session.forward(rows, size))],
        ['backward', () => epoch((size) => session.forwardBackward(rows, size))],
        ['update', () => epoch(train)],
      ];
  epoch(train); // warm-up: the engine compiles its optimised code
  const times = stages.map((): number[] => []);
  for (let round = 0; round < rounds; round++) stages.forEach(([, run], k) => times[k].push(run()));
  session.dispose();
  const cumulative = times.map(median);
  return stages.map(([name], k) => [name, Math.max(0, cumulative[k] - (k ? cumulative[k - 1] : 0))]);
}

await runCommand('Benchmark one training epoch: Stepwise (WebAssembly and TypeScript backends), NumPy and TF.js.\n\nUsage: npm run bench -- [options]', SPEC, async (flags) => {
  const runs = intFlag(flags.runs, 'runs', 1, 20);
  const samples = intFlag(flags.samples, 'samples', 64, 60000);
  const hidden = hiddenFlag(flags.hidden);
  const only = String(flags.only).split(',');
  for (const name of only) if (!CONTENDERS.includes(name as Contender)) throw new Error(`--only: unknown contender "${name}" (use ${CONTENDERS.join(', ')})`);
  const fullTrain = loadMnist('train');
  const trainSet: Dataset = samples === fullTrain.count ? fullTrain : { ...fullTrain, count: samples, pixels: fullTrain.pixels.subarray(0, samples * 784), labels: fullTrain.labels.subarray(0, samples) };
  const testSet = loadMnist('test');
  const sizes = [784, ...hidden, 10];
  const wasm = await loadKernelBackend('wasm');
  const plain = only.includes('wasm-plain') ? await loadKernelBackend('wasm', { relaxed: false }) : wasm;
  const relaxed = only.includes('wasm-relaxed') ? await loadKernelBackend('wasm', { relaxed: true }) : wasm;
  const ts = await loadKernelBackend('ts');
  const numpy = only.includes('numpy') ? numpyVersion() : null;
  console.log(`${sizes.join('-')} ReLU, SGD lr ${LEARNING_RATE}, batch ${BATCH}, one epoch of ${samples} digits; ${runs} interleaved round(s), medians; Node ${process.version}`);
  console.log(`wasm: ${describeBackend(wasm)} (the build the CLI and the lab use in this engine)`);
  if (only.includes('numpy')) console.log(numpy ? `NumPy ${numpy} (python3, one BLAS thread)` : 'NumPy: skipped (python3 with NumPy is not installed here)');

  const all: { name: Contender; run: (net: Network, seed: number) => Promise<Run> | Run }[] = [
    { name: 'wasm', run: (net, seed) => stepwiseRun(wasm, net, trainSet, testSet, seed) },
    { name: 'wasm-plain', run: (net, seed) => stepwiseRun(plain, net, trainSet, testSet, seed) },
    { name: 'wasm-relaxed', run: (net, seed) => stepwiseRun(relaxed, net, trainSet, testSet, seed) },
    { name: 'ts', run: (net, seed) => stepwiseRun(ts, net, trainSet, testSet, seed) },
    { name: 'numpy', run: (net, seed) => numpyRun(net, samples, seed) },
    { name: 'tfjs-wasm', run: async (net, seed) => tfRun(await useTf('wasm'), net, trainSet, testSet, seed) },
    { name: 'tfjs-cpu', run: async (net, seed) => tfRun(await useTf('cpu'), net, trainSet, testSet, seed) },
  ];
  const contenders = all.filter((c) => only.includes(c.name) && (c.name !== 'numpy' || numpy));
  // Rounds interleave the contenders, so a burst of load on this shared machine hits a round,
  // not one contender; each round's ratio compares runs made minutes apart at most.
  const results = new Map<Contender, Run[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < runs; round++) {
    const seed = 1 + round;
    for (const contender of contenders) {
      process.stderr.write(`round ${round + 1}/${runs}: ${contender.name}…\n`);
      // The same initial weights for everyone in a round (and the same shuffled order, from the seed).
      results.get(contender.name)!.push(await contender.run(createNetwork({ sizes, activation: 'relu', seed }), seed));
    }
  }
  const base = results.get('wasm');
  const ratioOf = (name: Contender, of: 'seconds' | 'cpuSeconds' = 'seconds'): number | null => {
    const theirs = results.get(name);
    return base && theirs ? median(theirs.map((r, k) => r[of] / base[k][of])) : null;
  };
  console.log(`\n${'contender'.padEnd(12)} ${'s/epoch'.padStart(8)} ${'samples/s'.padStart(10)} ${'test acc'.padStart(9)} ${'× wasm'.padStart(8)} ${'cpu s'.padStart(7)} ${'cpu × wasm'.padStart(10)} ${'setup s'.padStart(8)}   runs (s)`);
  for (const { name } of contenders) {
    const runsOf = results.get(name)!;
    const seconds = median(runsOf.map((r) => r.seconds));
    const ratio = ratioOf(name);
    const setups = runsOf.flatMap((r) => (r.setupSeconds === undefined ? [] : [r.setupSeconds]));
    console.log(
      `${name.padEnd(12)} ${seconds.toFixed(3).padStart(8)} ${Math.round(samples / seconds).toString().padStart(10)} ${(100 * median(runsOf.map((r) => r.testAccuracy))).toFixed(2).padStart(8)}% ${(ratio === null ? '–' : `${ratio.toFixed(2)}×`).padStart(8)} ${median(runsOf.map((r) => r.cpuSeconds)).toFixed(3).padStart(7)} ${(ratioOf(name, 'cpuSeconds') ?? 0).toFixed(2).concat('×').padStart(10)} ${(setups.length ? median(setups).toFixed(2) : '–').padStart(8)}   ${runsOf.map((r) => r.seconds.toFixed(3)).join(', ')}`,
    );
  }
  console.log('(× wasm: the median over rounds of that round\'s time divided by the WebAssembly backend\'s, in wall time and in CPU time; setup: one-off work before the epoch, not timed)');
  const deep = hidden.length > 1;
  for (const clockOf of ['seconds', 'cpuSeconds'] as const) {
    const clock = clockOf === 'seconds' ? 'wall' : 'CPU';
    const numpyRatio = ratioOf('numpy', clockOf);
    if (numpyRatio !== null) {
      const target = deep ? 0.7 : 0.5;
      console.log(`target (${clock} time): wasm at most ${target}× NumPy's time; it takes ${(1 / numpyRatio).toFixed(2)}× ${1 / numpyRatio <= target ? '(met)' : '(NOT met)'}`);
    }
    const tsRatio = ratioOf('ts', clockOf);
    if (tsRatio !== null && !deep) console.log(`target (${clock} time): wasm at least 8× faster than the TypeScript backend; it is ${tsRatio.toFixed(1)}× ${tsRatio >= 8 ? '(met)' : '(NOT met)'}`);
  }

  if (flags.profile) {
    console.log(`\nwhere a training epoch goes, CPU seconds (${sizes.join('-')}, SGD, batch ${BATCH}; each part: an epoch stopped after it minus one stopped before it, medians of 3):`);
    for (const [name, backend] of [['wasm', wasm], ['ts', ts]] as const) {
      const parts = profile(backend, sizes, trainSet);
      const total = parts.reduce((sum, [, s]) => sum + s, 0);
      console.log(`${name.padEnd(5)} ${parts.map(([part, s]) => `${part} ${s.toFixed(3)} s (${Math.round((100 * s) / total)} %)`).join(', ')}; total ${total.toFixed(3)} s`);
    }
  }
  return 0;
});
