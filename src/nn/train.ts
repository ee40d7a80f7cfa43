/**
 * `train()`: a whole run in one call, as the CLI and the bench use it — a thin asynchronous loop
 * over the steppable trainer (`trainer.ts`) with per-batch and per-epoch callbacks, optional test
 * evaluation after every epoch, cancellation and a pause gate between batches.
 */
import type { LabelledImages } from './batch.ts';
import type { Network } from './network.ts';
import { createTrainer, type EpochResult, type TrainerOptions } from './trainer.ts';

/** A run's settings (see `TrainerOptions`) and the hooks of a whole run. */
export interface TrainOptions extends TrainerOptions {
  /** Evaluated after every epoch when given. */
  test?: LabelledImages;
  /** Checked between batches; set `aborted` to stop (an AbortSignal works). */
  signal?: { readonly aborted: boolean };
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (result: EpochResult) => void;
  /** Hand control back to the event loop this often (ms) so messages get through. 0 = never. */
  yieldEveryMs?: number;
  /** Asked between batches; a returned promise holds training until it resolves (pause / resume). */
  gate?: () => Promise<void> | undefined;
}

/** Reported after every batch. */
export interface BatchProgress {
  /** 1-based epoch and 0-based batch within it. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Mean loss and accuracy of this batch. */
  loss: number;
  accuracy: number;
  /** Samples trained so far in the whole run. */
  samplesSeen: number;
}

/** How a run ended: completed, cancelled between batches, or diverged (with the reason and a suggestion). */
export type TrainResult =
  | { status: 'completed'; epochs: EpochResult[] }
  | { status: 'cancelled'; epochs: EpochResult[]; epoch: number; batch: number }
  | { status: 'diverged'; epochs: EpochResult[]; epoch: number; batch: number; loss: number; reason: string; suggestion: string };

/**
 * Trains `net` and writes the trained weights back into it (also when cancelled or diverged:
 * then they are the weights before the batch that stopped the run). Resolves with how the run
 * ended; never throws for divergence. Settings that cannot work throw before any work starts.
 */
export async function train(net: Network, trainSet: LabelledImages, options: TrainOptions): Promise<TrainResult> {
  const trainer = createTrainer(net, trainSet, options);
  const epochs: EpochResult[] = [];
  const yieldEvery = options.yieldEveryMs ?? 0;
  let lastYield = performance.now();
  let next = { epoch: 1, batch: 0 };
  try {
    for (;;) {
      const hold = options.gate?.();
      if (hold) await hold;
      if (options.signal?.aborted) return { status: 'cancelled', epochs, ...next };
      const result = trainer.step();
      if (result.kind === 'batch') {
        next = { epoch: result.epoch, batch: result.batch + 1 };
        options.onBatch?.(result);
      } else if (result.kind === 'epoch') {
        next = { epoch: result.result.epoch + 1, batch: 0 };
        if (options.test) {
          const evaluation = trainer.evaluate(options.test);
          result.result.testAccuracy = evaluation.accuracy;
          result.result.testLoss = evaluation.loss;
        }
        epochs.push(result.result);
        options.onEpoch?.(result.result);
      } else if (result.kind === 'diverged') {
        const { kind: _, ...where } = result;
        return { status: 'diverged', epochs, ...where };
      } else {
        return { status: 'completed', epochs };
      }
      if (yieldEvery > 0 && performance.now() - lastYield >= yieldEvery) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
  } finally {
    const trained = trainer.snapshot();
    net.layers.forEach((layer, l) => {
      layer.W.set(trained.layers[l].W);
      layer.b.set(trained.layers[l].b);
    });
    trainer.dispose();
  }
}
