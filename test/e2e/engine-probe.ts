/**
 * One training probe, run identically in Node and in Chromium: `batches` batches (or whole
 * epochs) of a network from fixed seeds, returning every batch loss, a hash of the final
 * weights' bits, the test accuracy and the training speed.
 */
import { createNetwork, createTrainer, type BackendChoice, type KernelBackend, type LabelledImages, type OptimizerName, type Schedule } from '../../src/nn/index.ts';

export interface ProbeConfig {
  backend: BackendChoice;
  hidden: number[];
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  /** Stop after this many batches (0: run every epoch). */
  batches: number;
  schedule?: Schedule;
}

export interface ProbeResult {
  backend: string;
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
  return { backend: trainer.backendName, losses, weightsHash: hash.toString(16), testAccuracy, samplesPerSecond: seconds > 0 ? samples / seconds : 0, trainSeconds: seconds };
}
