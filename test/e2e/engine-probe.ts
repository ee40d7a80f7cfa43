/**
 * One training probe, run identically in Node and in Chromium: `batches` batches (or whole
 * epochs) of a network from fixed seeds, returning every batch loss, a hash of the final
 * weights' bits, the test accuracy and the training speed.
 */
import { createNetwork, createRng, createTrainer, shuffleInPlace, type BackendChoice, type KernelBackend, type LabelledImages, type OptimizerName, type Schedule } from '../../src/nn/index.ts';

export interface ProbeConfig {
  backend: BackendChoice;
  hidden: number[];
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  /** Stop after this many batches (0: run every epoch). */
  batches: number;
  schedule?: Schedule;
  /** The plain-SIMD build (the fallback where relaxed SIMD is missing) instead of the default. */
  plain?: boolean;
}

export interface ProbeResult {
  backend: string;
  /** Which build ran, in words ('WebAssembly relaxed SIMD', …). */
  arithmetic: string;
  losses: number[];
  /** FNV-1a over the bytes of every W and b after training. */
  weightsHash: string;
  testAccuracy: number;
  samplesPerSecond: number;
  trainSeconds: number;
}

export function runEngineProbe(backend: KernelBackend, train: LabelledImages, test: LabelledImages, config: ProbeConfig): ProbeResult {
  const net = createNetwork({ sizes: [784, ...config.hidden, 10], activation: 'relu', seed: 1 });
  const trainer = createTrainer(net, train, { optimizer: { name: config.optimizer, learningRate: config.learningRate }, batchSize: 64, epochs: config.epochs, shuffleSeed: 1, schedule: config.schedule, backend });
  const losses: number[] = [];
  let samples = 0;
  let seconds = 0;
  for (;;) {
    const step = trainer.step();
    if (step.kind === 'batch') {
      losses.push(step.loss);
      samples = step.samplesSeen;
      if (config.batches > 0 && losses.length >= config.batches) break;
    } else if (step.kind === 'epoch') seconds += step.result.seconds;
    else break;
  }
  const weights = trainer.snapshot();
  let hash = 0x811c9dc5;
  for (const layer of weights.layers) {
    for (const array of [layer.W, layer.b]) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let k = 0; k < bytes.length; k++) hash = Math.imul(hash ^ bytes[k], 0x01000193) >>> 0;
    }
  }
  const testAccuracy = trainer.evaluate(test).accuracy;
  trainer.dispose();
  return { backend: trainer.backendName, arithmetic: trainer.arithmetic, losses, weightsHash: hash.toString(16), testAccuracy, samplesPerSecond: seconds > 0 ? samples / seconds : 0, trainSeconds: seconds };
}

/** Where one epoch's time goes (seconds of wall time): forward alone, backward (forward + backward − forward), update. */
export interface EpochSplit {
  forward: number;
  backward: number;
  update: number;
}

/**
 * One epoch of `hidden` (ReLU, batch 64) timed in three parts, as `npm run bench -- --profile`
 * does in Node: the epoch's batches forward only, forward and backward, then the optimizer's
 * update alone (with SGD on the WebAssembly backend the update includes computing dL/dW, which
 * is fused into it). A warm-up pass first, so the engine's optimised code is measured.
 */
export function profileEpoch(backend: KernelBackend, train: LabelledImages, hidden: number[], optimizer: OptimizerName, learningRate: number): EpochSplit {
  const net = createNetwork({ sizes: [784, ...hidden, 10], activation: 'relu', seed: 1 });
  const session = backend.createSession(net, train, { name: optimizer, learningRate, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 64);
  const order = new Uint32Array(train.count).map((_, k) => k);
  shuffleInPlace(order, createRng(1));
  const rows = new Uint32Array(64);
  const epoch = (work: (size: number) => void): number => {
    const started = performance.now();
    for (let start = 0; start < train.count; start += 64) {
      const size = Math.min(64, train.count - start);
      rows.set(order.subarray(start, start + size));
      work(size);
    }
    return (performance.now() - started) / 1000;
  };
  epoch((size) => session.forward(rows, size));
  const forward = epoch((size) => session.forward(rows, size));
  const both = epoch((size) => session.forwardBackward(rows, size));
  // The update alone, after each batch's forward and backward (which are timed and subtracted).
  let update = 0;
  epoch((size) => {
    session.forwardBackward(rows, size);
    const started = performance.now();
    session.update(learningRate);
    update += (performance.now() - started) / 1000;
  });
  session.dispose();
  return { forward, backward: Math.max(0, both - forward), update };
}
