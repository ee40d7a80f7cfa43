/**
 * The training run behind the worker, independent of any Worker API so it runs (and is tested)
 * in Node too: it takes `ToWorker` messages and posts `FromWorker` messages. Progress is
 * throttled (a message per `progressEveryMs`, and always the last batch of an epoch) so the page
 * is never flooded; pause and stop take effect between batches.
 */
import { createNetwork, train, type LabelledImages } from '../nn/index.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

export interface RunnerOptions {
  /** Supplies the training and test sets (loaded once; the worker fetches them, tests pass them in). */
  data: () => Promise<{ train: LabelledImages; test: LabelledImages }>;
  post: (message: FromWorker) => void;
  progressEveryMs?: number;
}

export function createRunner(options: RunnerOptions): { receive(message: ToWorker): Promise<void> } {
  const throttle = options.progressEveryMs ?? 100;
  let current: { runId: number; controller: AbortController; paused: boolean; wake: (() => void) | null } | null = null;

  const start = async (runId: number, config: Extract<ToWorker, { type: 'start' }>['config']): Promise<void> => {
    if (current) current.controller.abort();
    const run = { runId, controller: new AbortController(), paused: false, wake: null as (() => void) | null };
    current = run;
    try {
      const { train: trainSet, test } = await options.data();
      const net = createNetwork({ sizes: [trainSet.rows * trainSet.cols, ...config.hidden, 10], activation: config.activation, seed: config.seed });
      let lastPost = -Infinity;
      const result = await train(net, trainSet, {
        optimizer: config.optimizer,
        batchSize: config.batchSize,
        epochs: config.epochs,
        shuffleSeed: config.seed,
        schedule: config.schedule,
        test,
        signal: run.controller.signal,
        yieldEveryMs: 30,
        gate: () => (run.paused ? new Promise<void>((resume) => (run.wake = resume)) : undefined),
        onBatch: (p) => {
          const now = performance.now();
          if (now - lastPost < throttle && p.batch + 1 < p.batchesPerEpoch) return;
          lastPost = now;
          options.post({ type: 'progress', runId, ...p });
        },
        onEpoch: (result) => options.post({ type: 'epoch', runId, result }),
      });
      if (result.status === 'diverged') options.post({ type: 'diverged', runId, reason: result.reason, suggestion: result.suggestion, epochs: result.epochs });
      else options.post({ type: 'done', runId, status: result.status, epochs: result.epochs });
    } catch (error) {
      options.post({ type: 'error', runId, message: (error as Error).message });
    } finally {
      if (current === run) current = null;
    }
  };

  return {
    async receive(message) {
      if (message.type === 'start') return start(message.runId, message.config);
      const run = current;
      if (!run || run.runId !== message.runId) return; // a message for a run that has ended
      if (message.type === 'stop') {
        run.controller.abort();
        run.paused = false;
        run.wake?.();
      } else if (message.type === 'pause' && !run.paused) {
        run.paused = true;
        options.post({ type: 'paused', runId: run.runId });
      } else if (message.type === 'resume' && run.paused) {
        run.paused = false;
        run.wake?.();
        run.wake = null;
        options.post({ type: 'resumed', runId: run.runId });
      }
    },
  };
}
